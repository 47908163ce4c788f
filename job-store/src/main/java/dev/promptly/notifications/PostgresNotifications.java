package dev.promptly.notifications;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.SmartLifecycle;

/**
 * LISTENs on the channels its subscribers name, for the notifications sent when a transaction
 * commits (by a trigger or a {@code pg_notify}), and hands each to its channel's subscriber: a new
 * webhook event, a changed budget, a job's live event. It holds one connection of its own, outside
 * the pool, for all channels, and none while nobody subscribed. When that connection fails, each
 * subscriber is told it is deaf until the connection is back (and then that it may have missed
 * notifications meanwhile), and this reconnects. Behind a transaction-pooling PgBouncer it connects
 * to {@link NotificationsProperties#directUrl()} instead.
 */
public class PostgresNotifications implements SmartLifecycle {
  /** What the notifications of one channel go to; called on the listening thread. */
  public interface Subscriber {
    /** Listening (again): notifications sent before now may have been missed. */
    void listening();

    /** Not listening (the connection failed or is not open yet): nothing arrives until then. */
    void deaf();

    /** A notification on the channel, with its payload ({@code ""} when it has none). */
    void notified(String payload);
  }

  private static final Logger log = LoggerFactory.getLogger(PostgresNotifications.class);
  private static final int WAIT_MS = 10_000;
  private static final long RECONNECT_PAUSE_MS = 5_000;

  private final JdbcConnectionDetails database;
  private final String url;
  private final Map<String, List<Subscriber>> subscribers = new LinkedHashMap<>();
  private volatile boolean running;
  private Thread listener;

  public PostgresNotifications(JdbcConnectionDetails database, NotificationsProperties properties) {
    this.database = database;
    this.url = properties.listenUrl(database.getJdbcUrl());
  }

  /**
   * Subscribes to {@code channel}, a constant SQL identifier (it is written into {@code LISTEN});
   * call before the context starts.
   */
  public synchronized void subscribe(String channel, Subscriber subscriber) {
    if (!channel.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("not a channel name: " + channel);
    }
    if (listener != null) {
      throw new IllegalStateException("subscribe before the notifications start");
    }
    subscribers.computeIfAbsent(channel, name -> new ArrayList<>()).add(subscriber);
  }

  @Override
  public synchronized void start() {
    running = true;
    if (subscribers.isEmpty()) {
      return;
    }
    listener = Thread.ofVirtual().name("postgres-notifications").start(this::run);
  }

  @Override
  public synchronized void stop() {
    running = false;
    if (listener != null) {
      listener.interrupt();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void run() {
    while (running) {
      try (Connection connection =
          DriverManager.getConnection(url, database.getUsername(), database.getPassword())) {
        listen(connection);
      } catch (SQLException e) {
        if (running) {
          log.warn("Postgres notifications unavailable ({}); polling only", e.getMessage());
        }
      } finally {
        everySubscriber(Subscriber::deaf);
      }
      try {
        Thread.sleep(RECONNECT_PAUSE_MS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void listen(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (String channel : subscribers.keySet()) {
        statement.execute("LISTEN " + channel);
      }
    }
    everySubscriber(Subscriber::listening);
    PGConnection notifications = connection.unwrap(PGConnection.class);
    while (running) {
      PGNotification[] received = notifications.getNotifications(WAIT_MS);
      if (received != null && received.length > 0) {
        for (PGNotification notification : received) {
          String payload = notification.getParameter() == null ? "" : notification.getParameter();
          for (Subscriber subscriber :
              subscribers.getOrDefault(notification.getName(), List.of())) {
            subscriber.notified(payload);
          }
        }
      } else if (!connection.isValid(2)) {
        throw new SQLException("notification connection is no longer valid");
      }
    }
  }

  private void everySubscriber(Consumer<Subscriber> action) {
    subscribers.values().forEach(channel -> channel.forEach(action));
  }
}
