package dev.promptly.notifications;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.SmartLifecycle;

/**
 * Sends Postgres notifications over one connection of its own, outside the pool and outside any
 * transaction: each statement commits at once, so listeners get it at once. Its own connection
 * because callers send from after-commit callbacks, where the pooled connection of the finished
 * transaction is still bound to the thread (a statement there would open a transaction nobody
 * commits) and taking a second pooled one could wait on a pool the callers themselves exhaust.
 * Notifications sent through it arrive in the order they were sent.
 */
public class PostgresNotifier implements SmartLifecycle, AutoCloseable {
  /** Postgres refuses a payload of 8000 bytes or more. */
  public static final int MAX_PAYLOAD_BYTES = 7999;

  private final JdbcConnectionDetails database;
  private final boolean openAtStart;
  private final ReentrantLock lock = new ReentrantLock();
  private Connection connection;
  private volatile boolean running;

  /**
   * @param openAtStart whether to open the connection when the context starts (where this is the
   *     transport of live events: the first watch mark or event then costs one round trip, not a
   *     connection set-up that a worker deciding whether to stream would not wait for)
   */
  public PostgresNotifier(JdbcConnectionDetails database, boolean openAtStart) {
    this.database = database;
    this.openAtStart = openAtStart;
  }

  @Override
  public void start() {
    running = true;
    if (!openAtStart) {
      return;
    }
    lock.lock();
    try {
      open();
    } catch (SQLException e) {
      // The first send tries again.
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void stop() {
    running = false;
    close();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /**
   * Sends {@code payloads} on {@code channel}, in their order, in one statement.
   *
   * @throws SQLException when Postgres cannot be reached or refuses a payload; the next call opens
   *     a new connection
   */
  public void send(String channel, List<String> payloads) throws SQLException {
    if (payloads.isEmpty()) {
      return;
    }
    lock.lock();
    try {
      Connection open = open();
      // unnest yields the array in its order, and pg_notify runs once per row in that order.
      try (PreparedStatement statement =
          open.prepareStatement("SELECT pg_notify(?, payload) FROM unnest(?::text[]) AS payload")) {
        statement.setString(1, channel);
        statement.setArray(2, open.createArrayOf("text", payloads.toArray()));
        try (ResultSet ignored = statement.executeQuery()) {
          // pg_notify returns void; the rows carry nothing.
        }
      } catch (SQLException e) {
        closeQuietly();
        throw e;
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closeQuietly();
    } finally {
      lock.unlock();
    }
  }

  private Connection open() throws SQLException {
    if (connection == null || connection.isClosed()) {
      connection =
          DriverManager.getConnection(
              database.getJdbcUrl(), database.getUsername(), database.getPassword());
      connection.setAutoCommit(true);
    }
    return connection;
  }

  private void closeQuietly() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        // Broken already; a new one is opened on the next send.
      }
      connection = null;
    }
  }
}
