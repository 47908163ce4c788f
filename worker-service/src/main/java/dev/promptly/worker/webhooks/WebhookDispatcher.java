package dev.promptly.worker.webhooks;

import dev.promptly.tracing.TraceContexts;
import dev.promptly.webhooks.WebhookProperties;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Claims due webhook events and delivers them on a pool of its own: at most {@code concurrency}
 * attempts at once, each on a virtual thread, none on a job consumer's thread, so a slow receiver
 * never delays an LLM job. It looks for due events every {@code poll-interval} and at once when
 * {@link #wake()} is called (a Postgres notification, or a finished attempt while saturated).
 */
class WebhookDispatcher implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

  private final WebhookEvents events;
  private final WebhookDelivery delivery;
  private final WebhookProperties properties;
  private final Clock clock;
  private final TraceContexts traces;
  private final Semaphore slots;
  // Holds at most one wake-up: any number of wake() calls before the next look make one look.
  private final LinkedBlockingQueue<Boolean> wakeups = new LinkedBlockingQueue<>(1);
  private volatile boolean running;
  private volatile boolean saturated;
  private Thread loop;
  private ExecutorService pool;

  WebhookDispatcher(
      WebhookEvents events,
      WebhookDelivery delivery,
      WebhookProperties properties,
      Clock clock,
      TraceContexts traces) {
    this.events = events;
    this.delivery = delivery;
    this.properties = properties;
    this.clock = clock;
    this.traces = traces;
    this.slots = new Semaphore(properties.concurrency());
  }

  /** Asks for a look at due events now instead of at the next poll. */
  void wake() {
    wakeups.offer(Boolean.TRUE);
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    pool = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("webhook-", 0).factory());
    loop = Thread.ofVirtual().name("webhook-dispatcher").start(this::run);
  }

  @Override
  public synchronized void stop() {
    if (!running) {
      return;
    }
    running = false;
    loop.interrupt();
    pool.shutdown();
    try {
      // Attempts in flight end within their timeout; an event cut short is attempted again by
      // whichever worker claims it after its lease.
      if (!pool.awaitTermination(properties.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS)) {
        pool.shutdownNow();
      }
      loop.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      pool.shutdownNow();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void run() {
    while (running) {
      try {
        wakeups.poll(properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        dispatchDue();
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // A database outage: keep the loop alive, the next look tries again.
        log.warn("webhook dispatch pass failed: {}", e.getMessage());
      }
    }
  }

  /** Claims as many due events as there are free slots, until none are left due. */
  void dispatchDue() {
    while (running) {
      int free = slots.availablePermits();
      if (free == 0) {
        saturated = true;
        return;
      }
      int wanted = Math.min(free, properties.batchSize());
      Instant now = clock.instant();
      List<ClaimedEvent> claimed = events.claim(wanted, now, now.plus(properties.lease()));
      for (ClaimedEvent event : claimed) {
        // Only this thread takes slots, so the ones counted free above are still free.
        slots.acquireUninterruptibly();
        pool.execute(() -> attempt(event));
      }
      if (claimed.size() < wanted) {
        saturated = false;
        return;
      }
    }
  }

  private void attempt(ClaimedEvent event) {
    try {
      // A span of the job's own trace, however long after the job it runs.
      traces.runUnder(
          event.traceparent(),
          "webhook delivery",
          event.jobId() == null
              ? Map.of("batch.id", event.batchId(), "webhook.id", event.id())
              : Map.of("job.id", event.jobId(), "webhook.id", event.id()),
          () -> delivery.attempt(event));
    } catch (RuntimeException e) {
      // Unrecorded: the event stays leased and is attempted again once the lease runs out.
      log.warn("webhook {} of {}: attempt failed: {}", event.id(), event.subject(), e.toString());
    } finally {
      slots.release();
      if (saturated) {
        wake();
      }
    }
  }
}
