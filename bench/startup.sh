#!/usr/bin/env bash
# Start-up to readiness alone (the benchmark's S6, without its other scenarios): starts the LLM
# emulator, the API and a worker RUNS times each, one at a time, on free ports against a private
# database, RabbitMQ vhost and Redis key prefix, and prints each time and the median per service.
#
#   ./bench/startup.sh [--runs N] [--layout jar|aot|both] [--no-build]
#
#   --layout jar   java -jar <service>.jar, as bench/run.sh starts them (the default)
#   --layout aot   each jar extracted (java -Djarmode=tools extract) and started with the JDK AOT
#                  cache of a training run (-XX:AOTCacheOutput, then -XX:AOTCache), as ./promptly
#                  starts them; the training runs are not counted
#   --layout both  jar and aot starts alternately, so both see the same machine (an A/B)
# Environment: PROMPTLY_BENCH_JAVA_OPTS (default -XX:+UseSerialGC, as bench/run.sh).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS=5 LAYOUT=jar BUILD=1
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS="$2"; shift ;;
    --layout) LAYOUT="$2"; shift ;;
    --no-build) BUILD=0 ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "startup: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
case "$LAYOUT" in jar|aot|both) ;; *) echo "startup: --layout is jar, aot or both" >&2; exit 2 ;; esac

PG_HOST="${PGHOST:-127.0.0.1}" PG_PORT="${PGPORT:-5432}" PG_USER="${PGUSER:-postgres}"
JAVA_OPTS="${PROMPTLY_BENCH_JAVA_OPTS:--XX:+UseSerialGC}"
RUN="$(mktemp -d /tmp/promptly-startup-XXXXXX)"
ID="startup_$(date +%s)_$$"
DB="promptly_$ID" VHOST="promptly-$ID" PREFIX="promptly-$ID:"
PIDS=()

say() { printf '%s\n' "$*"; }
die() { printf 'startup: %s\n' "$*" >&2; exit 1; }
psql_admin() { psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -qtAc "$1"; }
rabbitmqctl_bin() { command -v rabbitmqctl || echo /usr/sbin/rabbitmqctl; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  psql_admin "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  "$(rabbitmqctl_bin)" -q delete_vhost "$VHOST" >/dev/null 2>&1 || true
  rm -rf "$RUN"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

JAVA="$("$ROOT/promptly" java-home)/bin/java"
if [ "$BUILD" = 1 ]; then
  "$ROOT/promptly" mvn -q package -DskipTests -Dspotless.check.skip=true \
    -pl api-service,worker-service,llm-emulator -am
fi
psql_admin "CREATE DATABASE $DB" >/dev/null
"$(rabbitmqctl_bin)" -q add_vhost "$VHOST" >/dev/null
"$(rabbitmqctl_bin)" -q set_permissions -p "$VHOST" guest '.*' '.*' '.*' >/dev/null
export PROMPTLY_DB_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$DB" PROMPTLY_DB_USER="$PG_USER"
export PROMPTLY_RABBIT_VHOST="$VHOST" PROMPTLY_REDIS_KEY_PREFIX="$PREFIX"

jar_of() {
  case "$1" in
    emulator) echo "$ROOT/llm-emulator/target/llm-emulator-exec.jar" ;;
    api) echo "$ROOT/api-service/target/api-service.jar" ;;
    worker) echo "$ROOT/worker-service/target/worker-service.jar" ;;
  esac
}
ready_path() { [ "$1" = emulator ] && echo /actuator/health || echo /actuator/health/readiness; }

# launch LAYOUT NAME PORT EXTRA_JVM_OPTIONS... : starts the service; sets PID
launch() {
  local layout="$1" name="$2" port="$3"
  shift 3
  local target=(-jar "$(jar_of "$name")")
  [ "$layout" = aot ] && target=(-jar "$RUN/$name/$(basename "$(jar_of "$name")")")
  # shellcheck disable=SC2086
  "$JAVA" $JAVA_OPTS -Xmx768m "$@" "${target[@]}" --server.port="$port" \
    >>"$RUN/$name.log" 2>&1 </dev/null &
  PID=$!
  PIDS+=("$PID")
}

# measure LAYOUT NAME : one start to readiness; sets MS
measure() {
  local layout="$1" name="$2" port t0
  port="$(free_port)"
  t0="$(date +%s%N)"
  if [ "$layout" = aot ]; then
    launch aot "$name" "$port" "-XX:AOTCache=$RUN/$name.aot"
  else
    launch jar "$name" "$port"
  fi
  until curl -fsS -o /dev/null --max-time 1 "http://127.0.0.1:$port$(ready_path "$name")" 2>/dev/null; do
    kill -0 "$PID" 2>/dev/null || { tail -n 40 "$RUN/$name.log" >&2; die "$name exited during start-up"; }
    sleep 0.05
  done
  MS=$(( ($(date +%s%N) - t0) / 1000000 ))
  CPU_MS="$(cpu_ms "$PID")"
  kill "$PID"; wait "$PID" 2>/dev/null || true
}

# cpu_ms PID : the CPU time (user + system, all threads) the process has used so far, in ms; on a
# loaded machine the wall time to readiness grows with the load, this much less
cpu_ms() {
  local ticks
  ticks="$(getconf CLK_TCK)"
  awk -v t="$ticks" '{sub(/^.*\) /, ""); print int(($12 + $13) * 1000 / t)}' "/proc/$1/stat"
}

# train NAME : extracts the jar and records its AOT cache over one start to readiness
train() {
  local name="$1" port
  "$JAVA" -Djarmode=tools -jar "$(jar_of "$name")" extract --destination "$RUN/$name" >/dev/null
  port="$(free_port)"
  launch aot "$name" "$port" "-XX:AOTCacheOutput=$RUN/$name.aot"
  until curl -fsS -o /dev/null --max-time 1 "http://127.0.0.1:$port$(ready_path "$name")" 2>/dev/null; do
    kill -0 "$PID" 2>/dev/null || { tail -n 40 "$RUN/$name.log" >&2; die "$name exited during training"; }
    sleep 0.2
  done
  kill "$PID"; wait "$PID" 2>/dev/null || true # the cache is written as the JVM exits
  [ -f "$RUN/$name.aot" ] || die "no AOT cache for $name; see $RUN/$name.log"
}

say "layout $LAYOUT, $RUNS runs each, JVM options: $JAVA_OPTS; load average $(cut -d' ' -f1-3 /proc/loadavg)"
# The API first: it migrates the private database that the worker checks.
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }
layouts=("$LAYOUT")
[ "$LAYOUT" = both ] && layouts=(jar aot)
for name in emulator api worker; do
  [ "$LAYOUT" = jar ] || train "$name"
  jar_times=() aot_times=() jar_cpu=() aot_cpu=()
  for _ in $(seq 1 "$RUNS"); do
    for layout in "${layouts[@]}"; do
      measure "$layout" "$name"
      if [ "$layout" = jar ]; then jar_times+=("$MS") jar_cpu+=("$CPU_MS"); else aot_times+=("$MS") aot_cpu+=("$CPU_MS"); fi
    done
  done
  [ ${#jar_times[@]} -eq 0 ] ||
    say "$name jar: ${jar_times[*]} ms; median $(median "${jar_times[@]}") ms; CPU median $(median "${jar_cpu[@]}") ms"
  [ ${#aot_times[@]} -eq 0 ] ||
    say "$name aot: ${aot_times[*]} ms; median $(median "${aot_times[@]}") ms; CPU median $(median "${aot_cpu[@]}") ms"
done
say "load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
