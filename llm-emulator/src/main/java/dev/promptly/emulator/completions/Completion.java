package dev.promptly.emulator.completions;

/**
 * A generated answer, before it is written as a whole or as a stream.
 *
 * @param id the {@code chatcmpl-} id shared by every chunk of a stream
 * @param created Unix seconds
 * @param model the requested model
 * @param text the assistant's content
 * @param finishReason {@code stop}, or {@code length} when the output limit cut it
 * @param promptTokens tokens of the request's messages
 * @param completionTokens tokens of {@code text}
 */
record Completion(
    String id,
    long created,
    String model,
    String text,
    String finishReason,
    int promptTokens,
    int completionTokens) {

  Usage usage() {
    return new Usage(promptTokens, completionTokens);
  }
}
