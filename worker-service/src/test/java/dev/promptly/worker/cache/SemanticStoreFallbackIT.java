package dev.promptly.worker.cache;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.promptly.testsupport.TestInfrastructure;
import dev.promptly.testsupport.TestServices;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A database without pgvector: here one that opts out ({@code promptly.pgvector = off}), which V35
 * treats as a server without the extension. The migrations still apply, and the store says once
 * that the semantic cache is off.
 */
class SemanticStoreFallbackIT {
  private static final TestServices SERVICES = TestInfrastructure.shared();

  private final String database =
      "promptly_novector_" + UUID.randomUUID().toString().substring(0, 8);
  private JdbcTemplate admin;
  private JdbcTemplate template;
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeEach
  void createDatabaseWithoutPgvector() {
    admin = new JdbcTemplate(dataSource(SERVICES.jdbcUrl()));
    admin.execute("CREATE DATABASE " + database);
    admin.execute("ALTER DATABASE " + database + " SET promptly.pgvector = 'off'");
    String url = SERVICES.jdbcUrl().replace("/" + SERVICES.databaseName(), "/" + database);
    Flyway.configure()
        .dataSource(url, SERVICES.databaseUser(), SERVICES.databasePassword())
        .locations("classpath:db/migration")
        .load()
        .migrate();
    template = new JdbcTemplate(dataSource(url));
    logs.start();
    ((Logger) LoggerFactory.getLogger(SemanticStore.class)).addAppender(logs);
  }

  @AfterEach
  void dropDatabase() {
    ((Logger) LoggerFactory.getLogger(SemanticStore.class)).detachAppender(logs);
    admin.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
  }

  @Test
  void withoutPgvectorTheMigrationsApplyAndTheStoreIsOffWithOneLogLine() {
    SemanticStore store = new SemanticStore(template, 512, 100);

    assertThat(store.isAvailable()).isFalse();
    assertThat(
            template.queryForObject("SELECT to_regclass('semantic_cache_entries')", String.class))
        .isNull();
    assertThat(
            template.queryForObject(
                "SELECT count(*) FROM pg_extension WHERE extname = 'vector'", Long.class))
        .isZero();
    assertThat(
            template.queryForObject(
                "SELECT max(version::int) FROM flyway_schema_history WHERE success", Integer.class))
        .isGreaterThanOrEqualTo(38);
    assertThat(logs.list)
        .singleElement()
        .satisfies(event -> assertThat(event.getFormattedMessage()).contains("exact-only"));
  }

  @Test
  void vectorsOfAnotherLengthThanTheDatabaseTurnTheStoreOff() {
    Flyway.configure()
        .dataSource(SERVICES.jdbcUrl(), SERVICES.databaseUser(), SERVICES.databasePassword())
        .locations("classpath:db/migration")
        .load()
        .migrate();

    SemanticStore store =
        new SemanticStore(new JdbcTemplate(dataSource(SERVICES.jdbcUrl())), 256, 100);

    assertThat(store.isAvailable()).isFalse();
  }

  private DriverManagerDataSource dataSource(String url) {
    return new DriverManagerDataSource(url, SERVICES.databaseUser(), SERVICES.databasePassword());
  }
}
