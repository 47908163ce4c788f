package dev.promptly.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import tools.jackson.databind.JsonNode;

/**
 * A tiny HTTP server on a free loopback port that notes when each job's webhook arrives. It answers
 * 204 at once and keeps the first arrival per job (a retry arrives later and would only flatter).
 */
final class WebhookReceiver implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, Instant> arrivals = new ConcurrentHashMap<>();
  private final Clock clock;

  private WebhookReceiver(HttpServer server, Clock clock) {
    this.server = server;
    this.clock = clock;
  }

  static WebhookReceiver start(Clock clock) {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      WebhookReceiver receiver = new WebhookReceiver(server, clock);
      server.createContext("/hooks", receiver::handle);
      server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
      server.start();
      return receiver;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the webhook receiver", e);
    }
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
  }

  /**
   * Waits until {@code expected} webhooks arrived, or none arrived for {@code quiet}: deliveries
   * trail the jobs' ends a little, and a build that sends none must not hold the run up.
   */
  void awaitArrivals(int expected, Duration quiet) {
    int seen = -1;
    long quietUntil = 0;
    while (arrivals.size() < expected) {
      if (arrivals.size() != seen) {
        seen = arrivals.size();
        quietUntil = System.nanoTime() + quiet.toNanos();
      } else if (System.nanoTime() > quietUntil) {
        return;
      }
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }
  }

  Map<String, Instant> arrivals() {
    return Map.copyOf(arrivals);
  }

  private void handle(HttpExchange exchange) throws IOException {
    Instant arrived = clock.instant();
    try (InputStream body = exchange.getRequestBody()) {
      String id = jobId(Json.MAPPER.readTree(body.readAllBytes()));
      if (id != null) {
        arrivals.putIfAbsent(id, arrived);
      }
    } catch (RuntimeException e) {
      // Not a job event: counted as nothing, answered all the same.
    }
    exchange.sendResponseHeaders(204, -1);
    exchange.close();
  }

  // The Standard Webhooks envelope carries the job under "data"; a bare job resource also counts.
  private static String jobId(JsonNode event) {
    JsonNode id = event.path("data").path("id");
    if (id.isMissingNode()) {
      id = event.path("id");
    }
    return id.isString() ? id.asString() : null;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
