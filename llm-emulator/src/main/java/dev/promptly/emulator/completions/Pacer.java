package dev.promptly.emulator.completions;

import dev.promptly.emulator.control.EmulatorSettings;
import java.time.Duration;

/**
 * The configured delays of one response, fixed when the request is admitted so that a stream keeps
 * one pace even if the configuration changes while it runs. Blocking is fine: every request runs on
 * its own virtual thread.
 */
record Pacer(long latencyMs, long ttftMs, long perTokenMs) {

  static Pacer of(EmulatorSettings settings) {
    return new Pacer(settings.latencyMs(), settings.ttftMs(), settings.perTokenMs());
  }

  void awaitResponse() {
    pause(latencyMs);
  }

  void awaitFirstToken() {
    pause(ttftMs);
  }

  void awaitTokens(int tokens) {
    pause(perTokenMs * tokens);
  }

  private static void pause(long millis) {
    if (millis <= 0) {
      return;
    }
    try {
      Thread.sleep(Duration.ofMillis(millis));
    } catch (InterruptedException e) {
      // Shutting down: answer at once rather than hold the request.
      Thread.currentThread().interrupt();
    }
  }
}
