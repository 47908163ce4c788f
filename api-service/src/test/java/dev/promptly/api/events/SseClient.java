package dev.promptly.api.events;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client of one event stream, as a browser's EventSource reads it: events (and comment lines) are
 * parsed as they arrive, on a virtual thread, and queued for the test with their arrival time.
 */
final class SseClient implements AutoCloseable {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** An event; a comment line is one named {@code :}. {@code receivedAt} is wall-clock time. */
  record Event(String name, String data, Instant receivedAt) {
    JsonNode json() {
      return JSON.readTree(data);
    }
  }

  /** What {@link #next} returns once the server closed the stream. */
  static final Event END = new Event("<end>", "", Instant.EPOCH);

  private final HttpResponse<InputStream> response;
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

  private SseClient(HttpResponse<InputStream> response) {
    this.response = response;
    if (response.statusCode() == 200) {
      Thread.ofVirtual().name("sse-client").start(this::read);
    }
  }

  static SseClient open(HttpClient http, int port, String path, String key) {
    return open(http, port, path, key, Map.of());
  }

  static SseClient open(
      HttpClient http, int port, String path, String key, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Accept", "text/event-stream")
            .timeout(Duration.ofSeconds(60));
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    headers.forEach(request::setHeader);
    try {
      return new SseClient(http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
    } catch (IOException e) {
      throw new IllegalStateException("cannot open " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  int status() {
    return response.statusCode();
  }

  HttpHeaders headers() {
    return response.headers();
  }

  /** The body of a refused request. */
  String errorBody() throws IOException {
    return new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
  }

  /** The next event or comment, {@link #END} when the stream closed; fails after {@code wait}. */
  Event next(Duration wait) throws InterruptedException {
    Event event = events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    if (event == null) {
      throw new AssertionError("no event within " + wait);
    }
    return event;
  }

  /** The next real event, skipping heartbeats. */
  Event nextEvent(Duration wait) throws InterruptedException {
    Event event = next(wait);
    while (event.name().equals(":")) {
      event = next(wait);
    }
    return event;
  }

  /** Every event up to the end of the stream, heartbeats left out. */
  List<Event> untilEnd(Duration wait) throws InterruptedException {
    List<Event> all = new ArrayList<>();
    for (Event event = nextEvent(wait); event != END; event = nextEvent(wait)) {
      all.add(event);
    }
    return all;
  }

  @Override
  public void close() {
    try {
      response.body().close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  private void read() {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String name = "message";
      StringBuilder data = new StringBuilder();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isEmpty()) {
          if (!data.isEmpty()) {
            events.add(new Event(name, data.toString(), Instant.now()));
          }
          name = "message";
          data.setLength(0);
        } else if (line.startsWith(":")) {
          events.add(new Event(":", line.substring(1).strip(), Instant.now()));
        } else if (line.startsWith("event:")) {
          name = line.substring("event:".length()).strip();
        } else if (line.startsWith("data:")) {
          String value = line.substring("data:".length());
          value = value.startsWith(" ") ? value.substring(1) : value;
          data.append(data.isEmpty() ? "" : "\n").append(value);
        }
      }
    } catch (IOException e) {
      // closed by the test, or the connection broke: both end the stream
    }
    events.add(END);
  }
}
