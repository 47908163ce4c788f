package dev.promptly.emulator.control;

import dev.promptly.emulator.EmulatorProperties;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * The mutable runtime configuration. Settings are swapped as a whole so that a request always sees
 * one consistent version, even while a test changes several values at once.
 */
@Component
public class EmulatorConfig {

  private final EmulatorSettings startupSettings;
  private final AtomicReference<EmulatorSettings> current;

  public EmulatorConfig(EmulatorProperties properties) {
    this.startupSettings = EmulatorSettings.from(properties);
    this.current = new AtomicReference<>(startupSettings);
  }

  public EmulatorSettings current() {
    return current.get();
  }

  EmulatorSettings apply(ConfigPatch patch) {
    return current.updateAndGet(patch::applyTo);
  }

  EmulatorSettings reset() {
    current.set(startupSettings);
    return startupSettings;
  }
}
