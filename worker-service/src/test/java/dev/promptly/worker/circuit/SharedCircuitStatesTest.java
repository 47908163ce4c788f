package dev.promptly.worker.circuit;

import static org.assertj.core.api.Assertions.assertThatCode;

import dev.promptly.jobstore.RedisProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

class SharedCircuitStatesTest {
  private static final CircuitProperties PROPERTIES =
      new CircuitProperties(50, 8, 4, Duration.ofSeconds(30), 3, Duration.ofSeconds(5));

  private final Clock clock = Clock.systemUTC();
  private final ProviderCircuits circuits =
      new ProviderCircuits(
          CircuitBreakerRegistry.of(PROPERTIES.toConfig(clock)),
          PROPERTIES,
          new SimpleMeterRegistry(),
          clock,
          bound -> bound);
  private final JedisConnectionFactory unreachable = redisOnAClosedPort();

  @AfterEach
  void closeFactory() {
    unreachable.destroy();
  }

  @Test
  void publishingWhileRedisIsUnreachableOnlyDelaysWhatOperatorsSee() {
    ((CallPermit) circuits.admit("http://llm.internal:8090/v1")).recordSuccess();
    SharedCircuitStates shared =
        new SharedCircuitStates(
            circuits,
            new StringRedisTemplate(unreachable),
            new RedisProperties("promptly-test:", Duration.ofHours(1), Duration.ofSeconds(10)),
            "worker-1");

    assertThatCode(shared::publish).doesNotThrowAnyException();
  }

  private static JedisConnectionFactory redisOnAClosedPort() {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    JedisConnectionFactory factory =
        new JedisConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port));
    factory.afterPropertiesSet();
    factory.start();
    return factory;
  }
}
