package dev.promptly.emulator.completions;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Token usage as OpenAI reports it. */
record Usage(
    @JsonProperty("prompt_tokens") int promptTokens,
    @JsonProperty("completion_tokens") int completionTokens,
    @JsonProperty("total_tokens") int totalTokens) {

  Usage(int promptTokens, int completionTokens) {
    this(promptTokens, completionTokens, promptTokens + completionTokens);
  }
}
