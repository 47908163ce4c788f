package dev.promptly.emulator.control;

import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Decides, per completion, which configured failure (if any) to play. The order is fixed: an outage
 * trumps everything, then the rate limits (an admitted request uses up its slot even when it later
 * draws an injected error, as with a real provider), then the random error.
 */
@Component
public class FaultInjector {

  /**
   * What one completion gets.
   *
   * @param fault the failure to play, if any
   * @param limits the rate limits after this request, for the {@code x-ratelimit-*} headers
   */
  public record Verdict(Optional<Fault> fault, RateLimitStatus limits) {}

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

  /** {@link #decide} for a request whose tokens do not count. */
  public Optional<Fault> chooseFault() {
    return decide(0).fault();
  }

  /** Decides the fate of a request that counts {@code tokens} tokens against the token limit. */
  public Verdict decide(long tokens) {
    Verdict verdict = judge(tokens);
    return config.current().rateLimitHeaders()
        ? verdict
        : new Verdict(verdict.fault(), RateLimitStatus.NONE);
  }

  private Verdict judge(long tokens) {
    EmulatorSettings settings = config.current();
    int rpm = settings.rpmLimit();
    long tpm = settings.tpmLimit();
    if (settings.outage()) {
      return new Verdict(Optional.of(new Fault.Outage()), window.status(rpm, tpm));
    }
    RateLimitStatus limits = RateLimitStatus.NONE;
    if (rpm > 0 || tpm > 0) {
      RequestWindow.Admission admission = window.tryAdmit(rpm, tpm, tokens);
      if (!admission.admitted()) {
        return new Verdict(Optional.of(admission.refusal()), admission.status());
      }
      limits = admission.status();
    }
    if (settings.errorRate() > 0 && dice.roll() < settings.errorRate()) {
      return new Verdict(Optional.of(new Fault.InjectedError(settings.errorStatus())), limits);
    }
    return new Verdict(Optional.empty(), limits);
  }

  void forgetAdmissions() {
    window.clear();
  }
}
