package dev.promptly.worker.cache;

import dev.promptly.jobstore.RedisProperties;
import dev.promptly.notifications.PostgresNotifications;
import dev.promptly.worker.llm.ProviderEmbeddings;
import dev.promptly.worker.notifications.TenantMemo;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Wires the result caches: exact (Redis) and semantic (pgvector). */
@Configuration(proxyBeanMethods = false)
class CacheConfiguration {

  @Bean
  ResultCache resultCache(
      StringRedisTemplate redis,
      RedisProperties redisProperties,
      CacheProperties properties,
      MeterRegistry meters) {
    return new ResultCache(redis, redisProperties, properties, meters);
  }

  /** The channel of V38's trigger on {@code tenants}. */
  static final String CACHE_SETTINGS_CHANNEL = "promptly_tenant_cache_settings";

  @Bean
  SemanticStore semanticStore(JdbcTemplate template, SemanticCacheProperties properties) {
    return new SemanticStore(template, properties.dimensions(), properties.efSearch());
  }

  @Bean
  TenantMemo<TenantCacheSettings> tenantCacheSettings(
      PostgresNotifications notifications, SemanticCacheProperties properties) {
    TenantMemo<TenantCacheSettings> memo =
        new TenantMemo<>(properties.settingsTtl(), System::nanoTime);
    notifications.subscribe(CACHE_SETTINGS_CHANNEL, memo);
    return memo;
  }

  @Bean
  SemanticCache semanticCache(
      SemanticStore store,
      SemanticCacheProperties properties,
      ProviderEmbeddings embeddings,
      TenantMemo<TenantCacheSettings> tenantCacheSettings,
      JdbcClient jdbc,
      Clock clock) {
    return new SemanticCache(
        store, properties, embeddings.of(properties.provider()), tenantCacheSettings, jdbc, clock);
  }
}
