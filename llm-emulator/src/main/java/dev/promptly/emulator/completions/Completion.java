package dev.promptly.emulator.completions;

/**
 * A generated answer, before it is written as a whole or as a stream.
 *
 * @param id the {@code chatcmpl-} id shared by every chunk of a stream
 * @param created Unix seconds
 * @param model the requested model
 * @param text the assistant's content, null when the model refused
 * @param refusal the model's refusal message, or null when it answered
 * @param finishReason {@code stop}, {@code length} when the output limit cut it, or {@code
 *     content_filter}
 * @param promptTokens tokens of the request's messages
 * @param completionTokens tokens of {@code text} (or of {@code refusal})
 * @param hasChoices false for the provider glitch of an answer with an empty {@code choices}
 */
record Completion(
    String id,
    long created,
    String model,
    String text,
    String refusal,
    String finishReason,
    int promptTokens,
    int completionTokens,
    boolean hasChoices) {

  Usage usage() {
    return new Usage(promptTokens, completionTokens);
  }
}
