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

  /**
   * Uses up one of the {@code empty_choices} answers, if any are left: true means this completion
   * is to be answered with an empty {@code choices}.
   */
  public boolean takeEmptyChoices() {
    EmulatorSettings before =
        current.getAndUpdate(
            settings ->
                settings.emptyChoices() > 0
                    ? settings.withEmptyChoices(settings.emptyChoices() - 1)
                    : settings);
    return before.emptyChoices() > 0;
  }

  EmulatorSettings apply(ConfigPatch patch) {
    return current.updateAndGet(patch::applyTo);
  }

  EmulatorSettings reset() {
    current.set(startupSettings);
    return startupSettings;
  }
}
