# syntax=docker/dockerfile:1
# Promptly worker (queue consumers; management HTTP - health and Prometheus metrics - on 8081).
#
# Built from the repository root, after the jars are built (`./promptly build`):
#   docker build -f docker/worker-service.Dockerfile -t promptly/worker-service:0.1.0 .
# (docker compose does this for you; see docs/deploy.md.)

# Spring Boot's tools jar mode splits the fat jar into layers ordered by how often they change, so
# a code change rebuilds only the small application layer. Without Boot's launcher it writes a plain
# application.jar whose manifest puts lib/*.jar on the class path: the form a JDK AOT cache needs,
# since the JVM caches only classes that its own class loaders read from jar files.
FROM eclipse-temurin:25.0.1_8-jre-alpine-3.23 AS layers
WORKDIR /build
COPY worker-service/target/worker-service.jar application.jar
RUN java -Djarmode=tools -jar application.jar extract --layers --destination extracted

# A JRE, not a JDK, on Alpine: the smallest Temurin image, and it has busybox wget for HEALTHCHECK.
FROM eclipse-temurin:25.0.1_8-jre-alpine-3.23
# A fixed numeric id, so Kubernetes' runAsNonRoot can verify it without a passwd lookup.
RUN addgroup -S -g 10001 promptly && adduser -S -D -H -u 10001 -G promptly -h /app promptly
WORKDIR /app
# Owned by root and read-only to the app: the process cannot rewrite its own code.
COPY --from=layers /build/extracted/dependencies/ ./
COPY --from=layers /build/extracted/snapshot-dependencies/ ./
COPY --from=layers /build/extracted/application/ ./
# The heap follows the container's memory limit instead of the host's; an OutOfMemoryError ends the
# process so the orchestrator restarts it rather than leaving a half-working JVM. The java launcher
# reads JDK_JAVA_OPTIONS itself, so the exec-form ENTRYPOINT below needs no shell and java is PID 1,
# receiving SIGTERM directly (graceful shutdown). Override the whole variable to tune it.
ENV JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=75.0 -XX:InitialRAMPercentage=50.0 -XX:+ExitOnOutOfMemoryError"
# The training run of a JDK AOT cache: the service starts until its context has refreshed and
# exits (spring.context.exit=onRefresh), and the JVM writes app.aot - the classes it loaded and
# linked, and their method profiles - which every start below loads instead of doing that work
# again. The cache belongs to this JDK and this class path, so it is made here, in the image. The
# run is pointed at closed ports so that it reaches no database, broker or Redis whatever network
# the build has; it needs none (it skips the schema check).
RUN PROMPTLY_DB_URL=jdbc:postgresql://127.0.0.1:9/training PROMPTLY_RABBIT_PORT=9 \
    PROMPTLY_REDIS_PORT=9 java -XX:AOTCacheOutput=app.aot -Dspring.context.exit=onRefresh \
    -jar application.jar \
  && test -s app.aot
USER 10001:10001
EXPOSE 8081
HEALTHCHECK --interval=10s --timeout=3s --start-period=90s --retries=3 \
  CMD wget -q -O /dev/null http://127.0.0.1:8081/actuator/health/readiness || exit 1
ENTRYPOINT ["java", "-XX:AOTCache=app.aot", "-jar", "application.jar"]
