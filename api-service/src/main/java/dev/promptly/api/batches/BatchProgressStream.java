package dev.promptly.api.batches;

import dev.promptly.batches.BatchReads;
import dev.promptly.batches.BatchRecord;
import dev.promptly.batches.BatchResource;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One client's stream of a batch's progress: its own virtual thread reads the batch (counts summed
 * from its jobs) once a second and sends {@code progress} when the counts changed, then {@code
 * done} once the batch has completed. Polling, not listening: one indexed count a second per open
 * stream, and nothing to miss.
 */
final class BatchProgressStream {
  private static final Logger log = LoggerFactory.getLogger(BatchProgressStream.class);

  private final String batchId;
  private final SseEmitter emitter;
  private final BatchReads reads;
  private final Duration interval;
  private final Duration heartbeat;
  private final long deadlineNanos;

  BatchProgressStream(
      String batchId,
      SseEmitter emitter,
      BatchReads reads,
      Duration interval,
      Duration heartbeat,
      Duration maxDuration) {
    this.batchId = batchId;
    this.emitter = emitter;
    this.reads = reads;
    this.interval = interval;
    this.heartbeat = heartbeat;
    this.deadlineNanos = System.nanoTime() + maxDuration.toNanos();
  }

  /**
   * Runs the stream on a virtual thread of its own until the batch completes or the client goes.
   */
  void start(BatchRecord first) {
    Thread.ofVirtual().name("batch-events-" + batchId).start(() -> run(first));
  }

  private void run(BatchRecord first) {
    try {
      BatchRecord shown = first;
      send("progress", first);
      long lastSent = System.nanoTime();
      while (first.completedAt() == null && System.nanoTime() < deadlineNanos) {
        Thread.sleep(interval);
        BatchRecord now = reads.find(batchId).orElse(null);
        if (now == null) {
          break;
        }
        if (now.completedAt() != null) {
          shown = now;
          break;
        }
        if (!now.counts().equals(shown.counts()) || !now.status().equals(shown.status())) {
          send("progress", now);
          shown = now;
          lastSent = System.nanoTime();
        } else if (System.nanoTime() - lastSent >= heartbeat.toNanos()) {
          emitter.send(SseEmitter.event().comment("heartbeat"));
          lastSent = System.nanoTime();
        }
      }
      if (shown.completedAt() != null) {
        if (shown != first) {
          send("progress", shown);
        }
        send("done", shown);
      }
      emitter.complete();
    } catch (IOException | IllegalStateException e) {
      // The client went away.
      log.debug("batch {} event stream ended: {}", batchId, e.toString());
      emitter.completeWithError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      emitter.complete();
    } catch (RuntimeException e) {
      log.warn("batch {} event stream failed: {}", batchId, e.toString());
      emitter.completeWithError(e);
    }
  }

  private void send(String name, BatchRecord batch) throws IOException {
    emitter.send(
        SseEmitter.event().name(name).data(BatchResource.of(batch), MediaType.APPLICATION_JSON));
  }
}
