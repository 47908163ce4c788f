package dev.promptly.worker.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.testsupport.Commands;
import dev.promptly.testsupport.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The webhook receiver of {@code webhook-compat/receiver.mjs}, run with node: it checks every
 * request's signature with the official {@code standardwebhooks} npm package, an implementation of
 * the scheme independent of Promptly's, and logs what it saw.
 */
final class NodeWebhookReceiver implements AutoCloseable {
  private static final Path COMPAT =
      Path.of(System.getProperty("user.dir")).resolveSibling("webhook-compat");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** One request as the receiver saw it. */
  record Received(
      String path,
      long receivedAtMs,
      String webhookId,
      long webhookTimestamp,
      int signatures,
      String contentType,
      String userAgent,
      List<String> verifiedWith,
      String body,
      String type,
      String jobId,
      String jobStatus) {}

  private final Process process;
  private final int port;
  private final HttpClient http = HttpClient.newHttpClient();

  private NodeWebhookReceiver(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Installs the pinned package (npm ci) and starts the receiver on a free port. */
  static NodeWebhookReceiver start() throws Exception {
    List<String> install = List.of("npm", "ci", "--no-audit", "--no-fund");
    Commands.Outcome installed = Commands.run(COMPAT, install, "", Duration.ofMinutes(3));
    assertThat(installed.exitCode()).as("%s\n%s", install, installed.output()).isZero();
    int port = FreePorts.pick();
    Process process =
        new ProcessBuilder("node", "receiver.mjs", Integer.toString(port))
            .directory(COMPAT.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    NodeWebhookReceiver receiver = new NodeWebhookReceiver(process, port);
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> FreePorts.isListening(port));
    return receiver;
  }

  /** Whether node and npm can be run here. */
  static boolean isAvailable() {
    return Commands.onPath("node") && Commands.onPath("npm");
  }

  /** A URL of the receiver, e.g. {@code url("/ok/my-test")}. */
  String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  /** Secrets, by a name, that the receiver checks each request against. */
  void trust(Map<String, String> secretsByName) {
    send(
        HttpRequest.newBuilder(URI.create(url("/_secrets")))
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(secretsByName))));
  }

  /** What arrived under this path prefix, in arrival order. */
  List<Received> received(String prefix) {
    String log =
        send(
            HttpRequest.newBuilder(
                    URI.create(
                        url("/_log?prefix=" + URLEncoder.encode(prefix, StandardCharsets.UTF_8))))
                .GET());
    List<Received> entries = new ArrayList<>();
    for (JsonNode entry : JSON.readTree(log)) {
      List<String> verified = new ArrayList<>();
      entry.get("verified_with").forEach(name -> verified.add(name.asString()));
      entries.add(
          new Received(
              entry.get("path").asString(),
              entry.get("received_at_ms").asLong(),
              entry.get("webhook_id").asString(null),
              entry.get("webhook_timestamp").isNull()
                  ? 0
                  : Long.parseLong(entry.get("webhook_timestamp").asString()),
              entry.get("signatures").asInt(),
              entry.get("content_type").asString(null),
              entry.get("user_agent").asString(null),
              verified,
              entry.get("body").asString(),
              entry.get("type").asString(null),
              entry.get("job_id").asString(null),
              entry.get("job_status").asString(null)));
    }
    return entries;
  }

  @Override
  public void close() {
    process.destroy();
  }

  private String send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isLessThan(300);
      return response.body();
    } catch (IOException e) {
      throw new IllegalStateException("webhook receiver unreachable", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
