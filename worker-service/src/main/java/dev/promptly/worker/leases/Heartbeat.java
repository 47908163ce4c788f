package dev.promptly.worker.leases;

import dev.promptly.worker.calls.InFlightJobs;
import dev.promptly.worker.calls.InFlightJobs.AbortReason;
import dev.promptly.worker.calls.InFlightJobs.Call;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Renews the leases of the jobs whose model calls this worker is making, all in one statement per
 * beat, and abandons the calls of jobs that were cancelled meanwhile or are no longer ours.
 *
 * <p>It stops after the listener containers, which give in-flight jobs the shutdown grace first;
 * from then on no lease is renewed and calls still running are abandoned, so their jobs are left to
 * the reaper of another worker, and never marked failed.
 */
public class Heartbeat implements SmartLifecycle {
  /** Listener containers stop in phase {@link Integer#MAX_VALUE}; a lower phase stops later. */
  static final int PHASE = Integer.MAX_VALUE - 1000;

  private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);

  private final InFlightJobs inFlight;
  private final JdbcClient jdbc;
  private final LeaseProperties lease;
  private final WorkerId me;
  private final Clock clock;
  // Held while a beat runs: once stop() has had it, no renewal can follow.
  private final ReentrantLock beating = new ReentrantLock();
  private volatile boolean running;
  // Its own executor, not a Spring scheduler: those stop at the first sign of shutdown, and the
  // heartbeat must go on while in-flight jobs use their grace.
  private ScheduledExecutorService executor;

  Heartbeat(
      InFlightJobs inFlight, JdbcClient jdbc, LeaseProperties lease, WorkerId me, Clock clock) {
    this.inFlight = inFlight;
    this.jdbc = jdbc;
    this.lease = lease;
    this.me = me;
    this.clock = clock;
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    executor =
        Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("heartbeat").factory());
    long interval = lease.heartbeatInterval().toMillis();
    executor.scheduleWithFixedDelay(this::beatSafely, interval, interval, TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    if (executor == null) {
      return;
    }
    beating.lock();
    try {
      running = false;
    } finally {
      beating.unlock();
    }
    executor.shutdown();
    executor = null;
    inFlight.abortAll(AbortReason.SHUTDOWN);
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  /** One beat: renew what runs here, and act on cancels and lost claims. */
  void beat() {
    beating.lock();
    try {
      Map<String, Call> calls = inFlight.running();
      if (!running || calls.isEmpty()) {
        return;
      }
      Map<String, Boolean> cancelRequested = renew(calls);
      calls.forEach(
          (jobId, call) -> {
            Boolean cancel = cancelRequested.get(jobId);
            if (cancel == null) {
              log.warn("job {} is no longer held by this worker; abandoning its model call", jobId);
              call.abort(AbortReason.LEASE_LOST);
            } else if (cancel) {
              log.info("job {}: cancel requested; abandoning its model call", jobId);
              call.abort(AbortReason.CANCEL_REQUESTED);
            }
          });
    } finally {
      beating.unlock();
    }
  }

  /** Pushes the leases of the jobs still ours; returns each one's cancel_requested. */
  private Map<String, Boolean> renew(Map<String, Call> calls) {
    return jdbc
        .sql(
            """
            UPDATE jobs SET lease_expires_at = :until
             WHERE worker_id = :me AND status = 'running' AND id IN (:ids)
            RETURNING id, cancel_requested
            """)
        .param("until", clock.instant().plus(lease.duration()).atOffset(ZoneOffset.UTC))
        .param("me", me.value())
        .param("ids", List.copyOf(calls.keySet()))
        .query((rs, row) -> Map.entry(rs.getString("id"), rs.getBoolean("cancel_requested")))
        .list()
        .stream()
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  private void beatSafely() {
    try {
      beat();
    } catch (RuntimeException e) {
      // A missed beat or two is what the lease's length allows for; the next one tries again.
      log.warn("lease heartbeat failed: {}", e.getMessage());
    }
  }
}
