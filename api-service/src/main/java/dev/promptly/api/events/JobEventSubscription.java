package dev.promptly.api.events;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * Starts the instance's Redis subscription in the background and keeps trying until it holds, so
 * the API starts and serves while Redis is down (Redis is an accelerator): until then streams get
 * their statuses from Postgres at every heartbeat, without deltas. Once subscribed, the container
 * itself recovers from later outages.
 */
class JobEventSubscription implements SmartLifecycle, DisposableBean {
  private static final Logger log = LoggerFactory.getLogger(JobEventSubscription.class);
  private static final Duration RETRY = Duration.ofSeconds(2);

  private final RedisMessageListenerContainer container;
  private volatile boolean running;
  private volatile Thread starter;

  JobEventSubscription(RedisMessageListenerContainer container) {
    this.container = container;
  }

  /** Subscribes before the API takes requests when Redis is there; otherwise in the background. */
  @Override
  public void start() {
    running = true;
    if (!tryToSubscribe(true)) {
      starter = Thread.ofVirtual().name("job-events-subscribe").start(this::keepTrying);
    }
  }

  @Override
  public void stop() {
    running = false;
    Thread current = starter;
    if (current != null) {
      current.interrupt();
    }
    container.stop();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public void destroy() throws Exception {
    container.destroy();
  }

  private void keepTrying() {
    while (running && !tryToSubscribe(false)) {
      try {
        Thread.sleep(RETRY);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private boolean tryToSubscribe(boolean first) {
    try {
      container.start();
      if (container.isListening()) {
        log.info("subscribed to live job events");
        return true;
      }
    } catch (RuntimeException e) {
      if (first) {
        log.warn("cannot subscribe to live job events yet, retrying: {}", e.getMessage());
      }
    }
    // A failed start leaves the container marked started; stop it so the next try subscribes.
    container.stop();
    return false;
  }
}
