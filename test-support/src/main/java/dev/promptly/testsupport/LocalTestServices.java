package dev.promptly.testsupport;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The shared local servers, with this run's own database, RabbitMQ vhost and Redis key prefix, all
 * removed again when the JVM exits. Host and ports come from {@code PROMPTLY_TEST_PG_*}, {@code
 * PROMPTLY_TEST_RABBIT_*} and {@code PROMPTLY_TEST_REDIS_*} or the defaults.
 */
record LocalTestServices(
    String jdbcUrl,
    String databaseName,
    String databaseUser,
    String databasePassword,
    String rabbitHost,
    int rabbitPort,
    String rabbitVirtualHost,
    String rabbitUser,
    String rabbitPassword,
    String redisHost,
    int redisPort,
    String redisKeyPrefix)
    implements TestServices {
  private static final Logger log = LoggerFactory.getLogger(LocalTestServices.class);

  static LocalTestServices prepare() {
    String runId = runId();
    String pgHost = env("PROMPTLY_TEST_PG_HOST", "127.0.0.1");
    int pgPort = Integer.parseInt(env("PROMPTLY_TEST_PG_PORT", "5432"));
    String pgUser = env("PROMPTLY_TEST_PG_USER", "postgres");
    String pgPassword = env("PROMPTLY_TEST_PG_PASSWORD", "");
    String database = "promptly_test_" + runId;
    String adminUrl = "jdbc:postgresql://" + pgHost + ":" + pgPort + "/postgres";
    executeSql(adminUrl, pgUser, pgPassword, "CREATE DATABASE " + database);
    String vhost = "promptly-test-" + runId;
    RabbitVirtualHosts.create(vhost, env("PROMPTLY_TEST_RABBIT_USER", "guest"));
    LocalTestServices services =
        new LocalTestServices(
            "jdbc:postgresql://" + pgHost + ":" + pgPort + "/" + database,
            database,
            pgUser,
            pgPassword,
            env("PROMPTLY_TEST_RABBIT_HOST", "127.0.0.1"),
            Integer.parseInt(env("PROMPTLY_TEST_RABBIT_PORT", "5672")),
            vhost,
            env("PROMPTLY_TEST_RABBIT_USER", "guest"),
            env("PROMPTLY_TEST_RABBIT_PASSWORD", "guest"),
            env("PROMPTLY_TEST_REDIS_HOST", "127.0.0.1"),
            Integer.parseInt(env("PROMPTLY_TEST_REDIS_PORT", "6379")),
            "promptly-test-" + runId + ":");
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> services.cleanUp(adminUrl), "test-services-cleanup"));
    log.info(
        "test run {}: database {}, vhost {}, redis prefix {}",
        runId,
        database,
        vhost,
        services.redisKeyPrefix());
    return services;
  }

  @Override
  public long unacknowledgedMessages() {
    return RabbitVirtualHosts.unacknowledged(rabbitVirtualHost);
  }

  private void cleanUp(String adminUrl) {
    try {
      executeSql(
          adminUrl,
          databaseUser,
          databasePassword,
          "DROP DATABASE IF EXISTS " + databaseName + " WITH (FORCE)");
    } catch (RuntimeException e) {
      log.warn("could not drop test database {}: {}", databaseName, e.getMessage());
    }
    RabbitVirtualHosts.delete(rabbitVirtualHost);
    deleteRedisKeys();
  }

  private void deleteRedisKeys() {
    try (RedisClient redis = RedisClient.builder().hostAndPort(redisHost, redisPort).build()) {
      String cursor = ScanParams.SCAN_POINTER_START;
      ScanParams match = new ScanParams().match(redisKeyPrefix + "*").count(500);
      do {
        ScanResult<String> page = redis.scan(cursor, match);
        List<String> keys = page.getResult();
        if (!keys.isEmpty()) {
          redis.del(keys.toArray(String[]::new));
        }
        cursor = page.getCursor();
      } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    } catch (RuntimeException e) {
      log.warn("could not delete redis keys {}*: {}", redisKeyPrefix, e.getMessage());
    }
  }

  static void executeSql(String url, String user, String password, String sql) {
    try (Connection connection = DriverManager.getConnection(url, user, password);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot run '" + sql + "' on " + url + ": " + e.getMessage(), e);
    }
  }

  private static String runId() {
    byte[] random = new byte[5];
    new SecureRandom().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
