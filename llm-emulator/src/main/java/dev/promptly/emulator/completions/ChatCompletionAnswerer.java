package dev.promptly.emulator.completions;

import dev.promptly.emulator.ApiErrorException;
import dev.promptly.emulator.control.EmulatorConfig;
import org.springframework.stereotype.Component;

/**
 * Answers one chat-completion body as {@code POST /v1/chat/completions} would, with the same reader
 * and generator, but without the live path's latency, rate limits and random faults: for the lines
 * of a provider batch, which OpenAI runs apart from a client's live traffic. A batch answer thereby
 * equals the live answer to the same request, usage included (only the ids and {@code created}
 * differ), and a request the live path rejects is rejected the same way.
 */
@Component
public class ChatCompletionAnswerer {

  private final CompletionRequestReader requests;
  private final CompletionGenerator generator;
  private final EmulatorConfig config;

  ChatCompletionAnswerer(
      CompletionRequestReader requests, CompletionGenerator generator, EmulatorConfig config) {
    this.requests = requests;
    this.generator = generator;
    this.config = config;
  }

  /**
   * What the live endpoint answers to {@code body}: a {@code chat.completion} with status 200, or
   * OpenAI's error body with its status. A batch line is never streamed, whatever it asks for.
   */
  public Answer answer(String body) {
    try {
      CompletionRequest request = requests.read(body);
      return new Answer(200, ChatCompletion.of(generator.generate(request, config.current())));
    } catch (ApiErrorException e) {
      return new Answer(e.status().value(), e.body());
    }
  }

  /**
   * One answer as a batch output line carries it.
   *
   * @param statusCode the HTTP status the live endpoint would have sent
   * @param body the {@code chat.completion}, or OpenAI's error body
   */
  public record Answer(int statusCode, Object body) {

    public boolean isSuccess() {
      return statusCode == 200;
    }
  }
}
