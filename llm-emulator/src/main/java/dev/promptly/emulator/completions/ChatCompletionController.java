package dev.promptly.emulator.completions;

import dev.promptly.emulator.ApiErrorException;
import dev.promptly.emulator.Outcome;
import dev.promptly.emulator.control.EmulatorConfig;
import dev.promptly.emulator.control.EmulatorSettings;
import dev.promptly.emulator.control.EmulatorStats;
import dev.promptly.emulator.control.Fault;
import dev.promptly.emulator.control.FaultInjector;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/chat/completions}. The raw body is read whatever the content type (a bare {@code
 * curl -d} sends a form type), so that malformed JSON gets OpenAI's 400 rather than Spring's.
 */
@RestController
class ChatCompletionController {

  private final ApiKeyVerifier apiKeys;
  private final CompletionRequestReader requests;
  private final FaultInjector faults;
  private final EmulatorConfig config;
  private final CompletionGenerator generator;
  private final CompletionStreamWriter streamWriter;
  private final EmulatorStats stats;

  ChatCompletionController(
      ApiKeyVerifier apiKeys,
      CompletionRequestReader requests,
      FaultInjector faults,
      EmulatorConfig config,
      CompletionGenerator generator,
      CompletionStreamWriter streamWriter,
      EmulatorStats stats) {
    this.apiKeys = apiKeys;
    this.requests = requests;
    this.faults = faults;
    this.config = config;
    this.generator = generator;
    this.streamWriter = streamWriter;
    this.stats = stats;
  }

  /** Answers with JSON, or writes a stream itself and returns null: the response is handled. */
  @PostMapping("/v1/chat/completions")
  ResponseEntity<ChatCompletion> complete(
      @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      InputStream body,
      HttpServletResponse response)
      throws IOException {
    try {
      apiKeys.verify(authorization);
      CompletionRequest request =
          requests.read(new String(body.readAllBytes(), StandardCharsets.UTF_8));
      EmulatorSettings settings = config.current();
      Optional<Fault> fault = faults.chooseFault();
      if (fault.isPresent()) {
        throw FaultResponses.toException(fault.get());
      }
      Completion completion = generator.generate(request, settings);
      stats.record(Outcome.OK);
      return answer(request, completion, settings, response);
    } catch (ApiErrorException e) {
      stats.record(e.outcome());
      throw e;
    }
  }

  private ResponseEntity<ChatCompletion> answer(
      CompletionRequest request,
      Completion completion,
      EmulatorSettings settings,
      HttpServletResponse response) {
    Pacer pacer = Pacer.of(settings);
    // latency_ms is the provider's time before it answers at all, streamed or not: a watched job
    // (which streams) must not finish sooner than an unwatched one.
    pacer.awaitResponse();
    if (request.stream()) {
      boolean includeUsage = request.includeUsage() && settings.streamUsage();
      streamWriter.write(completion, includeUsage, pacer, response);
      return null;
    }
    return ResponseEntity.ok(ChatCompletion.of(completion));
  }
}
