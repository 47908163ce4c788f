package dev.promptly.worker.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.promptly.jobstore.RedisProperties;
import dev.promptly.model.ModelSpec;
import dev.promptly.testsupport.FreePorts;
import dev.promptly.worker.llm.ProviderAnswer;
import dev.promptly.worker.llm.ProviderLimits;
import dev.promptly.worker.llm.ProviderLimits.Quota;
import dev.promptly.worker.ratelimit.ProviderRateLimits.Permit;
import dev.promptly.worker.ratelimit.ProviderRateLimits.Refused;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisClientConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The provider windows with a real Redis client whose server is not there (a port nothing listens
 * on, as in the standalone process without Redis): they are kept in the worker's memory instead of
 * letting every call through, and the switch is logged once.
 */
class ProviderRateLimitsWithoutRedisTest {
  private final SettableClock clock = new SettableClock();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(ProviderRateLimits.class);
  private JedisConnectionFactory connections;
  private StringRedisTemplate redis;

  @BeforeEach
  void pointAtNoRedis() {
    connections =
        new JedisConnectionFactory(
            new RedisStandaloneConfiguration("127.0.0.1", FreePorts.pick()),
            JedisClientConfiguration.builder()
                .connectTimeout(Duration.ofSeconds(1))
                .readTimeout(Duration.ofSeconds(1))
                .build());
    connections.afterPropertiesSet();
    redis = new StringRedisTemplate(connections);
    logged.start();
    logger.addAppender(logged);
  }

  @AfterEach
  void close() {
    logger.detachAppender(logged);
    connections.destroy();
  }

  @Test
  void theCatalogsLimitHoldsInMemoryWhileRedisIsDown() {
    ProviderRateLimits limits = limits(true);
    ModelSpec spec = model(2);

    assertThat(limits.acquire(spec, 1)).isInstanceOf(Permit.class);
    assertThat(limits.acquire(spec, 1)).isInstanceOf(Permit.class);

    assertThat(limits.acquire(spec, 1)).isInstanceOf(Refused.class);
    assertThat(meters.get("promptly.ratelimit.in.memory").gauge().value()).isEqualTo(1);
  }

  @Test
  void aLimitLearnedFromTheHeadersHoldsInMemoryWhereTheCatalogSetsNone() {
    ProviderRateLimits limits = limits(true);
    ModelSpec spec = model(0);
    limits.answered(answer(spec, 200, new Quota(1, 1, Duration.ofSeconds(1))));

    assertThat(limits.acquire(spec, 1)).isInstanceOf(Permit.class);
    assertThat(limits.acquire(spec, 1)).isInstanceOf(Refused.class);
  }

  @Test
  void nothingLeftPausesTheWindowInMemoryUntilTheReset() {
    ProviderRateLimits limits = limits(true);
    ModelSpec spec = model(0);
    limits.answered(answer(spec, 429, new Quota(50, 0, Duration.ofSeconds(4))));

    assertThat(limits.acquire(spec, 1))
        .isInstanceOfSatisfying(
            Refused.class,
            refused -> assertThat(refused.retryIn()).isEqualTo(Duration.ofSeconds(4)));
    assertThat(
            meters
                .counter("promptly.provider.rate.limited", "provider", "default", "model", "m")
                .count())
        .isEqualTo(1);
  }

  @Test
  void theSwitchToMemoryIsLoggedOnceNotPerCall() {
    ProviderRateLimits limits = limits(true);
    ModelSpec spec = model(1000);

    for (int i = 0; i < 20; i++) {
      limits.acquire(spec, 1);
      // Redis is asked again now and then; still one line while it stays down.
      clock.advance(Duration.ofSeconds(3));
    }

    assertThat(logged.list)
        .filteredOn(event -> event.getLevel() == Level.WARN)
        .singleElement()
        .satisfies(
            event -> assertThat(event.getFormattedMessage()).contains("this worker's memory"));
  }

  @Test
  void withoutTheLocalFallbackCallsGoUnthrottled() {
    ProviderRateLimits limits = limits(false);
    ModelSpec spec = model(1);

    for (int i = 0; i < 5; i++) {
      assertThat(limits.acquire(spec, 1)).isEqualTo(Permit.UNLIMITED);
    }
  }

  private ProviderRateLimits limits(boolean localFallback) {
    ProviderLimitsProperties properties =
        new ProviderLimitsProperties(true, Duration.ofMinutes(10), 0.01, localFallback);
    return new ProviderRateLimits(
        new RedisProviderWindows(redis, properties),
        properties,
        new RedisProperties("test:", Duration.ofHours(1), Duration.ofSeconds(10)),
        meters,
        clock);
  }

  private static ProviderAnswer answer(ModelSpec spec, int status, Quota requests) {
    return new ProviderAnswer(
        spec.provider(), spec.model(), status, new ProviderLimits(requests, null));
  }

  private static ModelSpec model(int requestsPerMinute) {
    return new ModelSpec("alias", "m", 128000, 0, 0, null, "default", requestsPerMinute, 0);
  }
}
