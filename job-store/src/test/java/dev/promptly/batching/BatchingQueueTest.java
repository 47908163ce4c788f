package dev.promptly.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BatchingQueueTest {

  @Test
  void itemsThatWaitTogetherAreWorkedAsOneBatch() throws Exception {
    CountDownLatch firstBatchHeld = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());
    BatchingQueue<Integer> queue =
        new BatchingQueue<>(
            "test",
            1,
            100,
            1000,
            batch -> {
              batches.add(List.copyOf(batch));
              firstBatchHeld.countDown();
              hold(release);
            },
            (batch, e) -> {});
    queue.put(0);
    firstBatchHeld.await(5, TimeUnit.SECONDS);

    for (int i = 1; i <= 5; i++) {
      queue.put(i);
    }
    release.countDown();

    await().atMost(Duration.ofSeconds(5)).until(() -> batches.size() == 2);
    assertThat(batches).containsExactly(List.of(0), List.of(1, 2, 3, 4, 5));
    queue.close(Duration.ofSeconds(5));
  }

  @Test
  void aBatchIsNeverLargerThanItsLimit() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
    BatchingQueue<Integer> queue =
        new BatchingQueue<>(
            "test",
            1,
            3,
            1000,
            batch -> {
              sizes.add(batch.size());
              hold(release);
            },
            (batch, e) -> {});
    for (int i = 0; i < 7; i++) {
      queue.put(i);
    }

    release.countDown();

    await().atMost(Duration.ofSeconds(5)).until(() -> sizes.stream().mapToInt(n -> n).sum() == 7);
    assertThat(sizes).allMatch(size -> size <= 3);
    queue.close(Duration.ofSeconds(5));
  }

  @Test
  void aBatchWhoseWorkThrowsGoesToTheEscapeAndTheQueueGoesOn() throws Exception {
    List<List<Integer>> escaped = Collections.synchronizedList(new ArrayList<>());
    List<Integer> worked = Collections.synchronizedList(new ArrayList<>());
    BatchingQueue<Integer> queue =
        new BatchingQueue<>(
            "test",
            1,
            10,
            1000,
            batch -> {
              if (batch.contains(13)) {
                throw new IllegalStateException("unlucky");
              }
              worked.addAll(batch);
            },
            (batch, e) -> escaped.add(batch));

    queue.put(13);
    await().atMost(Duration.ofSeconds(5)).until(() -> escaped.size() == 1);
    queue.put(14);

    await().atMost(Duration.ofSeconds(5)).until(() -> worked.contains(14));
    assertThat(escaped).containsExactly(List.of(13));
    queue.close(Duration.ofSeconds(5));
  }

  @Test
  void aClosedQueueFinishesTheBatchInHandTakesNothingMoreAndHandsBackWhatWaited() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<Integer> worked = Collections.synchronizedList(new ArrayList<>());
    BatchingQueue<Integer> queue =
        new BatchingQueue<>(
            "test",
            1,
            1,
            1000,
            batch -> {
              hold(release);
              worked.addAll(batch);
            },
            (batch, e) -> {});
    queue.put(1);
    await().atMost(Duration.ofSeconds(5)).until(() -> queue.size() == 0);
    queue.put(2);
    queue.put(3);

    CompletableFuture<List<Integer>> closing =
        CompletableFuture.supplyAsync(() -> queue.close(Duration.ofSeconds(5)));
    await().atMost(Duration.ofSeconds(5)).until(() -> !queue.offer(4));
    release.countDown();
    List<Integer> left = closing.join();

    assertThat(worked).containsExactly(1);
    assertThat(left).containsExactly(2, 3);
    assertThat(queue.put(5)).isFalse();
  }

  private static void hold(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
