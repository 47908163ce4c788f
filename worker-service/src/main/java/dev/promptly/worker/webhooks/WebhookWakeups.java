package dev.promptly.worker.webhooks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.SmartLifecycle;

/**
 * LISTENs for the notification a new or redelivered webhook event sends when its transaction
 * commits (a trigger on {@code webhook_events}), and wakes the dispatcher: an event goes out
 * milliseconds after the job ends, whichever process ended it, instead of at the next poll. It
 * holds one connection of its own, outside the pool. When that connection fails the dispatcher
 * still polls, and this reconnects.
 */
class WebhookWakeups implements SmartLifecycle {
  static final String CHANNEL = "promptly_webhook_events";
  private static final Logger log = LoggerFactory.getLogger(WebhookWakeups.class);
  private static final int WAIT_MS = 10_000;
  private static final long RECONNECT_PAUSE_MS = 5_000;

  private final JdbcConnectionDetails database;
  private final Runnable wake;
  private volatile boolean running;
  private Thread listener;

  WebhookWakeups(JdbcConnectionDetails database, Runnable wake) {
    this.database = database;
    this.wake = wake;
  }

  @Override
  public synchronized void start() {
    running = true;
    listener = Thread.ofVirtual().name("webhook-listener").start(this::run);
  }

  @Override
  public synchronized void stop() {
    running = false;
    listener.interrupt();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void run() {
    while (running) {
      try (Connection connection =
          DriverManager.getConnection(
              database.getJdbcUrl(), database.getUsername(), database.getPassword())) {
        listen(connection);
      } catch (SQLException e) {
        if (running) {
          log.warn("webhook notifications unavailable ({}); polling only", e.getMessage());
        }
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
      statement.execute("LISTEN " + CHANNEL);
    }
    // Events that arrived while nobody listened.
    wake.run();
    PGConnection notifications = connection.unwrap(PGConnection.class);
    while (running) {
      PGNotification[] received = notifications.getNotifications(WAIT_MS);
      if (received != null && received.length > 0) {
        wake.run();
      } else if (!connection.isValid(2)) {
        throw new SQLException("notification connection is no longer valid");
      }
    }
  }
}
