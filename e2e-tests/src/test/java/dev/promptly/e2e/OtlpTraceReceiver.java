package dev.promptly.e2e;

import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An OTLP/HTTP trace collector in this JVM: accepts {@code POST /v1/traces} (protobuf) as a real
 * collector does and keeps every span, so a test can follow one trace across processes.
 */
final class OtlpTraceReceiver implements AutoCloseable {
  /** One received span. Ids are lower-case hex, as in a traceparent; no parent is "". */
  record ReceivedSpan(
      String service,
      String traceId,
      String spanId,
      String parentSpanId,
      String name,
      String kind,
      Map<String, String> attributes) {}

  private final HttpServer server;
  private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();

  private OtlpTraceReceiver(HttpServer server) {
    this.server = server;
  }

  static OtlpTraceReceiver start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      OtlpTraceReceiver receiver = new OtlpTraceReceiver(server);
      server.createContext("/v1/traces", receiver::handle);
      server.start();
      return receiver;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The URL to give a service as its OTLP traces endpoint. */
  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
  }

  List<ReceivedSpan> spansOf(String traceId) {
    return spans.stream().filter(span -> span.traceId().equals(traceId)).toList();
  }

  List<ReceivedSpan> all() {
    return List.copyOf(spans);
  }

  /** The first span named {@code name}. */
  static Optional<ReceivedSpan> first(List<ReceivedSpan> spans, String name) {
    return spans.stream().filter(span -> span.name().equals(name)).findFirst();
  }

  /** The span and its parents, up to the first one whose parent is not in the trace. */
  static List<ReceivedSpan> ancestry(ReceivedSpan span, List<ReceivedSpan> trace) {
    Map<String, ReceivedSpan> byId = new HashMap<>();
    trace.forEach(each -> byId.put(each.spanId(), each));
    List<ReceivedSpan> path = new ArrayList<>(List.of(span));
    while (byId.containsKey(path.getLast().parentSpanId())) {
      path.add(byId.get(path.getLast().parentSpanId()));
    }
    return path;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange;
        InputStream body = exchange.getRequestBody()) {
      ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body.readAllBytes());
      for (ResourceSpans resource : request.getResourceSpansList()) {
        String service = attributes(resource.getResource().getAttributesList()).get("service.name");
        for (ScopeSpans scope : resource.getScopeSpansList()) {
          scope
              .getSpansList()
              .forEach(
                  span ->
                      spans.add(
                          new ReceivedSpan(
                              service,
                              hex(span.getTraceId()),
                              hex(span.getSpanId()),
                              hex(span.getParentSpanId()),
                              span.getName(),
                              span.getKind().name(),
                              attributes(span.getAttributesList()))));
        }
      }
      byte[] response = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
      exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, response.length);
      exchange.getResponseBody().write(response);
    }
  }

  private static Map<String, String> attributes(List<KeyValue> values) {
    Map<String, String> attributes = new LinkedHashMap<>();
    for (KeyValue value : values) {
      var any = value.getValue();
      String text =
          switch (any.getValueCase()) {
            case STRING_VALUE -> any.getStringValue();
            case INT_VALUE -> Long.toString(any.getIntValue());
            case BOOL_VALUE -> Boolean.toString(any.getBoolValue());
            case DOUBLE_VALUE -> Double.toString(any.getDoubleValue());
            default -> any.toString();
          };
      attributes.put(value.getKey(), text);
    }
    return attributes;
  }

  private static String hex(ByteString bytes) {
    return HexFormat.of().formatHex(bytes.toByteArray());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
