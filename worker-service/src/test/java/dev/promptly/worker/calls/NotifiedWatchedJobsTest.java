package dev.promptly.worker.calls;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class NotifiedWatchedJobsTest {
  private final AtomicLong now = new AtomicLong();
  private final NotifiedWatchedJobs watched =
      new NotifiedWatchedJobs(Duration.ofSeconds(30), now::get);

  @Test
  void aJobIsWatchedOnceAnnouncedAndUntilItsMarkExpires() {
    assertThat(watched.isWatched("job_1")).isFalse();

    watched.notified("job_1");
    now.addAndGet(Duration.ofSeconds(29).toNanos());

    assertThat(watched.isWatched("job_1")).isTrue();
    assertThat(watched.isWatched("job_2")).isFalse();
    now.addAndGet(Duration.ofSeconds(2).toNanos());
    assertThat(watched.isWatched("job_1")).isFalse();
  }

  @Test
  void aRepeatedAnnouncementExtendsTheMark() {
    watched.notified("job_1");
    now.addAndGet(Duration.ofSeconds(20).toNanos());

    watched.notified("job_1");
    now.addAndGet(Duration.ofSeconds(20).toNanos());

    assertThat(watched.isWatched("job_1")).isTrue();
  }
}
