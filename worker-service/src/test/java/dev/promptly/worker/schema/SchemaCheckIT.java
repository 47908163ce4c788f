package dev.promptly.worker.schema;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promptly.worker.WorkerIntegrationTest;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

class SchemaCheckIT extends WorkerIntegrationTest {
  private static final SchemaProperties NO_WAIT =
      new SchemaProperties(Duration.ZERO, Duration.ofMillis(10), List.of("classpath:db/migration"));

  @Autowired DataSource dataSource;

  @Test
  void schemaCheckPassesOnAMigratedDatabase() {
    SchemaCheck check = new SchemaCheck(dataSource, NO_WAIT, clock);

    assertThatCode(check::awaitCurrentSchema).doesNotThrowAnyException();
  }

  @Test
  void schemaCheckFailsWithAClearMessageWhenMigrationsArePending() {
    jdbc.sql("CREATE SCHEMA IF NOT EXISTS unmigrated").update();
    DataSource unmigrated =
        new DriverManagerDataSource(
            SERVICES.jdbcUrl() + "?currentSchema=unmigrated",
            SERVICES.databaseUser(),
            SERVICES.databasePassword());
    SchemaCheck check = new SchemaCheck(unmigrated, NO_WAIT, clock);

    assertThatThrownBy(check::awaitCurrentSchema)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("database schema is at version none, this worker needs ")
        .hasMessageEndingWith(": start the API (it migrates) first");
  }
}
