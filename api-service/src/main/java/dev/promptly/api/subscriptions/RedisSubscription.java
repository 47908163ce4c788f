package dev.promptly.api.subscriptions;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.data.redis.listener.Topic;

/**
 * The instance's one Redis subscription, shared by the features that listen (live job events, API
 * key changes). It starts in the background and keeps trying until it holds, so the API starts and
 * serves while Redis is down (Redis is an accelerator): until then each listener's feature falls
 * back on Postgres. Once subscribed, the container itself recovers from later outages. Without
 * Redis ({@code promptly.redis.enabled=false}) it never subscribes and never listens.
 */
public class RedisSubscription implements SmartLifecycle, DisposableBean {
  private static final Logger log = LoggerFactory.getLogger(RedisSubscription.class);
  private static final Duration RETRY = Duration.ofSeconds(2);

  private final RedisMessageListenerContainer container;
  private final boolean enabled;
  private volatile boolean running;
  private volatile Thread starter;

  RedisSubscription(RedisMessageListenerContainer container, boolean enabled) {
    this.container = container;
    this.enabled = enabled;
  }

  /** Adds a listener; call while the context is built, before the subscription starts. */
  public void listen(MessageListener listener, Topic topic) {
    container.addMessageListener(listener, topic);
  }

  /** Whether messages published now reach this instance's listeners. */
  public boolean isListening() {
    return running && container.isRunning() && container.isListening();
  }

  /** Subscribes before the API takes requests when Redis is there; otherwise in the background. */
  @Override
  public void start() {
    running = true;
    if (enabled && !tryToSubscribe(true)) {
      starter = Thread.ofVirtual().name("redis-subscribe").start(this::keepTrying);
    }
  }

  @Override
  public void stop() {
    running = false;
    Thread current = starter;
    if (current != null) {
      current.interrupt();
    }
    if (enabled) {
      container.stop();
    }
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
        log.info("subscribed to Redis (live job events, API key changes)");
        return true;
      }
    } catch (RuntimeException e) {
      if (first) {
        log.warn("cannot subscribe to Redis yet, retrying: {}", e.getMessage());
      }
    }
    // A failed start leaves the container marked started; stop it so the next try subscribes.
    container.stop();
    return false;
  }
}
