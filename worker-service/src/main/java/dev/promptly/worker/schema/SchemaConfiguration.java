package dev.promptly.worker.schema;

import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Runs the schema check while the context starts, before any listener. */
@Configuration(proxyBeanMethods = false)
class SchemaConfiguration {

  @Bean(initMethod = "awaitCurrentSchema")
  SchemaCheck schemaCheck(DataSource dataSource, SchemaProperties properties, Clock clock) {
    return new SchemaCheck(dataSource, properties, clock);
  }
}
