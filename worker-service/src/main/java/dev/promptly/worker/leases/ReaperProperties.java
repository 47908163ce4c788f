package dev.promptly.worker.leases;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The reaper that every worker runs: it hands back running jobs whose lease ran out.
 *
 * @param interval pause between two passes
 * @param batchSize how many expired jobs one pass handles at most
 */
@Validated
@ConfigurationProperties("promptly.worker.reaper")
public record ReaperProperties(
    @DefaultValue("5s") @NotNull Duration interval, @DefaultValue("100") @Positive int batchSize) {

  public ReaperProperties {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("reaper interval must be positive");
    }
  }
}
