package dev.promptly.emulator.completions;

import dev.promptly.emulator.control.EmulatorConfig;
import dev.promptly.emulator.control.EmulatorSettings;
import dev.promptly.emulator.replies.ConversationMessage;
import dev.promptly.emulator.replies.ReplyComposer;
import dev.promptly.emulator.replies.TokenCounter;
import dev.promptly.emulator.replies.TokenSlice;
import java.time.Clock;
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Produces the answer to a request: its content, finish reason and token usage, within the model's
 * context window. Markers in a user message play answers that real providers give rarely and tests
 * need on demand: {@value #REFUSE}, {@value #FILTER} and {@value #EMPTY_CHOICES}.
 */
@Component
class CompletionGenerator {

  /** A user message with this marker gets a refusal, as OpenAI's {@code message.refusal}. */
  static final String REFUSE = "[[refuse]]";

  /** A user message with this marker is stopped by the content filter. */
  static final String FILTER = "[[filter]]";

  /** A user message with this marker gets an answer without choices. */
  static final String EMPTY_CHOICES = "[[empty_choices]]";

  static final String REFUSAL = "I can't help with that.";

  private final ReplyComposer composer;
  private final TokenCounter tokens;
  private final EmulatorConfig config;
  private final Clock clock;

  CompletionGenerator(
      ReplyComposer composer, TokenCounter tokens, EmulatorConfig config, Clock clock) {
    this.composer = composer;
    this.tokens = tokens;
    this.config = config;
    this.clock = clock;
  }

  /**
   * @throws dev.promptly.emulator.ApiErrorException with OpenAI's {@code context_length_exceeded}
   *     when the prompt and the requested output do not fit the model's context window
   */
  Completion generate(CompletionRequest request, EmulatorSettings settings) {
    List<ConversationMessage> conversation = request.conversation();
    int promptTokens = tokens.countPrompt(conversation);
    int window = settings.contextWindowOf(request.model());
    ContextWindow.check(window, promptTokens, request.maxTokens());
    String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
    long created = clock.instant().getEpochSecond();
    if (hasMarker(conversation, EMPTY_CHOICES) || config.takeEmptyChoices()) {
      return new Completion(id, created, request.model(), "", null, null, promptTokens, 0, false);
    }
    if (hasMarker(conversation, REFUSE)) {
      return new Completion(
          id,
          created,
          request.model(),
          null,
          REFUSAL,
          "stop",
          promptTokens,
          tokens.count(REFUSAL),
          true);
    }
    if (hasMarker(conversation, FILTER)) {
      return new Completion(
          id, created, request.model(), "", null, "content_filter", promptTokens, 0, true);
    }
    // Without max_tokens the output may fill what the prompt leaves of the window, no more.
    int room = window - promptTokens;
    int limit = request.maxTokens().isPresent() ? request.maxTokens().getAsInt() : room;
    TokenSlice output =
        tokens.limit(composer.compose(conversation), OptionalInt.of(Math.min(limit, room)));
    return new Completion(
        id,
        created,
        request.model(),
        output.text(),
        null,
        output.truncated() ? "length" : "stop",
        promptTokens,
        output.tokens(),
        true);
  }

  private static boolean hasMarker(List<ConversationMessage> conversation, String marker) {
    return conversation.stream()
        .anyMatch(message -> message.role().equals("user") && message.content().contains(marker));
  }
}
