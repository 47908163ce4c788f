package dev.promptly.emulator.control;

import dev.promptly.emulator.ApiErrorException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Lets tests and benchmarks script latency, failures and rate limits, and read what happened. */
@RestController
@RequestMapping("/emulator")
class EmulatorControlController {

  private final EmulatorConfig config;
  private final EmulatorStats stats;
  private final FaultInjector faults;
  private final ConfigPatchReader patchReader;
  private final ObjectProvider<EmulatorResetListener> resetListeners;

  EmulatorControlController(
      EmulatorConfig config,
      EmulatorStats stats,
      FaultInjector faults,
      ConfigPatchReader patchReader,
      ObjectProvider<EmulatorResetListener> resetListeners) {
    this.config = config;
    this.stats = stats;
    this.faults = faults;
    this.patchReader = patchReader;
    this.resetListeners = resetListeners;
  }

  @GetMapping("/config")
  EmulatorSettings config() {
    return config.current();
  }

  /** Reads the raw body whatever the content type, so a bare {@code curl -X PUT -d} works. */
  @PutMapping("/config")
  EmulatorSettings update(InputStream body) throws IOException {
    ConfigPatch patch = patchReader.read(new String(body.readAllBytes(), StandardCharsets.UTF_8));
    try {
      return config.apply(patch);
    } catch (InvalidSettingException e) {
      throw ApiErrorException.invalidRequest(e.getMessage(), e.field());
    }
  }

  @GetMapping("/stats")
  StatsSnapshot stats() {
    return stats.snapshot();
  }

  @PostMapping("/stats/reset")
  StatsSnapshot resetStats() {
    stats.reset();
    return stats.snapshot();
  }

  /**
   * Returns to the startup configuration with zeroed stats, an empty rate-limit window and no files
   * or batches.
   */
  @PostMapping("/reset")
  EmulatorSettings reset() {
    // Batches first: one finishing between the stats reset and its removal would count again.
    resetListeners.orderedStream().forEach(EmulatorResetListener::onEmulatorReset);
    stats.reset();
    faults.forgetAdmissions();
    return config.reset();
  }
}
