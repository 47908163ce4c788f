package dev.promptly.emulator.replies;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Counts, cuts and chunks text in real tokens of the gpt-4o family (o200k_base), so usage figures
 * and {@code max_tokens} behave like the provider's.
 */
@Component
public class TokenCounter {

  // OpenAI's documented framing: each message costs 3 tokens, and the reply is primed with 3.
  private static final int TOKENS_PER_MESSAGE = 3;
  private static final int REPLY_PRIMING_TOKENS = 3;

  // Instructions repeat from request to request (a service sends the same system prompt with
  // every job), and counting is most of a completion's CPU; the cache is cleared when full.
  private static final int MAX_REMEMBERED_INSTRUCTIONS = 64;
  private static final int MAX_REMEMBERED_LENGTH = 8_192;
  private static final List<String> ROLES =
      List.of("system", "developer", "user", "assistant", "tool", "function");

  // Parsing o200k_base's 200,000 tokens is a large part of the emulator's start-up: it happens on
  // first use, or on a virtual thread once the emulator is ready, whichever comes first.
  private static final class Loaded {
    private static final Encoding ENCODING =
        Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    private static final Map<String, Integer> ROLE_TOKENS = countEach(ROLES);

    private static Map<String, Integer> countEach(List<String> texts) {
      Map<String, Integer> counts = new HashMap<>();
      texts.forEach(text -> counts.put(text, ENCODING.countTokensOrdinary(text)));
      return Map.copyOf(counts);
    }
  }

  @EventListener(ApplicationReadyEvent.class)
  void loadInTheBackground() {
    Thread.ofVirtual().name("o200k-load").start(() -> Loaded.ROLE_TOKENS.size());
  }

  private final Map<String, Integer> instructionTokens = new ConcurrentHashMap<>();

  public int count(String text) {
    return Loaded.ENCODING.countTokensOrdinary(text);
  }

  public int countPrompt(List<ConversationMessage> conversation) {
    int tokens = REPLY_PRIMING_TOKENS;
    for (ConversationMessage message : conversation) {
      tokens += TOKENS_PER_MESSAGE + countRole(message.role()) + countContent(message);
    }
    return tokens;
  }

  private int countRole(String role) {
    Integer known = Loaded.ROLE_TOKENS.get(role);
    return known != null ? known : count(role);
  }

  private int countContent(ConversationMessage message) {
    String content = message.content();
    if (!message.isInstruction() || content.length() > MAX_REMEMBERED_LENGTH) {
      return count(content);
    }
    Integer known = instructionTokens.get(content);
    if (known != null) {
      return known;
    }
    int tokens = count(content);
    if (instructionTokens.size() >= MAX_REMEMBERED_INSTRUCTIONS) {
      instructionTokens.clear();
    }
    instructionTokens.put(content, tokens);
    return tokens;
  }

  /** Keeps at most {@code maxTokens} tokens of the text, as a provider's output limit does. */
  public TokenSlice limit(String text, OptionalInt maxTokens) {
    IntArrayList tokens = Loaded.ENCODING.encodeOrdinary(text);
    if (maxTokens.isEmpty() || tokens.size() <= maxTokens.getAsInt()) {
      return new TokenSlice(text, tokens.size(), false);
    }
    IntArrayList kept = new IntArrayList(maxTokens.getAsInt());
    for (int i = 0; i < maxTokens.getAsInt(); i++) {
      kept.add(tokens.get(i));
    }
    byte[] bytes = Loaded.ENCODING.decodeBytes(kept);
    String prefix = new String(bytes, 0, completeUtf8Length(bytes), StandardCharsets.UTF_8);
    return new TokenSlice(prefix, kept.size(), true);
  }

  /**
   * Splits text into stream deltas of about {@code tokensPerChunk} tokens. A token can end inside a
   * multi-byte character, so incomplete bytes are carried to the next delta: the deltas always
   * concatenate to the original text.
   */
  public List<TextChunk> chunk(String text, int tokensPerChunk) {
    IntArrayList tokens = Loaded.ENCODING.encodeOrdinary(text);
    List<TextChunk> chunks = new ArrayList<>();
    ByteArrayOutputStream pending = new ByteArrayOutputStream();
    int pendingTokens = 0;
    for (int start = 0; start < tokens.size(); start += tokensPerChunk) {
      IntArrayList group = new IntArrayList(tokensPerChunk);
      for (int i = start; i < Math.min(start + tokensPerChunk, tokens.size()); i++) {
        group.add(tokens.get(i));
      }
      pending.writeBytes(Loaded.ENCODING.decodeBytes(group));
      pendingTokens += group.size();
      byte[] bytes = pending.toByteArray();
      int complete = completeUtf8Length(bytes);
      if (complete > 0) {
        chunks.add(
            new TextChunk(new String(bytes, 0, complete, StandardCharsets.UTF_8), pendingTokens));
        pending.reset();
        pending.write(bytes, complete, bytes.length - complete);
        pendingTokens = 0;
      }
    }
    if (pending.size() > 0) {
      chunks.add(new TextChunk(pending.toString(StandardCharsets.UTF_8), pendingTokens));
    }
    return chunks;
  }

  /** The length of the longest prefix that does not end inside a UTF-8 sequence. */
  static int completeUtf8Length(byte[] bytes) {
    int length = bytes.length;
    for (int back = 1; back <= Math.min(4, length); back++) {
      int b = bytes[length - back] & 0xFF;
      if ((b & 0xC0) == 0x80) {
        continue;
      }
      int sequenceLength = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
      return sequenceLength > back ? length - back : length;
    }
    return length;
  }
}
