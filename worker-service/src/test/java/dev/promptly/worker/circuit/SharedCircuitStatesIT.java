package dev.promptly.worker.circuit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.worker.WorkerIntegrationTest;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

class SharedCircuitStatesIT extends WorkerIntegrationTest {
  @Autowired SharedCircuitStates shared;
  @Autowired StringRedisTemplate redis;

  @Test
  void eachWorkerSharesWhatItsCircuitsSayUnderAKeyThatExpires() {
    String provider = ProviderCircuits.nameOf(EMULATOR.baseUrl());
    circuitBreakers.circuitBreaker(provider).transitionToOpenState();

    shared.publish();

    Set<String> keys = redis.keys(SERVICES.redisKeyPrefix() + "circuits:*");
    assertThat(keys).hasSize(1);
    String key = keys.iterator().next();
    Map<Object, Object> states = redis.opsForHash().entries(key);
    assertThat(states).containsEntry(provider, "open");
    assertThat(redis.getExpire(key)).isBetween(1L, SharedCircuitStates.TTL.toSeconds());
  }
}
