package dev.promptly.emulator.control;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Decides, per completion, which configured failure (if any) to play. The order is fixed: an outage
 * trumps everything, then the rate limit (an admitted request uses up its slot even when it later
 * draws an injected error, as with a real provider), then the random error.
 */
@Component
public class FaultInjector {

  private final EmulatorConfig config;
  private final RequestWindow window;
  private final ErrorDice dice;

  @Autowired
  FaultInjector(EmulatorConfig config, RequestWindow window) {
    this(config, window, () -> ThreadLocalRandom.current().nextDouble());
  }

  FaultInjector(EmulatorConfig config, RequestWindow window, ErrorDice dice) {
    this.config = config;
    this.window = window;
    this.dice = dice;
  }

  public Optional<Fault> chooseFault() {
    EmulatorSettings settings = config.current();
    if (settings.outage()) {
      return Optional.of(new Fault.Outage());
    }
    if (settings.rpmLimit() > 0) {
      Optional<Duration> wait = window.tryAdmit(settings.rpmLimit());
      if (wait.isPresent()) {
        return Optional.of(new Fault.RateLimited(settings.rpmLimit(), wait.get()));
      }
    }
    if (settings.errorRate() > 0 && dice.roll() < settings.errorRate()) {
      return Optional.of(new Fault.InjectedError(settings.errorStatus()));
    }
    return Optional.empty();
  }

  void forgetAdmissions() {
    window.clear();
  }
}
