package dev.promptly.emulator.control;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.stereotype.Component;

/**
 * The admission times of the last 60 seconds, for the {@code rpm_limit}. Only admitted requests
 * enter the window, so a client that backs off after a 429 gets through once older entries age out.
 */
@Component
class RequestWindow {

  static final Duration LENGTH = Duration.ofSeconds(60);

  private final Clock clock;
  private final Deque<Long> admittedAtMillis = new ArrayDeque<>();
  // A lock rather than synchronized: it never pins the virtual thread carrying the request.
  private final ReentrantLock lock = new ReentrantLock();

  RequestWindow(Clock clock) {
    this.clock = clock;
  }

  /** Admits a request, or says how long until the oldest entry leaves the full window. */
  Optional<Duration> tryAdmit(int limit) {
    long now = clock.millis();
    lock.lock();
    try {
      long windowStart = now - LENGTH.toMillis();
      while (!admittedAtMillis.isEmpty() && admittedAtMillis.peekFirst() <= windowStart) {
        admittedAtMillis.pollFirst();
      }
      if (admittedAtMillis.size() < limit) {
        admittedAtMillis.addLast(now);
        return Optional.empty();
      }
      return Optional.of(Duration.ofMillis(admittedAtMillis.peekFirst() - windowStart));
    } finally {
      lock.unlock();
    }
  }

  void clear() {
    lock.lock();
    try {
      admittedAtMillis.clear();
    } finally {
      lock.unlock();
    }
  }
}
