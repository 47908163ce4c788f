package dev.promptly.worker.llm;

import dev.promptly.worker.failures.PermanentJobException;
import dev.promptly.worker.failures.RetryableJobException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One provider's Files and Batches endpoints (OpenAI's batch protocol, which langchain4j does not
 * cover), on the JDK's HTTP client. Nothing is retried here: every failure is a {@link
 * RetryableJobException} or a {@link PermanentJobException}, classified as for live calls, and the
 * caller decides when to try again.
 *
 * <p>A batch is created with {@value #FILE_KEY} in its metadata, so that a caller that crashed
 * after {@link #createBatch} but before recording the provider's id can find the batch again
 * ({@link #findBatchByFileKey}) rather than create a second one for the same lines.
 */
public class ProviderBatchClient {

  /** The metadata key under which a batch carries its caller's key for the file. */
  public static final String FILE_KEY = "promptly_file_key";

  private static final int LIST_PAGE_SIZE = 100;

  private final ProviderEndpoint endpoint;
  private final HttpClient http;
  private final ProviderBatchProperties properties;
  private final Clock clock;
  private final JsonMapper json;
  private final BatchFileWriter fileWriter;
  private final BatchResultReader resultReader;

  ProviderBatchClient(
      ProviderEndpoint endpoint,
      HttpClient http,
      ProviderBatchProperties properties,
      Clock clock,
      JsonMapper json) {
    this.endpoint = endpoint;
    this.http = http;
    this.properties = properties;
    this.clock = clock;
    this.json = json;
    this.fileWriter = new BatchFileWriter(json);
    this.resultReader = new BatchResultReader(json);
  }

  /** Uploads the lines as one batch input file; returns the provider's file id. */
  public String uploadBatchFile(List<ProviderBatchLine> lines) {
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("a batch file needs at least one line");
    }
    MultipartForm form =
        new MultipartForm()
            .field("purpose", "batch")
            .file("file", "promptly-batch.jsonl", "application/jsonl", fileWriter.write(lines));
    HttpRequest.Builder request =
        request("/files")
            .header("Content-Type", form.contentType())
            .POST(HttpRequest.BodyPublishers.ofByteArray(form.toBytes()));
    return requiredText(sendForJson(request, properties.transferTimeout()), "id");
  }

  /**
   * Creates a batch over an uploaded file, with a 24-hour completion window.
   *
   * @param fileKey the caller's own key for this file, stored as {@value #FILE_KEY}
   * @param metadata more pairs to store with the batch
   */
  public ProviderBatch createBatch(
      String inputFileId, String fileKey, Map<String, String> metadata) {
    Map<String, String> pairs = new LinkedHashMap<>(metadata);
    pairs.put(FILE_KEY, fileKey);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("input_file_id", inputFileId);
    body.put("endpoint", BatchFileWriter.ENDPOINT);
    body.put("completion_window", "24h");
    body.put("metadata", pairs);
    HttpRequest.Builder request =
        request("/batches")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
    return toBatch(sendForJson(request, properties.requestTimeout()));
  }

  public ProviderBatch retrieve(String batchId) {
    return toBatch(
        sendForJson(request("/batches/" + encode(batchId)).GET(), properties.requestTimeout()));
  }

  /**
   * Asks the provider to stop the batch; it answers {@code cancelling}, later {@code cancelled}.
   */
  public ProviderBatch cancel(String batchId) {
    HttpRequest.Builder request =
        request("/batches/" + encode(batchId) + "/cancel")
            .POST(HttpRequest.BodyPublishers.noBody());
    return toBatch(sendForJson(request, properties.requestTimeout()));
  }

  /**
   * The batch created with {@code fileKey}, if any. The provider lists newest first, so the search
   * stops at the first batch created before {@code createdSince}: the caller recorded its key
   * before creating the batch, so no older batch can be its own. Give {@code createdSince} a margin
   * for the skew between this machine's clock and the provider's.
   */
  public Optional<ProviderBatch> findBatchByFileKey(String fileKey, Instant createdSince) {
    // The provider's created_at is in whole seconds: a batch of the same second is not older.
    Instant since = createdSince.truncatedTo(ChronoUnit.SECONDS);
    String after = null;
    while (true) {
      String query = "?limit=" + LIST_PAGE_SIZE + (after == null ? "" : "&after=" + encode(after));
      JsonNode page = sendForJson(request("/batches" + query).GET(), properties.requestTimeout());
      for (JsonNode each : page.path("data").values()) {
        ProviderBatch batch = toBatch(each);
        if (fileKey.equals(batch.metadata().get(FILE_KEY))) {
          return Optional.of(batch);
        }
        if (batch.createdAt().isBefore(since)) {
          return Optional.empty();
        }
        after = batch.id();
      }
      if (!page.path("has_more").asBoolean(false) || after == null) {
        return Optional.empty();
      }
    }
  }

  /**
   * The lines of an output or error file, parsed as they arrive. The stream holds a connection:
   * close it (try-with-resources).
   */
  public Stream<ProviderBatchResult> download(String fileId) {
    Duration timeout = properties.transferTimeout();
    HttpRequest request =
        request("/files/" + encode(fileId) + "/content").GET().timeout(timeout).build();
    HttpResponse<Stream<String>> response = send(request, HttpResponse.BodyHandlers.ofLines());
    if (!isSuccessful(response)) {
      String body;
      try (Stream<String> lines = response.body()) {
        body = lines.collect(Collectors.joining("\n"));
      }
      throw failure(response, body, timeout);
    }
    return BatchResultStream.of(response.body(), resultReader, timeout);
  }

  private JsonNode sendForJson(HttpRequest.Builder request, Duration timeout) {
    HttpResponse<String> response =
        send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
    if (!isSuccessful(response)) {
      throw failure(response, response.body(), timeout);
    }
    try {
      return json.readTree(response.body());
    } catch (JacksonException e) {
      throw unreadable("a response that is not JSON", e);
    }
  }

  private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    try {
      return http.send(request, handler);
    } catch (IOException e) {
      throw ProviderErrors.classify(e, request.timeout().orElse(properties.requestTimeout()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RetryableJobException(
          "interrupted while waiting for the provider", null, null, false, e);
    }
  }

  private RuntimeException failure(HttpResponse<?> response, String body, Duration timeout) {
    Duration retryAfter = RetryAfter.from(response.headers(), clock.instant()).orElse(null);
    return ProviderErrors.classify(
        new ProviderHttpException(response.statusCode(), body, retryAfter), timeout);
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(endpoint.baseUrl() + path))
        .header("Authorization", "Bearer " + endpoint.apiKey());
  }

  private static ProviderBatch toBatch(JsonNode batch) {
    try {
      return ProviderBatchWire.toBatch(batch);
    } catch (IllegalArgumentException e) {
      throw unreadable(e.getMessage(), e);
    }
  }

  private static String requiredText(JsonNode node, String field) {
    if (!node.path(field).isString()) {
      throw unreadable("an answer without '" + field + "'", null);
    }
    return node.path(field).stringValue();
  }

  private static RetryableJobException unreadable(String what, Throwable cause) {
    return new RetryableJobException("provider sent " + what, null, null, true, cause);
  }

  private static boolean isSuccessful(HttpResponse<?> response) {
    return response.statusCode() >= 200 && response.statusCode() < 300;
  }

  private static String encode(String pathSegment) {
    return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8);
  }
}
