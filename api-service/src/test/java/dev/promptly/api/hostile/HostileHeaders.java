package dev.promptly.api.hostile;

import static dev.promptly.api.hostile.HostileRequest.expect;
import static dev.promptly.api.hostile.MalformedBodies.VALID_CHAT;
import static dev.promptly.api.hostile.MalformedBodies.submit;

import dev.promptly.api.RawHttp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Abused headers, wrong content types and wrong methods. */
final class HostileHeaders {
  static final String CANCEL_UNKNOWN = "/v1/jobs/" + HostileRoutes.UNKNOWN_JOB + "/cancel";

  private HostileHeaders() {}

  static Stream<HostileRequest> all(HostileRequest.Context context) {
    return Stream.of(headerAbuse(context), contentTypes(context), methods(context))
        .flatMap(cases -> cases);
  }

  private static Stream<HostileRequest> headerAbuse(HostileRequest.Context context) {
    String key = context.tenantKey();
    List<HostileRequest> cases = new ArrayList<>();
    Map<String, RawHttp.Request> refusedByTomcat = new LinkedHashMap<>();
    refusedByTomcat.put("a 20 KB header", list(key).header("X-Padding", "p".repeat(20_000)));
    refusedByTomcat.put("200 headers", withHeaders(list(key), 200));
    refusedByTomcat.put("an Authorization header of 9 KB", list("pk_" + "k".repeat(9000)));
    refusedByTomcat.put("CR inside X-Request-Id", list(key).rawHeader(bytes("X-Request-Id: a\rb")));
    refusedByTomcat.put(
        "NUL inside X-Request-Id", list(key).rawHeader(bytes("X-Request-Id: a\0b")));
    refusedByTomcat.put("NUL inside Authorization", list(key + "\0"));
    refusedByTomcat.put("a space in a header name", list(key).rawHeader(bytes("X Request: 1")));
    refusedByTomcat.put("no Host header", list(key).withoutHost());
    refusedByTomcat.put("two Host headers", list(key).header("Host", "evil.example"));
    refusedByTomcat.put("Content-Length -1", lying(key, "-1"));
    refusedByTomcat.put("Content-Length abc", lying(key, "abc"));
    refusedByTomcat.put("Content-Length of 20 digits", lying(key, "99999999999999999999"));
    refusedByTomcat.put(
        "two different Content-Lengths",
        lying(key, Integer.toString(VALID_CHAT.length())).header("Content-Length", "5"));
    refusedByTomcat.forEach(
        (name, request) -> cases.add(expect("headers", name, request, 400, "invalid_request")));
    cases.add(
        expect(
            "headers",
            "an Expect Tomcat cannot meet",
            submit(key, VALID_CHAT).header("Expect", "100-nonsense"),
            417,
            "invalid_request"));
    cases.add(
        expect(
            "headers",
            "Content-Length shorter than the body",
            lying(key, "20"),
            400,
            "invalid_request"));
    cases.add(
        expect(
            "headers",
            "Content-Length longer than the body",
            lying(key, Integer.toString(VALID_CHAT.length() + 100)),
            400,
            "invalid_request"));
    cases.add(
        expect(
            "headers",
            "Content-Length and chunked together (smuggling)",
            MalformedBodies.chunked(key, "{\"kind\":".getBytes(StandardCharsets.UTF_8))
                .header("Content-Length", "3"),
            400,
            "invalid_request"));
    cases.add(
        expect(
            "headers",
            "a chunk size that is not hex",
            RawHttp.request("POST", "/v1/jobs")
                .auth(key)
                .header("Content-Type", "application/json")
                .header("Transfer-Encoding", "chunked")
                .withoutContentLength()
                .body(bytes("zz\r\n{}\r\n0\r\n\r\n")),
            400,
            "invalid_request"));
    for (String order : List.of("valid then invalid", "invalid then valid", "valid twice")) {
      String first = order.startsWith("invalid") ? "pk_nope" : key;
      String second = order.endsWith("invalid") ? "pk_nope" : key;
      cases.add(
          expect(
              "headers",
              "two Authorization headers, " + order,
              submit(first, VALID_CHAT).auth(second),
              401,
              "unauthorized"));
    }
    cases.add(
        expect(
            "headers",
            "a 200-character X-Request-Id is replaced",
            RawHttp.request("GET", "/v1/jobs/" + HostileRoutes.UNKNOWN_JOB)
                .auth(key)
                .header("X-Request-Id", "r".repeat(200)),
            404,
            "not_found"));
    cases.add(
        expect(
            "headers",
            "an X-Request-Id asking for a Set-Cookie",
            RawHttp.request("GET", "/v1/jobs/" + HostileRoutes.UNKNOWN_JOB)
                .auth(key)
                .header("X-Request-Id", "id%0d%0aSet-Cookie:%20session=evil"),
            404,
            "not_found"));
    cases.add(
        expect(
            "headers",
            "a folded X-Request-Id line",
            RawHttp.request("GET", "/v1/jobs").rawHeader(bytes("X-Request-Id: a\r\n folded")),
            401,
            "unauthorized"));
    cases.add(
        expect(
            "headers",
            "a non-ASCII X-Request-Id",
            RawHttp.request("GET", "/v1/jobs/" + HostileRoutes.UNKNOWN_JOB)
                .auth(key)
                .header("X-Request-Id", "\u202Eevil\uD83D\uDCA5"),
            404,
            "not_found"));
    cases.add(
        expect(
            "headers",
            "Accept: application/xml only",
            list(key).header("Accept", "application/xml"),
            406,
            "not_acceptable"));
    return cases.stream();
  }

  private static Stream<HostileRequest> contentTypes(HostileRequest.Context context) {
    List<String> types =
        List.of(
            "text/plain",
            "application/xml",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "application/json-patch+json",
            "application/json; charset=bogus",
            ";;;",
            "application/json, text/plain");
    List<HostileRequest> cases = new ArrayList<>();
    for (String type : types) {
      cases.add(
          expect(
              "content-type",
              "Content-Type: " + type,
              RawHttp.request("POST", "/v1/jobs")
                  .auth(context.tenantKey())
                  .header("Content-Type", type)
                  .body(VALID_CHAT.getBytes(StandardCharsets.UTF_8)),
              415,
              "unsupported_media_type"));
    }
    cases.add(
        expect(
            "content-type",
            "no Content-Type",
            RawHttp.request("POST", "/v1/jobs")
                .auth(context.tenantKey())
                .body(VALID_CHAT.getBytes(StandardCharsets.UTF_8)),
            415,
            "unsupported_media_type"));
    cases.add(
        expect(
            "content-type",
            "form body on an admin PUT",
            RawHttp.request("PUT", "/v1/admin/tenants/" + context.tenantId() + "/rate-limit")
                .auth(context.adminKey())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(bytes("%ZZ=1&rate_limit_per_minute=1")),
            415,
            "unsupported_media_type"));
    return cases.stream();
  }

  private static Stream<HostileRequest> methods(HostileRequest.Context context) {
    Map<String, String> methods = new LinkedHashMap<>();
    methods.put("TRACE", "/v1/jobs");
    methods.put("FOO", "/v1/jobs");
    methods.put("PUT", "/v1/jobs");
    methods.put("DELETE", "/v1/jobs/" + HostileRoutes.UNKNOWN_JOB);
    methods.put("PATCH", CANCEL_UNKNOWN);
    methods.put("GET", CANCEL_UNKNOWN);
    List<HostileRequest> cases = new ArrayList<>();
    methods.forEach(
        (method, path) ->
            cases.add(
                expect(
                    "methods",
                    method + " " + path,
                    RawHttp.request(method, path).auth(context.tenantKey()),
                    405,
                    "method_not_allowed")));
    return cases.stream();
  }

  static RawHttp.Request list(String key) {
    return RawHttp.request("GET", "/v1/jobs").auth(key);
  }

  private static RawHttp.Request withHeaders(RawHttp.Request request, int count) {
    for (int i = 0; i < count; i++) {
      request.header("X-Filler-" + i, "v");
    }
    return request;
  }

  private static RawHttp.Request lying(String key, String contentLength) {
    return RawHttp.request("POST", "/v1/jobs")
        .auth(key)
        .header("Content-Type", "application/json")
        .header("Content-Length", contentLength)
        .withoutContentLength()
        .body(VALID_CHAT.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }
}
