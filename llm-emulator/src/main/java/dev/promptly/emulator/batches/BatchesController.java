package dev.promptly.emulator.batches;

import dev.promptly.emulator.ApiError;
import dev.promptly.emulator.ApiErrorException;
import dev.promptly.emulator.BatchEvent;
import dev.promptly.emulator.Outcome;
import dev.promptly.emulator.completions.ApiKeyVerifier;
import dev.promptly.emulator.control.EmulatorConfig;
import dev.promptly.emulator.control.EmulatorStats;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * OpenAI's Batches endpoints for {@code /v1/chat/completions}: create, look up, cancel, list. What
 * a request can be refused for at once is refused here; the input file is validated later, while
 * the batch is {@code validating}, as OpenAI does.
 */
@RestController
class BatchesController {

  static final String ENDPOINT = "/v1/chat/completions";

  private final ApiKeyVerifier apiKeys;
  private final FileStore files;
  private final BatchStore batches;
  private final BatchRunner runner;
  private final EmulatorStats stats;
  private final EmulatorConfig config;
  private final Clock clock;
  private final JsonMapper jsonMapper;

  BatchesController(
      ApiKeyVerifier apiKeys,
      FileStore files,
      BatchStore batches,
      BatchRunner runner,
      EmulatorStats stats,
      EmulatorConfig config,
      Clock clock,
      JsonMapper jsonMapper) {
    this.apiKeys = apiKeys;
    this.files = files;
    this.batches = batches;
    this.runner = runner;
    this.stats = stats;
    this.config = config;
    this.clock = clock;
    this.jsonMapper = jsonMapper;
  }

  @PostMapping("/v1/batches")
  BatchObject create(
      @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      InputStream body)
      throws IOException {
    apiKeys.verify(authorization);
    CreateBatchRequest request = read(body.readAllBytes());
    request.requireSupported(ENDPOINT);
    Map<String, String> metadata = BatchMetadata.check(request.metadata());
    StoredFile input = files.require(request.inputFileId(), "input_file_id");
    if (!"batch".equals(input.purpose())) {
      throw ApiErrorException.invalidRequest(
          "The input file must have purpose 'batch'.", "input_file_id");
    }
    Batch batch = batches.create(input.id(), ENDPOINT, metadata, clock.instant().getEpochSecond());
    stats.record(BatchEvent.BATCH_CREATED);
    BatchObject created = batch.toWire();
    runner.submit(batch);
    holdBackTheAnswer(config.current().batchCreateDelayMs());
    return created;
  }

  // The batch exists from here on, whatever becomes of the client that asked for it.
  private static void holdBackTheAnswer(long millis) {
    if (millis <= 0) {
      return;
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @GetMapping("/v1/batches/{id}")
  BatchObject retrieve(
      @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      @PathVariable String id) {
    apiKeys.verify(authorization);
    return batches.require(id).toWire();
  }

  @PostMapping("/v1/batches/{id}/cancel")
  BatchObject cancel(
      @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      @PathVariable String id) {
    apiKeys.verify(authorization);
    Batch batch = batches.require(id);
    return runner
        .cancel(batch)
        .orElseThrow(
            () ->
                new ApiErrorException(
                    HttpStatusCode.valueOf(409),
                    Outcome.BAD_REQUEST,
                    new ApiError(
                        "Cannot cancel a batch with status '" + batch.status().wireName() + "'.",
                        "invalid_request_error",
                        null,
                        null),
                    new HttpHeaders()));
  }

  @GetMapping("/v1/batches")
  BatchList list(
      @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      @RequestParam(name = "limit", defaultValue = "20") int limit,
      @RequestParam(name = "after", required = false) String after) {
    apiKeys.verify(authorization);
    if (limit < 1 || limit > 100) {
      throw ApiErrorException.invalidRequest(
          "Invalid 'limit': expected a value between 1 and 100.", "limit");
    }
    List<Batch> page = batches.page(limit, after);
    boolean hasMore = page.size() > limit;
    List<BatchObject> data = page.stream().limit(limit).map(Batch::toWire).toList();
    return BatchList.of(data, hasMore);
  }

  /** Reads the raw body whatever the content type, and answers bad JSON with OpenAI's 400. */
  private CreateBatchRequest read(byte[] body) {
    try {
      CreateBatchRequest request = jsonMapper.readValue(body, CreateBatchRequest.class);
      if (request == null) {
        throw new IllegalArgumentException("empty body");
      }
      return request;
    } catch (JacksonException | IllegalArgumentException e) {
      throw ApiErrorException.invalidRequest(
          "We could not parse the JSON body of your request.", null);
    }
  }
}
