package dev.promptly.emulator.completions;

import dev.promptly.emulator.ApiError;
import dev.promptly.emulator.ApiErrorException;
import dev.promptly.emulator.Outcome;
import java.util.OptionalInt;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;

/** OpenAI's check that a request fits the model: the prompt plus the requested output. */
final class ContextWindow {

  private ContextWindow() {}

  /** Throws OpenAI's 400 {@code context_length_exceeded}, with its exact wording, on overflow. */
  static void check(int window, int promptTokens, OptionalInt maxTokens) {
    if (promptTokens > window) {
      throw exceeded(
          "This model's maximum context length is %d tokens. However, your messages resulted in %d tokens. Please reduce the length of the messages."
              .formatted(window, promptTokens));
    }
    if (maxTokens.isPresent() && promptTokens + maxTokens.getAsInt() > window) {
      int completion = maxTokens.getAsInt();
      throw exceeded(
          "This model's maximum context length is %d tokens. However, you requested %d tokens (%d in the messages, %d in the completion). Please reduce the length of the messages or completion."
              .formatted(window, promptTokens + completion, promptTokens, completion));
    }
  }

  private static ApiErrorException exceeded(String message) {
    return new ApiErrorException(
        HttpStatusCode.valueOf(400),
        Outcome.CONTEXT_LENGTH_EXCEEDED,
        new ApiError(message, "invalid_request_error", "messages", "context_length_exceeded"),
        new HttpHeaders());
  }
}
