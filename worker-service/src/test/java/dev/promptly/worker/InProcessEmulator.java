package dev.promptly.worker;

import dev.promptly.emulator.LlmEmulatorApplication;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The project's LLM emulator, run in this JVM on a free port, and driven through its HTTP control
 * API as any client would.
 */
public final class InProcessEmulator {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final ConfigurableApplicationContext context;
  private final String origin;
  private final HttpClient http = HttpClient.newHttpClient();

  private InProcessEmulator(ConfigurableApplicationContext context) {
    this.context = context;
    this.origin = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
  }

  public static InProcessEmulator start() {
    ConfigurableApplicationContext context =
        // Arguments, not default properties: those would lose to the emulator's own server.port.
        new SpringApplicationBuilder(LlmEmulatorApplication.class)
            .run(
                "--server.port=0",
                // Only the emulator's own configuration: the worker's application.yml is on this
                // classpath too.
                "--spring.config.location=classpath:/application.properties",
                // The worker's test classpath brings JDBC, RabbitMQ and Redis; the emulator uses
                // none.
                "--spring.autoconfigure.exclude="
                    + "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
                    + "org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration,"
                    + "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration");
    InProcessEmulator emulator = new InProcessEmulator(context);
    Runtime.getRuntime().addShutdownHook(new Thread(context::close, "emulator-shutdown"));
    return emulator;
  }

  /** Stops it; for an emulator started for one test class only. */
  public void stop() {
    context.close();
  }

  /** The OpenAI-compatible base URL, with {@code /v1}. */
  public String baseUrl() {
    return origin + "/v1";
  }

  /** Back to the startup configuration, with zeroed stats. */
  public void reset() {
    send(
        HttpRequest.newBuilder(URI.create(origin + "/emulator/reset"))
            .POST(HttpRequest.BodyPublishers.noBody()));
  }

  /** Applies a {@code PUT /emulator/config} patch, e.g. {@code {"outage": true}}. */
  public void configure(String patchJson) {
    send(
        HttpRequest.newBuilder(URI.create(origin + "/emulator/config"))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(patchJson)));
  }

  /** How many completion requests the emulator has seen since the last reset, any outcome. */
  public long requests() {
    return stats().get("requests").asLong();
  }

  /** Completion requests answered with a completion since the last reset. */
  public long answered() {
    return stats().get("by_outcome").get("ok").asLong();
  }

  /** Completion requests refused with this outcome since the last reset, e.g. {@code outage}. */
  public long refused(String outcome) {
    return stats().get("by_outcome").get(outcome).asLong();
  }

  /**
   * A counter of the emulator's Files and Batches work since the last reset, e.g. {@code
   * files_created}, {@code batches_created}, {@code lines_answered}.
   */
  public long batchCount(String counter) {
    return stats().get("batches").get(counter).asLong();
  }

  private JsonNode stats() {
    return JSON.readTree(
        send(HttpRequest.newBuilder(URI.create(origin + "/emulator/stats")).GET()));
  }

  private String send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "emulator answered " + response.statusCode() + ": " + response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw new IllegalStateException("emulator unreachable", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
