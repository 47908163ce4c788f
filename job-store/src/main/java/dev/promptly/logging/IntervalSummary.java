package dev.promptly.logging;

import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import org.slf4j.Logger;

/**
 * Counts what happened and logs it as one INFO line per interval, instead of one line per job: e.g.
 * {@code handled messages in the last 60 s: duplicate=3, succeeded=12004}. The line is written by
 * the first event after the interval has passed, so a quiet process writes nothing.
 */
public final class IntervalSummary {
  private final Logger log;
  private final String subject;
  private final long intervalNanos;
  private final Map<String, Long> counts = new TreeMap<>();
  private long since = System.nanoTime();

  public IntervalSummary(Logger log, String subject, Duration interval) {
    this.log = log;
    this.subject = subject;
    this.intervalNanos = interval.toNanos();
  }

  /** Counts {@code n} more of {@code what}, and logs the interval's counts once it is over. */
  public synchronized void add(String what, long n) {
    counts.merge(what, n, Long::sum);
    long now = System.nanoTime();
    if (now - since < intervalNanos) {
      return;
    }
    StringJoiner line = new StringJoiner(", ");
    counts.forEach((name, count) -> line.add(name + "=" + count));
    log.info("{} in the last {} s: {}", subject, (now - since) / 1_000_000_000L, line);
    counts.clear();
    since = now;
  }
}
