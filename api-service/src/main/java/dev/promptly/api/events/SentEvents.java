package dev.promptly.api.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Counts what the streams send: {@code promptly.sse.events} by {@code type}. */
final class SentEvents {
  static final String STATUS = "status";
  static final String DELTA = "delta";
  static final String DONE = "done";
  static final String HEARTBEAT = "heartbeat";

  private final Map<String, Counter> byType;

  SentEvents(MeterRegistry meters) {
    byType =
        List.of(STATUS, DELTA, DONE, HEARTBEAT).stream()
            .collect(
                Collectors.toUnmodifiableMap(
                    Function.identity(),
                    type ->
                        Counter.builder("promptly.sse.events")
                            .description("Server-sent events written to job event streams")
                            .tag("type", type)
                            .register(meters)));
  }

  void sent(String type) {
    byType.get(type).increment();
  }
}
