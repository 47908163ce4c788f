package dev.promptly.worker.ratelimit;

import dev.promptly.worker.llm.ProviderLimits;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The provider windows' meters: calls held back ({@code promptly.ratelimit.waits}, by catalog
 * alias), the provider's 429s ({@code promptly.provider.rate.limited}, by provider and model), the
 * limits learned from its headers ({@code promptly.ratelimit.learned.limit}, a gauge by provider,
 * model and kind), the pauses until its reset time ({@code promptly.ratelimit.learned.pauses}) and
 * whether the windows are in this worker's memory ({@code promptly.ratelimit.in.memory}).
 */
final class ProviderLimitMeters {
  private final MeterRegistry registry;
  private final Map<String, AtomicLong> learned = new ConcurrentHashMap<>();

  ProviderLimitMeters(MeterRegistry registry, BooleanSupplier inMemory) {
    this.registry = registry;
    Gauge.builder("promptly.ratelimit.in.memory", () -> inMemory.getAsBoolean() ? 1 : 0)
        .description("1 while the provider windows are kept in this worker's memory (no Redis)")
        .register(registry);
  }

  void waited(String alias) {
    registry.counter("promptly.ratelimit.waits", "model", alias).increment();
  }

  void rateLimited(String provider, String model) {
    registry
        .counter("promptly.provider.rate.limited", "provider", provider, "model", model)
        .increment();
  }

  void paused(String provider, String model) {
    registry
        .counter("promptly.ratelimit.learned.pauses", "provider", provider, "model", model)
        .increment();
  }

  void learned(String provider, String model, ProviderLimits limits) {
    if (limits.requests() != null) {
      gauge(provider, model, "requests").set(limits.requests().limit());
    }
    if (limits.tokens() != null) {
      gauge(provider, model, "tokens").set(limits.tokens().limit());
    }
  }

  private AtomicLong gauge(String provider, String model, String kind) {
    return learned.computeIfAbsent(
        provider + "\n" + model + "\n" + kind,
        name -> {
          AtomicLong value = new AtomicLong();
          Gauge.builder("promptly.ratelimit.learned.limit", value, AtomicLong::get)
              .description("The provider's limit per minute, as its last answer here said")
              .tags("provider", provider, "model", model, "kind", kind)
              .register(registry);
          return value;
        });
  }
}
