package dev.promptly.emulator.batches;

import dev.promptly.emulator.ApiError;
import dev.promptly.emulator.ApiErrorException;
import dev.promptly.emulator.Outcome;
import dev.promptly.emulator.control.EmulatorResetListener;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;

/** The batches of {@code /v1/batches}, in memory until the emulator is reset. */
@Component
class BatchStore implements EmulatorResetListener {

  private final Map<String, Batch> batches = new ConcurrentHashMap<>();
  private final AtomicLong sequence = new AtomicLong();

  Batch create(String inputFileId, String endpoint, Map<String, String> metadata, long now) {
    String id = "batch_" + UUID.randomUUID().toString().replace("-", "");
    Batch batch = new Batch(id, sequence.incrementAndGet(), inputFileId, endpoint, metadata, now);
    batches.put(id, batch);
    return batch;
  }

  /** Whether the batch is still held: a reset drops batches that are still running. */
  boolean holds(Batch batch) {
    return batches.get(batch.id()) == batch;
  }

  Batch require(String id) {
    return Optional.ofNullable(batches.get(id))
        .orElseThrow(
            () ->
                new ApiErrorException(
                    HttpStatusCode.valueOf(404),
                    Outcome.BAD_REQUEST,
                    new ApiError(
                        "No batch found with id '" + id + "'.",
                        "invalid_request_error",
                        "id",
                        null),
                    new HttpHeaders()));
  }

  /**
   * Up to {@code limit} batches, newest first, as OpenAI lists them; after {@code after} when it is
   * given (a cursor that is no longer held starts from the top, as an empty page would mislead).
   * One more than {@code limit} is returned when there are more, so the caller can say so.
   */
  List<Batch> page(int limit, String after) {
    List<Batch> newestFirst =
        batches.values().stream()
            .sorted(Comparator.comparingLong(Batch::sequence).reversed())
            .toList();
    int start = 0;
    if (after != null) {
      Batch cursor = batches.get(after);
      if (cursor != null) {
        start =
            (int)
                newestFirst.stream()
                    .takeWhile(batch -> batch.sequence() >= cursor.sequence())
                    .count();
      }
    }
    return newestFirst.subList(start, Math.min(newestFirst.size(), start + limit + 1));
  }

  @Override
  public void onEmulatorReset() {
    batches.clear();
  }
}
