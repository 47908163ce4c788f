package dev.promptly.worker.schema;

import java.time.Clock;
import java.time.Instant;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.support.DefaultLifecycleProcessor;

/**
 * Makes sure the database has every migration this worker was built with. The API applies
 * migrations; the worker only reads Flyway's history, and waits a while when it starts before the
 * API has migrated (e.g. both started together).
 */
public class SchemaCheck {
  private static final Logger log = LoggerFactory.getLogger(SchemaCheck.class);

  /** What the database holds against what the worker needs. */
  record SchemaState(String current, String required, int pending) {
    boolean isCurrent() {
      return pending == 0;
    }
  }

  private final DataSource dataSource;
  private final SchemaProperties properties;
  private final Clock clock;

  public SchemaCheck(DataSource dataSource, SchemaProperties properties, Clock clock) {
    this.dataSource = dataSource;
    this.properties = properties;
    this.clock = clock;
  }

  /**
   * Returns once no migration is pending; fails after {@code schema-wait}.
   *
   * @throws IllegalStateException when the schema is still behind after the wait
   */
  public void awaitCurrentSchema() {
    if (isTrainingRun()) {
      // A JDK AOT cache's training run (an image build) starts the context without a database and
      // exits once it has refreshed: there is no schema to check and nothing will run.
      log.info("training run (spring.context.exit=onRefresh): the schema check is skipped");
      return;
    }
    Instant deadline = clock.instant().plus(properties.schemaWait());
    while (true) {
      SchemaState state;
      try {
        state = inspect();
      } catch (RuntimeException e) {
        // Postgres may still be starting as well: unreachable counts as not ready yet.
        if (!clock.instant().isBefore(deadline)) {
          throw new IllegalStateException("cannot read the database schema: " + e.getMessage(), e);
        }
        log.info("cannot read the database schema yet ({}); waiting", e.getMessage());
        pause();
        continue;
      }
      if (state.isCurrent()) {
        log.info("database schema is at version {}, as this worker needs", state.current());
        return;
      }
      if (!clock.instant().isBefore(deadline)) {
        throw new IllegalStateException(
            "database schema is at version "
                + state.current()
                + ", this worker needs "
                + state.required()
                + ": start the API (it migrates) first");
      }
      log.info(
          "database schema is at version {}, this worker needs {}; waiting for the API to migrate",
          state.current(),
          state.required());
      pause();
    }
  }

  private static boolean isTrainingRun() {
    return DefaultLifecycleProcessor.ON_REFRESH_VALUE.equals(
        System.getProperty(DefaultLifecycleProcessor.EXIT_PROPERTY_NAME));
  }

  SchemaState inspect() {
    MigrationInfoService info =
        Flyway.configure()
            .dataSource(dataSource)
            .locations(properties.schemaLocations().toArray(String[]::new))
            .load()
            .info();
    MigrationInfo current = info.current();
    MigrationInfo[] pending = info.pending();
    String currentVersion = current == null ? "none" : version(current);
    String required = pending.length == 0 ? currentVersion : version(pending[pending.length - 1]);
    return new SchemaState(currentVersion, required, pending.length);
  }

  private static String version(MigrationInfo migration) {
    return migration.getVersion() == null
        ? migration.getDescription()
        : migration.getVersion().getVersion();
  }

  private void pause() {
    try {
      Thread.sleep(properties.schemaPollInterval());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the database schema", e);
    }
  }
}
