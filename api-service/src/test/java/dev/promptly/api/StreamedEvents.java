package dev.promptly.api;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads a job's event stream into names, {@code status:<status>} for status events, until the
 * server closes it; run it on a thread of its own.
 */
final class StreamedEvents {
  private StreamedEvents() {}

  static void read(int port, String job, String key, List<String> events) {
    try {
      HttpResponse<InputStream> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + port + "/v1/jobs/" + job + "/events"))
                      .header("Authorization", "Bearer " + key)
                      .build(),
                  HttpResponse.BodyHandlers.ofInputStream());
      BufferedReader lines =
          new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
      String name = null;
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.startsWith("event:")) {
          name = line.substring("event:".length()).strip();
        } else if (line.startsWith("data:") && "status".equals(name)) {
          events.add("status:" + line.replaceAll(".*\"status\":\"([a-z_]+)\".*", "$1"));
        } else if (line.startsWith("data:")) {
          events.add(name);
        }
      }
    } catch (Exception e) {
      events.add("error: " + e);
    }
  }
}
