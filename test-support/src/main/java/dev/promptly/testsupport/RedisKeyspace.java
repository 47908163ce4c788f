package dev.promptly.testsupport;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * A key prefix of a test's own on the shared Redis ({@code PROMPTLY_TEST_REDIS_HOST}/{@code _PORT},
 * else 127.0.0.1:6379); its keys are deleted on {@link #close()} or when the JVM exits. Redis
 * itself is never stopped or reconfigured.
 */
public final class RedisKeyspace implements AutoCloseable {
  private final String host;
  private final int port;
  private final String prefix;
  private final Thread cleanup = new Thread(this::close, "redis-keyspace-cleanup");
  private boolean closed;

  private RedisKeyspace(String host, int port, String prefix) {
    this.host = host;
    this.port = port;
    this.prefix = prefix;
  }

  /** A fresh prefix {@code <name>-<random>:}. */
  public static RedisKeyspace unique(String name) {
    byte[] random = new byte[5];
    new SecureRandom().nextBytes(random);
    String host = env("PROMPTLY_TEST_REDIS_HOST", "127.0.0.1");
    int port = Integer.parseInt(env("PROMPTLY_TEST_REDIS_PORT", "6379"));
    RedisKeyspace keyspace =
        new RedisKeyspace(host, port, name + "-" + HexFormat.of().formatHex(random) + ":");
    Runtime.getRuntime().addShutdownHook(keyspace.cleanup);
    return keyspace;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public String prefix() {
    return prefix;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try (RedisClient redis = RedisClient.builder().hostAndPort(host, port).build()) {
      String cursor = ScanParams.SCAN_POINTER_START;
      ScanParams match = new ScanParams().match(prefix + "*").count(500);
      do {
        ScanResult<String> page = redis.scan(cursor, match);
        List<String> keys = page.getResult();
        if (!keys.isEmpty()) {
          redis.del(keys.toArray(String[]::new));
        }
        cursor = page.getCursor();
      } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    } catch (RuntimeException e) {
      System.err.println("could not delete redis keys " + prefix + "*: " + e.getMessage());
    }
    try {
      Runtime.getRuntime().removeShutdownHook(cleanup);
    } catch (IllegalStateException e) {
      // Already shutting down: this is the hook.
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
