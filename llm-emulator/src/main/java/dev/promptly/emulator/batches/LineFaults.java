package dev.promptly.emulator.batches;

import dev.promptly.emulator.ApiError;
import dev.promptly.emulator.completions.ChatCompletionAnswerer;
import dev.promptly.emulator.control.EmulatorSettings;

/**
 * The batch lines that {@code batch_fail_custom_ids} and {@code batch_fail_every} fail on purpose,
 * with the 500 a provider's failed batch line carries.
 */
final class LineFaults {

  static final ChatCompletionAnswerer.Answer INJECTED =
      new ChatCompletionAnswerer.Answer(
          500,
          new ApiError(
              "The server had an error while processing your request (injected by the emulator).",
              "server_error",
              null,
              "injected_error"));

  private LineFaults() {}

  static boolean failsOnPurpose(BatchRequestLine line, EmulatorSettings settings) {
    int every = settings.batchFailEvery();
    return settings.batchFailCustomIds().contains(line.customId())
        || (every > 0 && line.line() % every == 0);
  }
}
