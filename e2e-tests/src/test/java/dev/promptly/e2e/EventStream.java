package dev.promptly.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads a job's server-sent events to the end, as an EventSource would, noting arrival times. */
final class EventStream {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  record Event(String name, JsonNode data, Instant receivedAt) {}

  private EventStream() {}

  /** Every event of the stream until the server closes it; heartbeat comments are skipped. */
  static List<Event> readToEnd(String baseUrl, String path, String apiKey) throws Exception {
    HttpResponse<InputStream> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .header("Authorization", "Bearer " + apiKey)
                    .header("Accept", "text/event-stream")
                    .timeout(Duration.ofSeconds(90))
                    .build(),
                HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "stream refused: "
              + response.statusCode()
              + " "
              + new String(response.body().readAllBytes()));
    }
    List<Event> events = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String name = "message";
      StringBuilder data = new StringBuilder();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isEmpty()) {
          if (!data.isEmpty()) {
            events.add(new Event(name, JSON.readTree(data.toString()), Instant.now()));
          }
          name = "message";
          data.setLength(0);
        } else if (line.startsWith("event:")) {
          name = line.substring("event:".length()).strip();
        } else if (line.startsWith("data:")) {
          data.append(line.substring("data:".length()));
        }
      }
    } catch (IOException e) {
      // the server closed the stream
    }
    return events;
  }
}
