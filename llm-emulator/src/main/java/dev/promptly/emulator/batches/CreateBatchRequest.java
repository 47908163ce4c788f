package dev.promptly.emulator.batches;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/** The body of {@code POST /v1/batches}; {@code metadata} is checked by the controller. */
record CreateBatchRequest(
    @JsonProperty("input_file_id") String inputFileId,
    @JsonProperty("endpoint") String endpoint,
    @JsonProperty("completion_window") String completionWindow,
    @JsonProperty("metadata") JsonNode metadata) {}
