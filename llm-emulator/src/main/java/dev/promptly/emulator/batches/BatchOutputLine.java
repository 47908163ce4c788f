package dev.promptly.emulator.batches;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One line of a batch's output or error file, in OpenAI's shape: {@code response} is what the live
 * endpoint would have answered (a {@code chat.completion}, or an error body with its status), and
 * {@code error} is null. The output file holds the 200s, the error file the rest.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record BatchOutputLine(
    @JsonProperty("id") String id,
    @JsonProperty("custom_id") String customId,
    @JsonProperty("response") Response response,
    @JsonProperty("error") Object error) {

  record Response(
      @JsonProperty("status_code") int statusCode,
      @JsonProperty("request_id") String requestId,
      @JsonProperty("body") Object body) {}
}
