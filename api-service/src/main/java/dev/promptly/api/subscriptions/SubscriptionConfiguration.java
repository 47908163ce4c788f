package dev.promptly.api.subscriptions;

import dev.promptly.jobstore.RedisProperties;
import dev.promptly.notifications.NotificationsProperties;
import dev.promptly.notifications.PostgresNotifications;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/** The instance's subscriptions: to Redis, and to Postgres notifications. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NotificationsProperties.class)
class SubscriptionConfiguration {

  @Bean
  RedisSubscription redisSubscription(RedisConnectionFactory redis, RedisProperties properties) {
    RedisMessageListenerContainer container = new RedisMessageListenerContainer();
    container.setConnectionFactory(redis);
    // Messages are handed on in the order Redis delivers them, on the subscription's thread (the
    // default executor would start a thread per message, reordering a job's deltas).
    container.setTaskExecutor(Runnable::run);
    container.setSubscriptionExecutor(task -> Thread.ofVirtual().name("redis-events").start(task));
    // Not a bean of its own: started by RedisSubscription, which does not let a Redis outage stop
    // the API from starting.
    container.afterPropertiesSet();
    return new RedisSubscription(container, properties.enabled());
  }

  /** One LISTEN connection for every feature that subscribes; none while nobody does. */
  @Bean
  PostgresNotifications postgresNotifications(
      JdbcConnectionDetails database, NotificationsProperties properties) {
    return new PostgresNotifications(database, properties);
  }
}
