package dev.promptly.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gauge value that costs a query or a broker call: read at most once per {@code maxAge}, however
 * often Prometheus scrapes and however many replicas ask. A failed read gives NaN (Prometheus shows
 * a gap, not a stale number) and is tried again at the next scrape.
 */
public final class SampledValue implements DoubleSupplier {
  private static final Logger log = LoggerFactory.getLogger(SampledValue.class);

  private final String name;
  private final DoubleSupplier source;
  private final Duration maxAge;
  private final Clock clock;
  private Instant readAt; // guarded by this
  private double value = Double.NaN; // guarded by this

  public SampledValue(String name, DoubleSupplier source, Duration maxAge, Clock clock) {
    this.name = name;
    this.source = source;
    this.maxAge = maxAge;
    this.clock = clock;
  }

  @Override
  public synchronized double getAsDouble() {
    Instant now = clock.instant();
    if (readAt != null && now.isBefore(readAt.plus(maxAge))) {
      return value;
    }
    try {
      value = source.getAsDouble();
      readAt = now;
    } catch (RuntimeException e) {
      log.debug("cannot read {}: {}", name, e.getMessage());
      value = Double.NaN;
      readAt = null;
    }
    return value;
  }
}
