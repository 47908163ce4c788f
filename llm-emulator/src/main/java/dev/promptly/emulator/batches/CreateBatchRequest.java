package dev.promptly.emulator.batches;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.promptly.emulator.ApiErrorException;
import tools.jackson.databind.JsonNode;

/** The body of {@code POST /v1/batches}; {@code metadata} is checked by {@link BatchMetadata}. */
record CreateBatchRequest(
    @JsonProperty("input_file_id") String inputFileId,
    @JsonProperty("endpoint") String endpoint,
    @JsonProperty("completion_window") String completionWindow,
    @JsonProperty("metadata") JsonNode metadata) {

  /** OpenAI's 400 for a missing field, another endpoint or another window than 24 hours. */
  void requireSupported(String supportedEndpoint) {
    if (inputFileId == null) {
      throw missing("input_file_id");
    }
    if (endpoint == null) {
      throw missing("endpoint");
    }
    if (!supportedEndpoint.equals(endpoint)) {
      throw ApiErrorException.invalidRequest(
          "Invalid value for 'endpoint': the emulator supports only " + supportedEndpoint + ".",
          "endpoint");
    }
    if (!"24h".equals(completionWindow)) {
      throw ApiErrorException.invalidRequest(
          "Invalid value for 'completion_window': expected '24h'.", "completion_window");
    }
  }

  private static ApiErrorException missing(String param) {
    return ApiErrorException.invalidRequest("Missing required parameter: '" + param + "'.", param);
  }
}
