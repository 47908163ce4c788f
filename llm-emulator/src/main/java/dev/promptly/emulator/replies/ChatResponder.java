package dev.promptly.emulator.replies;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Answers a chat deterministically: the reply quotes the last user message and describes the
 * conversation, so tests can tell which input produced it and repeated inputs give equal replies.
 */
@Component
class ChatResponder {

  private static final int QUOTED_WORDS = 12;

  String reply(List<ConversationMessage> conversation) {
    long fromUser = conversation.stream().filter(ConversationMessage::isUser).count();
    String seen =
        "I have read "
            + plural(conversation.size(), "message")
            + " in this conversation, "
            + fromUser
            + " of them from you. Conversation fingerprint: "
            + fingerprint(conversation)
            + ".";
    return lastUserContent(conversation)
        .map(content -> "You said: \"" + quote(content) + "\". " + seen)
        .orElse("There is no user message to answer. " + seen);
  }

  private static Optional<String> lastUserContent(List<ConversationMessage> conversation) {
    return conversation.reversed().stream()
        .filter(ConversationMessage::isUser)
        .map(m -> m.content().strip().replaceAll("\\s+", " "))
        .findFirst();
  }

  private static String quote(String content) {
    String[] words = content.split(" ");
    if (words.length <= QUOTED_WORDS) {
      return content;
    }
    return String.join(" ", Arrays.copyOf(words, QUOTED_WORDS)) + "…";
  }

  private static String plural(long count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }

  private static String fingerprint(List<ConversationMessage> conversation) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (ConversationMessage message : conversation) {
        // Separators keep ("ab","c") and ("a","bc") from hashing alike.
        digest.update(message.role().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(message.content().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
      }
      return HexFormat.of().formatHex(digest.digest(), 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
