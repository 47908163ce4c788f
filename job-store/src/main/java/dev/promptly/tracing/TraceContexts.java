package dev.promptly.tracing;

import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * Keeps one trace per job although its work is split over threads, processes and time: a W3C {@code
 * traceparent} is taken from the current span when work is stored (a job, an outbox row, a webhook
 * delivery) and continued when that work is picked up again, perhaps minutes later by another
 * process (the outbox relay, a retry, the webhook dispatcher). Without a tracer (tests, a build
 * without tracing) every method still runs the work; it just traces nothing.
 */
public class TraceContexts {
  /** The W3C header and column name. */
  public static final String TRACEPARENT = "traceparent";

  private static final Pattern W3C =
      Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
  private static final ContextSnapshotFactory SNAPSHOTS = ContextSnapshotFactory.builder().build();

  private final Tracer tracer;
  private final Propagator propagator;

  public TraceContexts(Tracer tracer, Propagator propagator) {
    this.tracer = tracer;
    this.propagator = propagator;
  }

  /** Traces nothing: for tests and tools without a tracer. */
  public static TraceContexts none() {
    return new TraceContexts(Tracer.NOOP, Propagator.NOOP);
  }

  /** The {@code traceparent} of the current span, empty when nothing is traced here. */
  public Optional<String> current() {
    // An unsampled span still has ids: they keep the job's log lines together even when no
    // trace is exported, and the flags tell every later hop not to sample either.
    Span span = tracer.currentSpan();
    return span == null ? Optional.empty() : Optional.ofNullable(traceparentOf(span.context()));
  }

  /**
   * {@code traceparent} if it is a well-formed W3C value (it may come from a client), else null.
   */
  public static String sane(String traceparent) {
    return traceparent != null && W3C.matcher(traceparent).matches() ? traceparent : null;
  }

  /**
   * Runs {@code work} in a new span named {@code spanName}, a child of {@code traceparent}; with no
   * (or a malformed) traceparent the span starts a trace of its own. Observations inside (an AMQP
   * publish, an HTTP call) become its children, so they carry the job's trace onwards.
   */
  public <T> T callUnder(
      String traceparent, String spanName, Map<String, String> tags, Supplier<T> work) {
    Span span = spanUnder(sane(traceparent), spanName);
    tags.forEach(span::tag);
    try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
      return work.get();
    } catch (RuntimeException | Error e) {
      span.error(e);
      throw e;
    } finally {
      span.end();
    }
  }

  /** Like {@link #callUnder}, without a result. */
  public void runUnder(
      String traceparent, String spanName, Map<String, String> tags, Runnable work) {
    callUnder(
        traceparent,
        spanName,
        tags,
        () -> {
          work.run();
          return null;
        });
  }

  /**
   * {@code work} bound to the calling thread's trace context and logging MDC, for running on
   * another thread: its spans stay in the caller's trace and its log lines keep the job's ids.
   */
  public <T> Supplier<T> carried(Supplier<T> work) {
    ContextSnapshot snapshot = SNAPSHOTS.captureAll();
    Span span = tracer.currentSpan();
    Map<String, String> mdc = MDC.getCopyOfContextMap();
    return () -> {
      Map<String, String> previous = MDC.getCopyOfContextMap();
      // The observation (for observations started over there) and the span, which may be one of
      // ours rather than an observation's.
      try (ContextSnapshot.Scope observation = snapshot.setThreadLocals();
          Tracer.SpanInScope inScope = tracer.withSpan(span)) {
        if (mdc != null) {
          mdc.forEach(MDC::put);
        }
        return work.get();
      } finally {
        if (previous == null) {
          MDC.clear();
        } else {
          MDC.setContextMap(previous);
        }
      }
    };
  }

  private Span spanUnder(String traceparent, String spanName) {
    Span.Builder builder =
        traceparent == null
            ? tracer.spanBuilder()
            : propagator.extract(
                Map.of(TRACEPARENT, traceparent), (carrier, key) -> carrier.get(key));
    return builder.name(spanName).start();
  }

  private String traceparentOf(TraceContext context) {
    Map<String, String> carrier = new HashMap<>();
    propagator.inject(context, carrier, Map::put);
    return sane(carrier.get(TRACEPARENT));
  }
}
