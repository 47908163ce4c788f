package dev.promptly.api.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.promptly.api.auth.AuthenticatedTenant;
import dev.promptly.api.web.ApiException;
import dev.promptly.jobstore.RedisProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * With Redis out of reach (a port nobody listens on), the limiter fails open or closed, or limits
 * in this instance's memory.
 */
class RateLimitInterceptorTest {
  private final AuthenticatedTenant tenant =
      new AuthenticatedTenant("ten_offline", TenantRateLimits.of(60, null));
  private JedisConnectionFactory unreachable;

  @BeforeEach
  void pointAtAPortNobodyListensOn() throws IOException {
    unreachable =
        new JedisConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", closedPort()));
    unreachable.afterPropertiesSet();
    unreachable.start();
  }

  @AfterEach
  void close() {
    unreachable.destroy();
  }

  @Test
  void failingOpenLetsTheRequestThroughWithoutRateLimitHeaders() {
    MockHttpServletResponse response = new MockHttpServletResponse();

    limiter(true).admit(tenant, true, response);

    assertThat(response.getHeaderNames()).doesNotContain(RateLimitHeaders.LIMIT);
  }

  @Test
  void failingClosedRefusesWithUnavailableAndRetryAfter() {
    ApiException refused =
        catchThrowableOfType(
            ApiException.class,
            () -> limiter(false).admit(tenant, true, new MockHttpServletResponse()));

    assertThat(refused.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    assertThat(refused.code()).isEqualTo("unavailable");
    assertThat(refused.headers().getFirst("Retry-After")).isEqualTo("7");
  }

  @Test
  void localFallbackLimitsTheTenantInMemoryWhileRedisIsUnreachable() {
    RateLimitInterceptor limiter = limiter(false, true);
    for (int i = 0; i < tenant.rateLimits().submissionsPerMinute(); i++) {
      limiter.admit(tenant, true, new MockHttpServletResponse());
    }

    ApiException refused =
        catchThrowableOfType(
            ApiException.class, () -> limiter.admit(tenant, true, new MockHttpServletResponse()));

    assertThat(refused.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
    assertThat(refused.code()).isEqualTo("rate_limited");
    // Reads have a bucket of their own, ten times as large by default.
    MockHttpServletResponse read = new MockHttpServletResponse();
    limiter.admit(tenant, false, read);
    assertThat(read.getHeader(RateLimitHeaders.LIMIT)).isEqualTo("600");
  }

  private RateLimitInterceptor limiter(boolean failOpen) {
    return limiter(failOpen, false);
  }

  private RateLimitInterceptor limiter(boolean failOpen, boolean localFallback) {
    RateLimitProperties properties =
        new RateLimitProperties(true, failOpen, localFallback, Duration.ofSeconds(7));
    TokenBuckets buckets =
        new TokenBuckets(
            new StringRedisTemplate(unreachable),
            new RedisProperties("test:", Duration.ofHours(1), Duration.ofSeconds(5)),
            properties,
            Clock.systemUTC());
    return new RateLimitInterceptor(buckets, properties, new SimpleMeterRegistry());
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
