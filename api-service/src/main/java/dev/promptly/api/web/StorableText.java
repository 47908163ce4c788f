package dev.promptly.api.web;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * What text a request may carry so that it can be stored and sent on unchanged. Jackson alone is
 * too forgiving here: it decodes overlong and out-of-range UTF-8 sequences, guesses UTF-16 from the
 * first bytes, and accepts {@code \u0000} and lone surrogate escapes, which Postgres then refuses
 * (a 500) or which reach the model as garbage.
 */
final class StorableText {
  private StorableText() {}

  /**
   * The body as text, decoded as strict UTF-8 (RFC 8259 §8.1).
   *
   * @return empty when the bytes are not well-formed UTF-8
   */
  static Optional<String> decodeUtf8(byte[] body) {
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(body))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  /** Adds a problem for every string (value or key) holding a NUL or an unpaired surrogate. */
  static void check(JsonNode node, String path, List<FieldProblem> problems) {
    if (node.isString() && !isStorable(node.asString())) {
      problems.add(new FieldProblem(orBody(path), "must not contain NUL or unpaired surrogates"));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        check(node.get(i), path + "[" + i + "]", problems);
      }
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        if (!isStorable(field.getKey())) {
          problems.add(
              new FieldProblem(orBody(path), "keys must not contain NUL or unpaired surrogates"));
          continue;
        }
        check(
            field.getValue(),
            path.isEmpty() ? field.getKey() : path + "." + field.getKey(),
            problems);
      }
    }
  }

  static boolean isStorable(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0) {
        return false;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  private static String orBody(String path) {
    return path.isEmpty() ? "body" : path;
  }
}
