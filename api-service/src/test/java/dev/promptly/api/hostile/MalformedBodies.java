package dev.promptly.api.hostile;

import static dev.promptly.api.hostile.HostileRequest.expect;
import static dev.promptly.api.hostile.HostileRequest.invalid;
import static dev.promptly.api.hostile.JobBodies.chatInputWith;
import static dev.promptly.api.hostile.JobBodies.quoted;
import static dev.promptly.api.hostile.JobBodies.summarizeInputWith;
import static dev.promptly.api.hostile.JobBodies.summarizeWith;

import dev.promptly.api.RawHttp;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** Job bodies that are not JSON, have values of the wrong type, or break the size limits. */
final class MalformedBodies {
  static final String VALID_CHAT =
      "{\"kind\":\"chat\",\"input\":{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
          + "\"max_tokens\":5},\"metadata\":{\"a\":\"b\"}}";

  private MalformedBodies() {}

  static Stream<HostileRequest> all(HostileRequest.Context context) {
    return Stream.of(brokenJson(context), wrongTypes(context), oversized(context))
        .flatMap(cases -> cases);
  }

  static RawHttp.Request submit(String key, String json) {
    return RawHttp.request("POST", "/v1/jobs").auth(key).json(json);
  }

  /** Every third prefix of a valid body, and JSON that bends the grammar. */
  private static Stream<HostileRequest> brokenJson(HostileRequest.Context context) {
    Stream<HostileRequest> truncated =
        IntStream.iterate(0, i -> i < VALID_CHAT.length(), i -> i + 3)
            .mapToObj(
                i ->
                    expect(
                        "broken-json",
                        "truncated after " + i + " characters",
                        submit(context.tenantKey(), VALID_CHAT.substring(0, i)),
                        400,
                        "invalid_request"));
    Map<String, String> grammar =
        Map.ofEntries(
            Map.entry("single quotes", "{'kind':'chat'}"),
            Map.entry("unquoted keys", "{kind:\"summarize\",input:{text:\"x\"}}"),
            Map.entry("trailing comma", "{\"kind\":\"summarize\",\"input\":{\"text\":\"x\"},}"),
            Map.entry("trailing comma in array", chatInputWith("messages", "[{},]")),
            Map.entry("line comment", "// hi\n" + VALID_CHAT),
            Map.entry("block comment", "/* hi */" + VALID_CHAT),
            Map.entry("NaN", chatInputWith("temperature", "NaN")),
            Map.entry("Infinity", chatInputWith("temperature", "Infinity")),
            Map.entry("leading zero", summarizeInputWith("max_words", "0120")),
            Map.entry("hex number", summarizeInputWith("max_words", "0x78")),
            Map.entry("plus sign", summarizeInputWith("max_words", "+120")),
            Map.entry("bare fraction", chatInputWith("temperature", ".5")),
            Map.entry("raw tab in a string", summarizeInputWith("text", "\"a\tb\"")),
            Map.entry("raw newline in a string", summarizeInputWith("text", "\"a\nb\"")),
            Map.entry("invalid escape", summarizeInputWith("text", "\"\\x41\"")),
            Map.entry("short unicode escape", summarizeInputWith("text", "\"\\u12\"")),
            Map.entry("duplicate key", "{\"kind\":\"chat\"," + VALID_CHAT.substring(1)),
            Map.entry("two documents", VALID_CHAT + VALID_CHAT),
            Map.entry("trailing garbage", VALID_CHAT + " ok"),
            Map.entry("top-level array", "[" + VALID_CHAT + "]"),
            Map.entry("top-level string", "\"chat\""),
            Map.entry("top-level null", "null"),
            Map.entry("empty object", "{}"),
            Map.entry("nesting 600 deep", summarizeWith("metadata", "[".repeat(600))),
            Map.entry("number of 2000 digits", summarizeInputWith("max_words", "9".repeat(2000))));
    return Stream.concat(
        truncated,
        grammar.entrySet().stream()
            .map(
                entry ->
                    expect(
                        "broken-json",
                        entry.getKey(),
                        submit(context.tenantKey(), entry.getValue()),
                        400,
                        "invalid_request")));
  }

  /** A value of the wrong JSON type in every field, each refused naming that field. */
  private static Stream<HostileRequest> wrongTypes(HostileRequest.Context context) {
    List<HostileRequest> cases = new ArrayList<>();
    BadValues values = new BadValues(context, cases, "wrong-types");
    values.add("kind", "kind", JobBodies::summarizeWith, "1", "true", "[]", "{}", "null");
    values.add("input", "input", JobBodies::summarizeWith, "\"x\"", "1", "[]", "null");
    values.add("model", "model", JobBodies::summarizeWith, "1", "true", "[]", "{}");
    values.add("priority", "priority", JobBodies::summarizeWith, "1", "false", "[\"high\"]");
    values.add("webhook_url", "webhook_url", JobBodies::summarizeWith, "1", "true", "{}");
    values.add("metadata", "metadata", JobBodies::summarizeWith, "\"x\"", "1", "[]");
    values.add("metadata.k", "metadata", JobBodies::summarizeWith, "{\"k\":1}", "{\"k\":{}}");
    values.add("metadata.k", "metadata", JobBodies::summarizeWith, "{\"k\":null}");
    values.add("max_attempts", "max_attempts", JobBodies::summarizeWith, "\"5\"", "1.5", "1e1");
    values.add("max_attempts", "max_attempts", JobBodies::summarizeWith, "true", "[]");
    values.add("timeout_seconds", "timeout_seconds", JobBodies::summarizeWith, "\"60\"", "2.5");
    values.add("input.text", "text", JobBodies::summarizeInputWith, "1", "true", "[]", "{}");
    values.add("input.style", "style", JobBodies::summarizeInputWith, "1", "[]");
    values.add("input.max_words", "max_words", JobBodies::summarizeInputWith, "\"120\"", "12.5");
    values.add("input.max_words", "max_words", JobBodies::summarizeInputWith, "true", "1E2");
    values.add("input.messages", "messages", JobBodies::chatInputWith, "\"hi\"", "{}", "1");
    values.add("input.messages", "messages", JobBodies::chatInputWith, "null");
    values.add("input.messages[0]", "messages", JobBodies::chatInputWith, "[\"hi\"]", "[1]");
    values.add("input.messages[0].role", "role", JobBodies::messageWith, "1", "[]");
    values.add("input.messages[0].content", "content", JobBodies::messageWith, "1", "[]", "{}");
    values.add("input.temperature", "temperature", JobBodies::chatInputWith, "\"1\"", "true");
    values.add("input.max_tokens", "max_tokens", JobBodies::chatInputWith, "\"5\"", "5.5");
    return cases.stream();
  }

  /** Values past every limit, and bodies past the size limit. */
  private static Stream<HostileRequest> oversized(HostileRequest.Context context) {
    List<HostileRequest> cases = new ArrayList<>();
    BadValues values = new BadValues(context, cases, "limits");
    values.add("kind", "kind", JobBodies::summarizeWith, quoted("k".repeat(100_000)));
    values.add("model", "model", JobBodies::summarizeWith, quoted("m".repeat(100_000)));
    values.add("input.style", "style", JobBodies::summarizeInputWith, quoted("s".repeat(10_000)));
    values.add(
        "input.messages[0].role", "role", JobBodies::messageWith, quoted("r".repeat(50_000)));
    values.add(
        "metadata.k", "metadata", JobBodies::summarizeWith, "{\"k\":\"" + "v".repeat(501) + "\"}");
    values.add(
        "metadata", "metadata", JobBodies::summarizeWith, "{\"" + "k".repeat(41) + "\":\"v\"}");
    values.add("metadata", "metadata", JobBodies::summarizeWith, "{" + pairs(17) + "}");
    values.add(
        "webhook_url",
        "webhook_url",
        JobBodies::summarizeWith,
        quoted("https://example.com/" + "p".repeat(3000)));
    values.add("input.text", "text", JobBodies::summarizeInputWith, quoted("t".repeat(400_001)));
    values.add("input.text", "text", JobBodies::summarizeInputWith, "\"\"", "\"   \"");
    values.add(
        "input.messages[0].content",
        "content",
        JobBodies::messageWith,
        quoted("c".repeat(100_001)));
    values.add("input.messages[0].content", "content", JobBodies::messageWith, "\"\"");
    values.add("input.messages", "messages", JobBodies::chatInputWith, "[" + messages(101) + "]");
    values.add("input.max_words", "max_words", JobBodies::summarizeInputWith, "9", "2001");
    values.add("input.max_words", "max_words", JobBodies::summarizeInputWith, "99999999999");
    values.add("input.max_tokens", "max_tokens", JobBodies::chatInputWith, "0", "32769");
    values.add("input.temperature", "temperature", JobBodies::chatInputWith, "-0.1", "2.01");
    values.add("max_attempts", "max_attempts", JobBodies::summarizeWith, "0", "21");
    values.add("timeout_seconds", "timeout_seconds", JobBodies::summarizeWith, "0", "601");
    String overLimit = summarizeInputWith("text", quoted("x".repeat(1_100_000)));
    cases.add(
        expect(
            "limits",
            "body over 1 MiB with its Content-Length",
            submit(context.tenantKey(), overLimit),
            413,
            "payload_too_large"));
    cases.add(
        expect(
            "limits",
            "body over 1 MiB sent chunked",
            chunked(context.tenantKey(), overLimit.getBytes(StandardCharsets.UTF_8)),
            413,
            "payload_too_large"));
    cases.add(
        invalid(
            "limits",
            "Idempotency-Key of 8000 characters",
            submit(context.tenantKey(), VALID_CHAT).header("Idempotency-Key", "i".repeat(7000)),
            "Idempotency-Key"));
    return cases.stream();
  }

  /** A body sent with Transfer-Encoding: chunked, in chunks of 64 KiB. */
  static RawHttp.Request chunked(String key, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int from = 0; from < body.length; from += 65_536) {
      int length = Math.min(65_536, body.length - from);
      out.writeBytes((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body, from, length);
      out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    return RawHttp.request("POST", "/v1/jobs")
        .auth(key)
        .header("Content-Type", "application/json")
        .header("Transfer-Encoding", "chunked")
        .withoutContentLength()
        .body(out.toByteArray());
  }

  private static String pairs(int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> "\"k" + i + "\":\"v\"")
        .collect(Collectors.joining(","));
  }

  private static String messages(int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> "{\"role\":\"user\",\"content\":\"m" + i + "\"}")
        .collect(Collectors.joining(","));
  }

  /** Collects one refused request per value, each naming the same field. */
  private record BadValues(
      HostileRequest.Context context, List<HostileRequest> cases, String category) {
    void add(
        String field, String slot, BiFunction<String, String, String> body, String... rawValues) {
      for (String raw : rawValues) {
        String shown = raw.length() > 40 ? raw.substring(0, 20) + "…(" + raw.length() + ")" : raw;
        cases.add(
            invalid(
                category,
                slot + " = " + shown,
                submit(context.tenantKey(), body.apply(slot, raw)),
                field));
      }
    }
  }
}
