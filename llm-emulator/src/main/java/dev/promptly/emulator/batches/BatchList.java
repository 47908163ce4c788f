package dev.promptly.emulator.batches;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A page of {@code GET /v1/batches}, in OpenAI's cursor-list shape. */
@JsonInclude(JsonInclude.Include.ALWAYS)
record BatchList(
    @JsonProperty("object") String object,
    @JsonProperty("data") List<BatchObject> data,
    @JsonProperty("first_id") String firstId,
    @JsonProperty("last_id") String lastId,
    @JsonProperty("has_more") boolean hasMore) {

  static BatchList of(List<BatchObject> data, boolean hasMore) {
    return new BatchList(
        "list",
        List.copyOf(data),
        data.isEmpty() ? null : data.getFirst().id(),
        data.isEmpty() ? null : data.getLast().id(),
        hasMore);
  }
}
