package dev.promptly.emulator.completions;

import dev.promptly.emulator.replies.ReplyComposer;
import dev.promptly.emulator.replies.TokenCounter;
import dev.promptly.emulator.replies.TokenSlice;
import java.time.Clock;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Produces the answer to a request: its content, finish reason and token usage. */
@Component
class CompletionGenerator {

  private final ReplyComposer composer;
  private final TokenCounter tokens;
  private final Clock clock;

  CompletionGenerator(ReplyComposer composer, TokenCounter tokens, Clock clock) {
    this.composer = composer;
    this.tokens = tokens;
    this.clock = clock;
  }

  Completion generate(CompletionRequest request) {
    TokenSlice output = tokens.limit(composer.compose(request.conversation()), request.maxTokens());
    return new Completion(
        "chatcmpl-" + UUID.randomUUID().toString().replace("-", ""),
        clock.instant().getEpochSecond(),
        request.model(),
        output.text(),
        output.truncated() ? "length" : "stop",
        tokens.countPrompt(request.conversation()),
        output.tokens());
  }
}
