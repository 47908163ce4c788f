package dev.promptly.worker.notifications;

import dev.promptly.notifications.PostgresNotifications;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The worker's one connection for Postgres notifications. */
@Configuration(proxyBeanMethods = false)
class NotificationsConfiguration {

  @Bean
  PostgresNotifications postgresNotifications(JdbcConnectionDetails database) {
    return new PostgresNotifications(database);
  }
}
