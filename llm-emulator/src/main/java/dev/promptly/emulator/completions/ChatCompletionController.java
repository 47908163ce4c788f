package dev.promptly.emulator.completions;

import dev.promptly.emulator.ApiErrorException;
import dev.promptly.emulator.Outcome;
import dev.promptly.emulator.control.EmulatorConfig;
import dev.promptly.emulator.control.EmulatorStats;
import dev.promptly.emulator.control.FaultInjector;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/chat/completions}. The body is read as text so that malformed JSON gets
 * OpenAI's 400 rather than Spring's, whatever the content type.
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

  @PostMapping("/v1/chat/completions")
  ResponseEntity<?> complete(
      @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      @RequestBody(required = false) String body) {
    try {
      apiKeys.verify(authorization);
      CompletionRequest request = requests.read(body);
      Pacer pacer = Pacer.of(config.current());
      faults.chooseFault().ifPresent(fault -> {
        throw FaultResponses.toException(fault);
      });
      Completion completion = generator.generate(request);
      stats.record(Outcome.OK);
      if (request.stream()) {
        return streamWriter.stream(completion, request.includeUsage(), pacer);
      }
      pacer.awaitResponse();
      return ResponseEntity.ok(ChatCompletion.of(completion));
    } catch (ApiErrorException e) {
      stats.record(e.outcome());
      throw e;
    }
  }
}
