package dev.promptly.api.hostile;

import static dev.promptly.api.hostile.HostileRequest.expect;
import static dev.promptly.api.hostile.HostileRequest.invalid;
import static dev.promptly.api.hostile.MalformedBodies.submit;

import dev.promptly.api.RawHttp;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Unicode edge cases: look-alike and invisible characters in fields that take a fixed word, NUL and
 * lone surrogates (as JSON escapes) anywhere, and bytes that are not well-formed UTF-8.
 */
final class HostileText {
  private HostileText() {}

  static Stream<HostileRequest> all(HostileRequest.Context context) {
    return Stream.of(lookAlikes(context), unstorable(context), notUtf8(context))
        .flatMap(cases -> cases);
  }

  /** Each closed-set field with a word that only looks right. */
  private static Stream<HostileRequest> lookAlikes(HostileRequest.Context context) {
    Map<String, UnaryOperator<String>> disguises = new LinkedHashMap<>();
    disguises.put("right-to-left mark", word -> word + "\u200F");
    disguises.put("right-to-left override", word -> "\u202E" + reversed(word));
    disguises.put("zero-width space", word -> "\u200B" + word);
    disguises.put("emoji", word -> word + "\uD83D\uDCA5");
    disguises.put("Cyrillic look-alike", HostileText::cyrillic);
    disguises.put("fullwidth letters", HostileText::fullwidth);
    disguises.put("combining accent", word -> word + "\u0301");
    disguises.put("NUL escape", word -> word + "\\u0000");
    disguises.put("lone high surrogate escape", word -> word + "\\ud800");
    disguises.put("lone low surrogate escape", word -> "\\udc00" + word);
    List<Slot> slots =
        List.of(
            new Slot("kind", "kind", "chat", (slot, raw) -> chatWithKind(raw)),
            new Slot("priority", "priority", "high", JobBodies::summarizeWith),
            new Slot("model", "model", "default", JobBodies::summarizeWith),
            new Slot("input.style", "style", "bullets", JobBodies::summarizeInputWith),
            new Slot("input.messages[0].role", "role", "user", JobBodies::messageWith));
    List<HostileRequest> cases = new ArrayList<>();
    for (Slot slot : slots) {
      disguises.forEach(
          (disguise, apply) ->
              cases.add(
                  invalid(
                      "unicode",
                      slot.field() + " with " + disguise,
                      submit(
                          context.tenantKey(),
                          slot.body()
                              .apply(slot.name(), JobBodies.quoted(apply.apply(slot.word())))),
                      slot.field())));
    }
    return cases.stream();
  }

  /** NUL and unpaired surrogates in free text, which Postgres cannot store. */
  private static Stream<HostileRequest> unstorable(HostileRequest.Context context) {
    List<String> escapes =
        List.of("a\\u0000b", "\\ud800", "x\\udc00", "\\udc00\\ud800", "ends high \\ud83d");
    List<HostileRequest> cases = new ArrayList<>();
    for (String escape : escapes) {
      String text = JobBodies.quoted(escape);
      cases.add(
          invalid(
              "unicode",
              "input.text = " + escape,
              submit(context.tenantKey(), JobBodies.summarizeInputWith("text", text)),
              "input.text"));
      cases.add(
          invalid(
              "unicode",
              "message content = " + escape,
              submit(context.tenantKey(), JobBodies.messageWith("content", text)),
              "input.messages[0].content"));
      cases.add(
          invalid(
              "unicode",
              "metadata value = " + escape,
              submit(
                  context.tenantKey(), JobBodies.summarizeWith("metadata", "{\"k\":" + text + "}")),
              "metadata.k"));
      cases.add(
          invalid(
              "unicode",
              "metadata key = " + escape,
              submit(
                  context.tenantKey(), JobBodies.summarizeWith("metadata", "{" + text + ":\"v\"}")),
              "metadata"));
      cases.add(
          invalid(
              "unicode",
              "webhook_url with " + escape,
              submit(
                  context.tenantKey(),
                  JobBodies.summarizeWith("webhook_url", "\"https://example.com/" + escape + "\"")),
              "webhook_url"));
    }
    cases.add(
        invalid(
            "unicode",
            "Idempotency-Key with an emoji",
            submit(context.tenantKey(), MalformedBodies.VALID_CHAT)
                .header("Idempotency-Key", "order-\uD83D\uDCA5"),
            "Idempotency-Key"));
    cases.add(
        invalid(
            "unicode",
            "Idempotency-Key with a right-to-left override",
            submit(context.tenantKey(), MalformedBodies.VALID_CHAT)
                .header("Idempotency-Key", "order-\u202E1"),
            "Idempotency-Key"));
    return cases.stream();
  }

  /** Bodies whose bytes are not well-formed UTF-8, or are another encoding altogether. */
  private static Stream<HostileRequest> notUtf8(HostileRequest.Context context) {
    Map<String, int[]> sequences = new LinkedHashMap<>();
    sequences.put("overlong slash C0 AF", new int[] {0xC0, 0xAF});
    sequences.put("overlong NUL C0 80", new int[] {0xC0, 0x80});
    sequences.put("three-byte overlong slash", new int[] {0xE0, 0x80, 0xAF});
    sequences.put("four-byte overlong slash", new int[] {0xF0, 0x80, 0x80, 0xAF});
    sequences.put("encoded high surrogate (CESU-8)", new int[] {0xED, 0xA0, 0x80});
    sequences.put("encoded low surrogate (CESU-8)", new int[] {0xED, 0xB0, 0x80});
    sequences.put("byte FF", new int[] {0xFF});
    sequences.put("byte FE", new int[] {0xFE});
    sequences.put("lone continuation byte", new int[] {0x80});
    sequences.put("truncated three-byte sequence", new int[] {0xE2, 0x82});
    sequences.put("lead byte F5", new int[] {0xF5, 0x80, 0x80, 0x80});
    sequences.put("above U+10FFFF", new int[] {0xF4, 0x90, 0x80, 0x80});
    sequences.put("Latin-1 e-acute", new int[] {0xE9});
    List<HostileRequest> cases = new ArrayList<>();
    sequences.forEach(
        (name, bytes) ->
            cases.add(
                expect(
                    "raw-bytes",
                    name + " in input.text",
                    rawBody(context.tenantKey(), textWith(bytes)),
                    400,
                    "invalid_request")));
    Map<String, Charset> encodings = new LinkedHashMap<>();
    encodings.put("UTF-16BE", StandardCharsets.UTF_16BE);
    encodings.put("UTF-16 with BOM", StandardCharsets.UTF_16);
    encodings.put("UTF-16LE", StandardCharsets.UTF_16LE);
    encodings.put("UTF-32", Charset.forName("UTF-32"));
    encodings.forEach(
        (name, charset) ->
            cases.add(
                expect(
                    "raw-bytes",
                    "body in " + name,
                    rawBody(context.tenantKey(), MalformedBodies.VALID_CHAT.getBytes(charset)),
                    400,
                    "invalid_request")));
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    ByteArrayOutputStream withBom = new ByteArrayOutputStream();
    withBom.writeBytes(bom);
    withBom.writeBytes(MalformedBodies.VALID_CHAT.getBytes(StandardCharsets.UTF_8));
    cases.add(
        expect(
            "raw-bytes",
            "UTF-8 byte order mark",
            rawBody(context.tenantKey(), withBom.toByteArray()),
            400,
            "invalid_request"));
    return cases.stream();
  }

  private static RawHttp.Request rawBody(String key, byte[] body) {
    return RawHttp.request("POST", "/v1/jobs")
        .auth(key)
        .header("Content-Type", "application/json")
        .body(body);
  }

  private static byte[] textWith(int[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(
        "{\"kind\":\"summarize\",\"input\":{\"text\":\"ab".getBytes(StandardCharsets.UTF_8));
    for (int b : bytes) {
      out.write(b);
    }
    out.writeBytes("cd\"}}".getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  private static String chatWithKind(String rawKind) {
    return "{\"kind\":"
        + rawKind
        + ",\"input\":{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}}";
  }

  private static String reversed(String word) {
    return new StringBuilder(word).reverse().toString();
  }

  private static String cyrillic(String word) {
    return word.replace('a', '\u0430')
        .replace('c', '\u0441')
        .replace('e', '\u0435')
        .replace('o', '\u043E')
        .replace('p', '\u0440')
        .replace('u', '\u0438')
        .replace('h', '\u04BB');
  }

  private static String fullwidth(String word) {
    StringBuilder wide = new StringBuilder();
    word.chars().forEach(c -> wide.append((char) (c - 0x21 + 0xFF01)));
    return wide.toString();
  }

  private record Slot(
      String field, String name, String word, BiFunction<String, String, String> body) {}
}
