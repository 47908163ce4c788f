package dev.promptly.worker.llm;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the provider says about one of its batches.
 *
 * @param id the provider's batch id, e.g. {@code batch_…}
 * @param status where the batch is
 * @param total lines in the batch (0 until validated)
 * @param completed lines answered so far
 * @param failed lines that failed so far
 * @param outputFileId the file of answered lines, once written; null before or when there are none
 * @param errorFileId the file of failed lines, once written; null before or when there are none
 * @param metadata what the batch was created with, e.g. {@value ProviderBatchClient#FILE_KEY}
 * @param createdAt when the provider created it
 * @param errors why the provider refused the input file, when {@code status} is failed
 */
public record ProviderBatch(
    String id,
    ProviderBatchStatus status,
    int total,
    int completed,
    int failed,
    String outputFileId,
    String errorFileId,
    Map<String, String> metadata,
    Instant createdAt,
    List<InputError> errors) {

  public ProviderBatch {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(status, "status");
    metadata = Map.copyOf(metadata);
    errors = List.copyOf(errors);
  }

  public Optional<String> outputFile() {
    return Optional.ofNullable(outputFileId);
  }

  public Optional<String> errorFile() {
    return Optional.ofNullable(errorFileId);
  }

  /**
   * One reason the provider refused the input file.
   *
   * @param code the provider's code, e.g. {@code invalid_json_line}
   * @param message what is wrong
   * @param line the 1-based line of the file at fault, or null for the file as a whole
   */
  public record InputError(String code, String message, Integer line) {}
}
