package dev.promptly.api.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.promptly.api.ApiIntegrationTest;
import dev.promptly.testsupport.TestInfrastructure;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The token bucket script against the real Redis. */
class TokenBucketsIT extends ApiIntegrationTest {
  @Autowired TokenBuckets buckets;
  @Autowired StringRedisTemplate redis;

  @Test
  void aFreshBucketLetsTheWholeLimitThroughAndThenRefuses() {
    String tenant = aBucket();

    List<TokenBuckets.Take> takes =
        IntStream.range(0, 6).mapToObj(i -> buckets.take(tenant, 5).orElseThrow()).toList();

    assertThat(takes)
        .extracting(TokenBuckets.Take::taken)
        .containsExactly(true, true, true, true, true, false);
    assertThat(takes)
        .extracting(TokenBuckets.Take::remaining)
        .containsExactly(4L, 3L, 2L, 1L, 0L, 0L);
    TokenBuckets.Take refused = takes.getLast();
    assertThat(refused.retryAfterSeconds()).isBetween(1L, 12L);
    assertThat(refused.resetSeconds()).isBetween(59L, 60L);
    assertThat(refused.limit()).isEqualTo(5);
  }

  @Test
  void anEmptyBucketRefillsAtItsLimitPerMinute() {
    String tenant = aBucket();
    long started = System.nanoTime();
    int taken = 0;
    while (buckets.take(tenant, 120).orElseThrow().taken()) {
      taken++;
    }
    double seconds = (System.nanoTime() - started) / 1e9;

    assertThat(taken).isBetween(120, 120 + (int) Math.ceil(seconds * 2));
    // 120 per minute is one token every half second.
    await()
        .atMost(Duration.ofSeconds(3))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> buckets.take(tenant, 120).orElseThrow().taken());
  }

  @Test
  void aLoweredLimitCapsWhatIsLeftAtOnce() {
    String tenant = aBucket();
    buckets.take(tenant, 600);

    TokenBuckets.Take afterLowering = buckets.take(tenant, 10).orElseThrow();

    assertThat(afterLowering.taken()).isTrue();
    assertThat(afterLowering.remaining()).isEqualTo(9);
  }

  @Test
  void concurrentTakesNeverSpendMoreThanTheBucketHolds() throws Exception {
    String tenant = aBucket();
    Callable<Boolean> take = () -> buckets.take(tenant, 50).orElseThrow().taken();

    long started = System.nanoTime();
    long taken;
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Boolean>> futures =
          IntStream.range(0, 200).mapToObj(i -> threads.submit(take)).toList();
      taken = futures.stream().filter(TokenBucketsIT::get).count();
    }
    double seconds = (System.nanoTime() - started) / 1e9;

    // The bucket, plus what refilled meanwhile at 50 per minute.
    assertThat(taken).isBetween(50L, 50L + (long) Math.ceil(seconds * 50 / 60));
  }

  @Test
  void theBucketLivesUnderTheKeyPrefixAndExpiresOnceFull() {
    String tenant = aBucket();

    buckets.take(tenant, 60);

    String key = buckets.keyOf(tenant);
    assertThat(key).isEqualTo(TestInfrastructure.shared().redisKeyPrefix() + "ratelimit:" + tenant);
    // One token short at 60 per minute: full again in a second, and kept a second longer.
    assertThat(redis.getExpire(key, TimeUnit.MILLISECONDS)).isBetween(1L, 2000L);
  }

  private static String aBucket() {
    return "ten_bucket_" + UUID.randomUUID().toString().replace("-", "");
  }

  private static boolean get(Future<Boolean> future) {
    try {
      return future.get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
