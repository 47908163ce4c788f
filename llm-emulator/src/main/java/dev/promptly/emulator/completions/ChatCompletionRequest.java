package dev.promptly.emulator.completions;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The wire form of an OpenAI chat-completions request; fields the emulator ignores are dropped. */
record ChatCompletionRequest(
    @JsonProperty("model") String model,
    @JsonProperty("messages") List<Message> messages,
    @JsonProperty("temperature") Double temperature,
    @JsonProperty("max_tokens") Integer maxTokens,
    @JsonProperty("max_completion_tokens") Integer maxCompletionTokens,
    @JsonProperty("stream") Boolean stream,
    @JsonProperty("stream_options") StreamOptions streamOptions) {

  /** Content is a string or an array of typed parts, so it stays a tree until it is flattened. */
  record Message(@JsonProperty("role") String role, @JsonProperty("content") JsonNode content) {}

  record StreamOptions(@JsonProperty("include_usage") Boolean includeUsage) {}
}
