package dev.promptly.emulator.control;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.stereotype.Component;

/**
 * The admissions of the last 60 seconds, with their tokens, for the {@code rpm_limit} and the
 * {@code tpm_limit}. Only admitted requests enter the window, so a client that backs off after a
 * 429 gets through once older entries age out.
 */
@Component
class RequestWindow {

  static final Duration LENGTH = Duration.ofSeconds(60);

  /** What {@link #tryAdmit} decided, and the limits as they stand after it. */
  record Admission(Fault refusal, RateLimitStatus status) {
    boolean admitted() {
      return refusal == null;
    }
  }

  private record Entry(long atMillis, long tokens) {}

  private final Clock clock;
  private final Deque<Entry> admitted = new ArrayDeque<>();
  private long tokensInWindow;
  // A lock rather than synchronized: it never pins the virtual thread carrying the request.
  private final ReentrantLock lock = new ReentrantLock();

  RequestWindow(Clock clock) {
    this.clock = clock;
  }

  /**
   * Admits a request of {@code tokens} tokens under {@code rpm} requests and {@code tpm} tokens per
   * window (0: no limit), or refuses it with how long until the window could take it.
   */
  Admission tryAdmit(int rpm, long tpm, long tokens) {
    long now = clock.millis();
    lock.lock();
    try {
      expire(now);
      if (rpm > 0 && admitted.size() >= rpm) {
        Duration wait = Duration.ofMillis(untilOldestLeaves(now));
        return new Admission(new Fault.RateLimited(rpm, wait), status(rpm, tpm, now));
      }
      // A request larger than the whole token limit goes alone, into an empty window.
      if (tpm > 0 && tokensInWindow > 0 && tokensInWindow + tokens > tpm) {
        Duration wait = Duration.ofMillis(untilTokensFree(now, tpm, tokens));
        return new Admission(
            new Fault.TokensRateLimited(tpm, tokensInWindow, tokens, wait), status(rpm, tpm, now));
      }
      if (rpm > 0 || tpm > 0) {
        admitted.addLast(new Entry(now, tpm > 0 ? tokens : 0));
        tokensInWindow += tpm > 0 ? tokens : 0;
      }
      return new Admission(null, status(rpm, tpm, now));
    } finally {
      lock.unlock();
    }
  }

  /** The limits as they stand, without admitting anything. */
  RateLimitStatus status(int rpm, long tpm) {
    long now = clock.millis();
    lock.lock();
    try {
      expire(now);
      return status(rpm, tpm, now);
    } finally {
      lock.unlock();
    }
  }

  void clear() {
    lock.lock();
    try {
      admitted.clear();
      tokensInWindow = 0;
    } finally {
      lock.unlock();
    }
  }

  private RateLimitStatus status(int rpm, long tpm, long now) {
    if (rpm == 0 && tpm == 0) {
      return RateLimitStatus.NONE;
    }
    Duration reset = Duration.ofMillis(admitted.isEmpty() ? 0 : untilOldestLeaves(now));
    return new RateLimitStatus(
        rpm,
        rpm > 0 ? Math.max(0, rpm - admitted.size()) : 0,
        rpm > 0 ? reset : Duration.ZERO,
        tpm,
        tpm > 0 ? Math.max(0, tpm - tokensInWindow) : 0,
        tpm > 0 ? reset : Duration.ZERO);
  }

  private void expire(long now) {
    long windowStart = now - LENGTH.toMillis();
    while (!admitted.isEmpty() && admitted.peekFirst().atMillis() <= windowStart) {
      tokensInWindow -= admitted.pollFirst().tokens();
    }
  }

  private long untilOldestLeaves(long now) {
    return admitted.peekFirst().atMillis() + LENGTH.toMillis() - now;
  }

  private long untilTokensFree(long now, long tpm, long tokens) {
    long left = tokensInWindow;
    for (Entry entry : admitted) {
      left -= entry.tokens();
      if (left + tokens <= tpm || left == 0) {
        return entry.atMillis() + LENGTH.toMillis() - now;
      }
    }
    return LENGTH.toMillis();
  }
}
