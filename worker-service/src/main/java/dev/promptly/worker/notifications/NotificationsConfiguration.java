package dev.promptly.worker.notifications;

import dev.promptly.notifications.NotificationsProperties;
import dev.promptly.notifications.PostgresNotifications;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The worker's one connection for Postgres notifications. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NotificationsProperties.class)
class NotificationsConfiguration {

  @Bean
  PostgresNotifications postgresNotifications(
      JdbcConnectionDetails database, NotificationsProperties properties) {
    return new PostgresNotifications(database, properties);
  }
}
