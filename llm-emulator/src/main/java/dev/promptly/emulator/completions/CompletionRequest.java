package dev.promptly.emulator.completions;

import dev.promptly.emulator.replies.ConversationMessage;
import java.util.List;
import java.util.OptionalInt;

/**
 * A validated completion request.
 *
 * @param model the requested model, echoed back; any name is accepted
 * @param conversation the messages, content flattened to text
 * @param maxTokens the output limit, if any
 * @param stream whether to answer with server-sent events
 * @param includeUsage whether a stream ends with a usage chunk
 */
record CompletionRequest(
    String model,
    List<ConversationMessage> conversation,
    OptionalInt maxTokens,
    boolean stream,
    boolean includeUsage) {

  CompletionRequest {
    conversation = List.copyOf(conversation);
  }
}
