package dev.promptly.emulator.batches;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * OpenAI's batch object, every field present (null when not yet reached), as clients expect. The
 * {@code *_at} fields are Unix seconds.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record BatchObject(
    @JsonProperty("id") String id,
    @JsonProperty("object") String object,
    @JsonProperty("endpoint") String endpoint,
    @JsonProperty("errors") Errors errors,
    @JsonProperty("input_file_id") String inputFileId,
    @JsonProperty("completion_window") String completionWindow,
    @JsonProperty("status") BatchStatus status,
    @JsonProperty("output_file_id") String outputFileId,
    @JsonProperty("error_file_id") String errorFileId,
    @JsonProperty("created_at") long createdAt,
    @JsonProperty("in_progress_at") Long inProgressAt,
    @JsonProperty("expires_at") Long expiresAt,
    @JsonProperty("finalizing_at") Long finalizingAt,
    @JsonProperty("completed_at") Long completedAt,
    @JsonProperty("failed_at") Long failedAt,
    @JsonProperty("expired_at") Long expiredAt,
    @JsonProperty("cancelling_at") Long cancellingAt,
    @JsonProperty("cancelled_at") Long cancelledAt,
    @JsonProperty("request_counts") RequestCounts requestCounts,
    @JsonProperty("metadata") Map<String, String> metadata) {

  /** {@code errors}: why the input file was refused. */
  record Errors(
      @JsonProperty("object") String object, @JsonProperty("data") List<BatchError> data) {
    Errors {
      data = List.copyOf(data);
    }

    static Errors of(List<BatchError> data) {
      return new Errors("list", data);
    }
  }

  /** How many lines the batch holds, and how many were answered or failed so far. */
  record RequestCounts(
      @JsonProperty("total") int total,
      @JsonProperty("completed") int completed,
      @JsonProperty("failed") int failed) {

    static final RequestCounts NONE = new RequestCounts(0, 0, 0);
  }
}
