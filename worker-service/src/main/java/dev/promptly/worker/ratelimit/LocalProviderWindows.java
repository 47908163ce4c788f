package dev.promptly.worker.ratelimit;

import dev.promptly.worker.llm.ProviderLimits;
import dev.promptly.worker.llm.ProviderLimits.Quota;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The windows in this worker's memory, used while Redis cannot be reached (or in the standalone
 * process, which has none): the same rolling minute, learned limit and pause as the Redis scripts,
 * exact when one worker calls the provider, per worker when several do.
 */
final class LocalProviderWindows implements ProviderWindows {
  private static final long WINDOW = ProviderRateLimits.WINDOW.toMillis();

  /** An entry of the window: a call admitted here, or one the provider counted that was not. */
  private record Call(String id, long tokens, long atMillis) {}

  private static final class Window {
    // A lock rather than synchronized: it never pins the virtual thread making the call.
    final ReentrantLock lock = new ReentrantLock();
    final List<Call> calls = new ArrayList<>();
    long learnedRequests;
    long learnedUntil;
    long pausedUntil;
  }

  private final Map<String, Window> windows = new ConcurrentHashMap<>();
  private final Clock clock;
  private final ProviderLimitsProperties properties;

  LocalProviderWindows(Clock clock, ProviderLimitsProperties properties) {
    this.clock = clock;
    this.properties = properties;
  }

  @Override
  public long acquire(
      String key, int requestsPerMinute, long tokensPerMinute, long tokens, String id) {
    Window window = windows.computeIfAbsent(key, k -> new Window());
    window.lock.lock();
    try {
      long now = clock.millis();
      if (window.pausedUntil > now) {
        return window.pausedUntil - now;
      }
      boolean learned = window.learnedUntil > now;
      long rpm = lower(requestsPerMinute, learned ? window.learnedRequests : 0);
      long tpm = tokensPerMinute;
      if (rpm == 0 && tpm == 0) {
        return UNLIMITED;
      }
      expire(window, now);
      long wait = 0;
      if (rpm > 0 && window.calls.size() >= rpm) {
        wait = window.calls.getFirst().atMillis() + WINDOW - now;
      }
      long used = window.calls.stream().mapToLong(Call::tokens).sum();
      // A call larger than the whole limit goes alone, into an empty window.
      if (tpm > 0 && used > 0 && used + tokens > tpm) {
        long freed = 0;
        for (Call call : window.calls) {
          freed += call.tokens();
          if (used - freed + tokens <= tpm) {
            wait = Math.max(wait, call.atMillis() + WINDOW - now);
            break;
          }
        }
      }
      if (wait > 0) {
        return wait;
      }
      window.calls.add(new Call(id, tokens, now));
      return ADMITTED;
    } finally {
      window.lock.unlock();
    }
  }

  @Override
  public void done(String key, String id, long tokens) {
    Window window = windows.get(key);
    if (window == null) {
      return;
    }
    window.lock.lock();
    try {
      long now = clock.millis();
      for (Iterator<Call> calls = window.calls.iterator(); calls.hasNext(); ) {
        Call call = calls.next();
        if (call.id().equals(id)) {
          // Leaves the window no earlier than the provider's, as provider-window-done.lua.
          calls.remove();
          window.calls.add(new Call(id, call.tokens(), Math.max(now, call.atMillis())));
          return;
        }
      }
    } finally {
      window.lock.unlock();
    }
  }

  @Override
  public long learn(String key, ProviderLimits limits) {
    Window window = windows.computeIfAbsent(key, k -> new Window());
    window.lock.lock();
    try {
      long now = clock.millis();
      expire(window, now);
      long pause = 0;
      Quota requests = limits.requests();
      if (requests != null) {
        window.learnedRequests = requests.limit();
        long missing = requests.limit() - requests.remaining() - window.calls.size();
        for (long i = 0; i < Math.min(missing, 1000); i++) {
          window.calls.add(new Call("seen:" + now + ":" + i, 0, now));
        }
        pause = Math.max(pause, pausedFor(requests));
      }
      // Tokens pause the window but are not learned as a limit: see provider-window-learn.lua.
      Quota tokens = limits.tokens();
      if (tokens != null) {
        pause = Math.max(pause, pausedFor(tokens));
      }
      if (requests != null) {
        window.learnedUntil = now + properties.learnedTtl().toMillis();
      }
      window.pausedUntil = Math.max(window.pausedUntil, now + pause);
      return pause;
    } finally {
      window.lock.unlock();
    }
  }

  private long pausedFor(Quota quota) {
    long nearZero = (long) Math.floor(quota.limit() * properties.nearZero());
    long reset = quota.reset().toMillis();
    return reset > 0 && quota.remaining() <= nearZero ? reset : 0;
  }

  private static long lower(long configured, long learned) {
    return learned <= 0 || (configured > 0 && configured < learned) ? configured : learned;
  }

  private static void expire(Window window, long now) {
    // Kept in admission order, except for calls moved to their end: those are later, not earlier.
    window.calls.removeIf(call -> call.atMillis() <= now - WINDOW);
    window.calls.sort((a, b) -> Long.compare(a.atMillis(), b.atMillis()));
  }
}
