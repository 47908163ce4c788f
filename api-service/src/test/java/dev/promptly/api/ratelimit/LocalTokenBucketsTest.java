package dev.promptly.api.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LocalTokenBucketsTest {
  private final MovableClock clock = new MovableClock();
  private final LocalTokenBuckets buckets = new LocalTokenBuckets(clock);

  @Test
  void fullBucketGivesItsCapacityThenRefusesUntilATokenRefills() {
    assertThat(buckets.take("ten_a", 2).taken()).isTrue();
    assertThat(buckets.take("ten_a", 2).taken()).isTrue();

    TokenBuckets.Take refused = buckets.take("ten_a", 2);

    assertThat(refused.taken()).isFalse();
    assertThat(refused.remaining()).isZero();
    assertThat(refused.retryAfterSeconds()).isEqualTo(30);
  }

  @Test
  void bucketRefillsAtItsCapacityPerMinute() {
    buckets.take("ten_a", 2);
    buckets.take("ten_a", 2);

    clock.advance(Duration.ofSeconds(30));

    assertThat(buckets.take("ten_a", 2).taken()).isTrue();
    assertThat(buckets.take("ten_a", 2).taken()).isFalse();
  }

  @Test
  void eachTenantHasItsOwnBucket() {
    buckets.take("ten_a", 1);

    assertThat(buckets.take("ten_b", 1).taken()).isTrue();
    assertThat(buckets.take("ten_a", 1).taken()).isFalse();
  }

  private static final class MovableClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
