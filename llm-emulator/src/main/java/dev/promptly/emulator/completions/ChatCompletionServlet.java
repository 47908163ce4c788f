package dev.promptly.emulator.completions;

import dev.promptly.emulator.ApiError;
import dev.promptly.emulator.ApiErrorException;
import dev.promptly.emulator.Outcome;
import dev.promptly.emulator.control.EmulatorConfig;
import dev.promptly.emulator.control.EmulatorSettings;
import dev.promptly.emulator.control.EmulatorStats;
import dev.promptly.emulator.control.FaultInjector;
import dev.promptly.emulator.replies.TokenCounter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /v1/chat/completions}, as a servlet of its own beside Spring MVC's: benchmarks send
 * thousands of completions a second, and MVC's handler mapping, argument resolution and message
 * converters cost as much CPU as the completion itself. The raw body is read whatever the content
 * type (a bare {@code curl -d} sends a form type), so that malformed JSON gets OpenAI's 400.
 */
@Component
class ChatCompletionServlet extends HttpServlet {

  private static final Logger log = LoggerFactory.getLogger(ChatCompletionServlet.class);

  private final transient ApiKeyVerifier apiKeys;
  private final transient CompletionRequestReader requests;
  private final transient FaultInjector faults;
  private final transient EmulatorConfig config;
  private final transient CompletionGenerator generator;
  private final transient CompletionStreamWriter streamWriter;
  private final transient EmulatorStats stats;
  private final transient JsonMapper jsonMapper;
  private final transient TokenCounter tokens;

  ChatCompletionServlet(
      ApiKeyVerifier apiKeys,
      CompletionRequestReader requests,
      FaultInjector faults,
      EmulatorConfig config,
      CompletionGenerator generator,
      CompletionStreamWriter streamWriter,
      EmulatorStats stats,
      JsonMapper jsonMapper,
      TokenCounter tokens) {
    this.apiKeys = apiKeys;
    this.requests = requests;
    this.faults = faults;
    this.config = config;
    this.generator = generator;
    this.streamWriter = streamWriter;
    this.stats = stats;
    this.jsonMapper = jsonMapper;
    this.tokens = tokens;
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    stats.started();
    try {
      complete(request, response);
    } catch (ApiErrorException e) {
      stats.record(e.outcome());
      e.headers().forEach((name, values) -> values.forEach(v -> response.addHeader(name, v)));
      writeJson(response, e.status().value(), e.body());
    } catch (RuntimeException e) {
      log.error("Unexpected failure", e);
      if (response.isCommitted()) {
        return; // a stream already under way can only be cut short
      }
      writeJson(
          response,
          HttpServletResponse.SC_INTERNAL_SERVER_ERROR,
          new ApiError(
              "The emulator had an error while processing your request.",
              "server_error",
              null,
              null));
    } finally {
      stats.finished();
    }
  }

  // Other methods get what Spring MVC answered for a POST-only mapping: Boot's error page.
  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    methodNotAllowed(response);
  }

  @Override
  protected void doPut(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    methodNotAllowed(response);
  }

  @Override
  protected void doDelete(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    methodNotAllowed(response);
  }

  @Override
  protected void doOptions(HttpServletRequest request, HttpServletResponse response) {
    response.setHeader(HttpHeaders.ALLOW, "POST,OPTIONS");
  }

  private void complete(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    apiKeys.verify(request.getHeader(HttpHeaders.AUTHORIZATION));
    CompletionRequest completionRequest =
        requests.read(new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    EmulatorSettings settings = config.current();
    FaultInjector.Verdict verdict = faults.decide(rateLimitedTokens(completionRequest, settings));
    if (verdict.fault().isPresent()) {
      throw FaultResponses.toException(verdict.fault().get(), verdict.limits());
    }
    RateLimitHeaders.write(verdict.limits(), response::setHeader);
    Completion completion = generator.generate(completionRequest, settings);
    stats.record(Outcome.OK);
    Pacer pacer = Pacer.of(settings);
    // latency_ms is the provider's time before it answers at all, streamed or not: a watched job
    // (which streams) must not finish sooner than an unwatched one.
    pacer.awaitResponse();
    if (completionRequest.stream()) {
      boolean includeUsage = completionRequest.includeUsage() && settings.streamUsage();
      streamWriter.write(completion, includeUsage, pacer, response);
    } else {
      writeJson(response, HttpServletResponse.SC_OK, ChatCompletion.of(completion));
    }
  }

  /** What a request counts against {@code tpm_limit}: its prompt plus {@code max_tokens}. */
  private long rateLimitedTokens(CompletionRequest request, EmulatorSettings settings) {
    if (settings.tpmLimit() == 0) {
      return 0;
    }
    return (long) tokens.countPrompt(request.conversation()) + request.maxTokens().orElse(0);
  }

  private void writeJson(HttpServletResponse response, int status, Object body) throws IOException {
    byte[] bytes = jsonMapper.writeValueAsBytes(body);
    response.setStatus(status);
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  private static void methodNotAllowed(HttpServletResponse response) throws IOException {
    response.setHeader(HttpHeaders.ALLOW, "POST");
    response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
  }
}
