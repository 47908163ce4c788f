package dev.promptly.api.jobs;

import dev.promptly.api.ApiClient;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** The table of bad requests {@link JobValidationIT} sends, with what each must be answered. */
final class BadJobRequests {
  static final String SUMMARIZE =
      "{\"kind\":\"summarize\",\"input\":{\"text\":\"A long text that needs a summary.\"}}";
  private static final String JSON = "application/json";

  private BadJobRequests() {}

  enum Caller {
    TENANT,
    ADMIN,
    NOBODY,
    WRONG_KEY
  }

  record BadRequest(
      String name,
      String method,
      String path,
      Caller caller,
      String contentType,
      Supplier<BodyPublisher> body,
      Map<String, String> headers,
      int status,
      String code,
      List<String> fields) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<BadRequest> all() {
    String oversized =
        "{\"kind\":\"summarize\",\"input\":{\"text\":\"" + "a".repeat(1_100_000) + "\"}}";
    return Stream.of(
        invalid(
            "unknown field",
            "{\"kind\":\"summarize\",\"input\":{\"text\":\"x\"},\"colour\":1}",
            "colour"),
        invalid(
            "unknown nested field",
            "{\"kind\":\"summarize\",\"input\":{\"text\":\"x\",\"lang\":\"en\"}}",
            "input.lang"),
        invalid(
            "string for max_words",
            "{\"kind\":\"summarize\",\"input\":{\"text\":\"x\",\"max_words\":\"50\"}}",
            "input.max_words"),
        invalid("fraction for max_tokens", chat("\"max_tokens\":1.5"), "input.max_tokens"),
        invalid(
            "null for required text",
            "{\"kind\":\"summarize\",\"input\":{\"text\":null}}",
            "input.text"),
        invalid("number for text", "{\"kind\":\"summarize\",\"input\":{\"text\":5}}", "input.text"),
        invalid("unknown kind", "{\"kind\":\"translate\",\"input\":{\"text\":\"x\"}}", "kind"),
        invalid(
            "empty messages", "{\"kind\":\"chat\",\"input\":{\"messages\":[]}}", "input.messages"),
        invalid(
            "101 messages",
            "{\"kind\":\"chat\",\"input\":{\"messages\":[" + messages(101) + "]}}",
            "input.messages"),
        invalid(
            "bad role",
            "{\"kind\":\"chat\",\"input\":{\"messages\":[{\"role\":\"robot\",\"content\":\"x\"}]}}",
            "input.messages[0].role"),
        invalid("temperature 3", chat("\"temperature\":3"), "input.temperature"),
        invalid("17 metadata pairs", withTopLevel("\"metadata\":{" + pairs(17) + "}"), "metadata"),
        invalid(
            "metadata key of 41 characters",
            withTopLevel("\"metadata\":{\"" + "k".repeat(41) + "\":\"v\"}"),
            "metadata"),
        invalid("unknown model", withTopLevel("\"model\":\"gpt-99\""), "model"),
        invalid("max_attempts 21", withTopLevel("\"max_attempts\":21"), "max_attempts"),
        invalid(
            "webhook to 127.0.0.1",
            withTopLevel("\"webhook_url\":\"http://127.0.0.1:9000/hook\""),
            "webhook_url"),
        invalid(
            "webhook to cloud metadata",
            withTopLevel("\"webhook_url\":\"http://169.254.169.254/latest\""),
            "webhook_url"),
        invalid(
            "file webhook", withTopLevel("\"webhook_url\":\"file:///etc/passwd\""), "webhook_url"),
        invalid("body is an array", "[1,2,3]", "body"),
        malformed("trailing garbage", SUMMARIZE + " trailing"),
        malformed("two JSON documents", SUMMARIZE + SUMMARIZE),
        malformed("truncated JSON", "{\"kind\":\"summarize\","),
        malformed(
            "duplicate key",
            "{\"kind\":\"chat\",\"kind\":\"summarize\",\"input\":{\"text\":\"x\"}}"),
        malformed("missing body", ""),
        new BadRequest(
            "Idempotency-Key of 256 characters",
            "POST",
            "/v1/jobs",
            Caller.TENANT,
            JSON,
            () -> BodyPublishers.ofString(SUMMARIZE),
            Map.of("Idempotency-Key", "k".repeat(256)),
            400,
            "invalid_request",
            List.of("Idempotency-Key")),
        refused("wrong content type", Caller.TENANT, "text/plain", SUMMARIZE, 415),
        refused("no content type", Caller.TENANT, null, SUMMARIZE, 415),
        refused("oversized body", Caller.TENANT, JSON, oversized, 413),
        new BadRequest(
            "oversized chunked body",
            "POST",
            "/v1/jobs",
            Caller.TENANT,
            JSON,
            () -> ApiClient.chunked(oversized.getBytes(StandardCharsets.UTF_8)),
            Map.of(),
            413,
            "payload_too_large",
            List.of()),
        refused("missing API key", Caller.NOBODY, JSON, SUMMARIZE, 401),
        refused("wrong API key", Caller.WRONG_KEY, JSON, SUMMARIZE, 401),
        refused("admin key on a tenant route", Caller.ADMIN, JSON, SUMMARIZE, 403),
        new BadRequest(
            "tenant key on an admin route",
            "POST",
            "/v1/admin/tenants",
            Caller.TENANT,
            JSON,
            () -> BodyPublishers.ofString("{\"name\":\"sneaky\"}"),
            Map.of(),
            403,
            "forbidden",
            List.of()),
        new BadRequest(
            "wrong method",
            "DELETE",
            "/v1/jobs",
            Caller.TENANT,
            null,
            BodyPublishers::noBody,
            Map.of(),
            405,
            "method_not_allowed",
            List.of()));
  }

  private static BadRequest invalid(String name, String body, String field) {
    return new BadRequest(
        name,
        "POST",
        "/v1/jobs",
        Caller.TENANT,
        JSON,
        () -> BodyPublishers.ofString(body),
        Map.of(),
        400,
        "invalid_request",
        List.of(field));
  }

  /** A POST /v1/jobs refused before its body is looked at, with the status's usual code. */
  private static BadRequest refused(
      String name, Caller caller, String contentType, String body, int status) {
    String code =
        switch (status) {
          case 401 -> "unauthorized";
          case 403 -> "forbidden";
          case 413 -> "payload_too_large";
          case 415 -> "unsupported_media_type";
          default -> throw new IllegalArgumentException("no usual code for " + status);
        };
    return new BadRequest(
        name,
        "POST",
        "/v1/jobs",
        caller,
        contentType,
        () -> BodyPublishers.ofString(body),
        Map.of(),
        status,
        code,
        List.of());
  }

  private static BadRequest malformed(String name, String body) {
    return new BadRequest(
        name,
        "POST",
        "/v1/jobs",
        Caller.TENANT,
        JSON,
        () -> BodyPublishers.ofString(body),
        Map.of(),
        400,
        "invalid_request",
        List.of());
  }

  private static String chat(String extra) {
    return "{\"kind\":\"chat\",\"input\":{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
        + extra
        + "}}";
  }

  private static String withTopLevel(String extra) {
    return "{\"kind\":\"summarize\",\"input\":{\"text\":\"x\"}," + extra + "}";
  }

  private static String messages(int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> "{\"role\":\"user\",\"content\":\"m" + i + "\"}")
        .collect(Collectors.joining(","));
  }

  private static String pairs(int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> "\"k" + i + "\":\"v\"")
        .collect(Collectors.joining(","));
  }
}
