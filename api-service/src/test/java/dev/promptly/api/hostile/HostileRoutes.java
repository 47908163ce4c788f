package dev.promptly.api.hostile;

import static dev.promptly.api.hostile.HostileRequest.expect;
import static dev.promptly.api.hostile.HostileRequest.invalid;

import dev.promptly.api.RawHttp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Hostile paths, query strings and SQL metacharacters in every place a route reads text. */
final class HostileRoutes {
  static final String UNKNOWN_JOB = "job_00000000000000000000000000000000";

  // Path segments as sent, with what Tomcat and the API answer: ids that Tomcat cannot decode
  // safely (encoded slash, backslash or NUL, broken escapes, illegal characters) are refused
  // before routing with 400; everything else is simply no job of the caller's, 404.
  private static final Map<String, Integer> IDS = new LinkedHashMap<>();

  static {
    IDS.put("..", 404);
    IDS.put("../admin/tenants", 404);
    IDS.put("..%2fadmin%2ftenants", 400);
    IDS.put("%2e%2e", 404);
    IDS.put("%2e%2e%2fadmin", 400);
    IDS.put("..%5cadmin", 400);
    IDS.put("%c0%ae%c0%ae%2fadmin", 400);
    IDS.put("....//admin", 404);
    IDS.put("//etc/passwd", 404);
    IDS.put("..;/admin/tenants", 404);
    IDS.put("%00", 400);
    IDS.put("job_%00", 400);
    IDS.put("job_..%00", 400);
    IDS.put("job_x%0d%0aSet-Cookie:%20x=1", 404);
    IDS.put(";jsessionid=1", 404);
    IDS.put("job_x;x=y", 404);
    IDS.put("%252e%252e%252f", 404);
    IDS.put("job_" + "a".repeat(5000), 404);
    IDS.put("job_%C3%A9", 404);
    IDS.put("job_%F0%9F%92%A5", 404);
    IDS.put("job_%E2%80%AE", 404);
    IDS.put("job_'%20OR%20'1'='1", 404);
    IDS.put("job_1;DROP%20TABLE%20jobs", 404);
    IDS.put("job_1%27--", 404);
    IDS.put("*", 404);
    IDS.put("%25", 404);
    IDS.put("%", 400);
    IDS.put("job_%zz", 400);
    IDS.put("%u002e%u002e", 400);
    IDS.put("job_\\x", 400);
    IDS.put("job_|ls", 400);
    IDS.put("~root", 404);
  }

  private static final List<String> SQL =
      List.of(
          "' OR '1'='1",
          "queued' --",
          "queued; DROP TABLE jobs",
          "1 UNION SELECT key_hash FROM api_keys",
          "%' OR 1=1 --",
          "$$; SELECT pg_sleep(5); $$",
          "queued\u0000");

  private HostileRoutes() {}

  static Stream<HostileRequest> all(HostileRequest.Context context) {
    return Stream.of(pathTraversal(context), sqlMetacharacters(context)).flatMap(cases -> cases);
  }

  private static Stream<HostileRequest> pathTraversal(HostileRequest.Context context) {
    List<HostileRequest> cases = new ArrayList<>();
    IDS.forEach(
        (id, status) -> {
          String code = status == 404 ? "not_found" : "invalid_request";
          String shown = id.length() > 40 ? id.substring(0, 20) + "…" : id;
          cases.add(
              expect(
                  "path-traversal",
                  "GET job " + shown,
                  RawHttp.request("GET", "/v1/jobs/" + id).auth(context.tenantKey()),
                  status,
                  code));
          cases.add(
              expect(
                  "path-traversal",
                  "cancel job " + shown,
                  RawHttp.request("POST", "/v1/jobs/" + id + "/cancel").auth(context.tenantKey()),
                  status,
                  code));
        });
    cases.add(
        expect(
            "path-traversal",
            "admin key revocation through ../",
            RawHttp.request("DELETE", "/v1/admin/api-keys/..%2f..%2fjobs").auth(context.adminKey()),
            400,
            "invalid_request"));
    cases.add(
        expect(
            "path-traversal",
            "admin tenant id with dot segments",
            RawHttp.request("POST", "/v1/admin/tenants/%2e%2e/api-keys").auth(context.adminKey()),
            404,
            "not_found"));
    return cases.stream();
  }

  private static Stream<HostileRequest> sqlMetacharacters(HostileRequest.Context context) {
    List<HostileRequest> cases = new ArrayList<>();
    for (String sql : SQL) {
      String value = URLEncoder.encode(sql, StandardCharsets.UTF_8);
      for (String parameter : List.of("status", "kind", "limit", "after")) {
        cases.add(
            invalid(
                "sql",
                parameter + " = " + sql,
                RawHttp.request("GET", "/v1/jobs?" + parameter + "=" + value)
                    .auth(context.tenantKey()),
                parameter));
      }
      cases.add(
          invalid(
              "sql",
              "wait = " + sql,
              RawHttp.request("GET", "/v1/jobs/" + UNKNOWN_JOB + "?wait=" + value)
                  .auth(context.tenantKey()),
              "wait"));
    }
    String injection = JobBodies.quoted("x' OR '1'='1'; DROP TABLE jobs; --");
    Map<String, String> bodies = new LinkedHashMap<>();
    bodies.put("kind", JobBodies.summarizeWith("kind", injection));
    bodies.put("model", JobBodies.summarizeWith("model", injection));
    bodies.put("priority", JobBodies.summarizeWith("priority", injection));
    bodies.put("input.style", JobBodies.summarizeInputWith("style", injection));
    bodies.put("input.messages[0].role", JobBodies.messageWith("role", injection));
    bodies.put("webhook_url", JobBodies.summarizeWith("webhook_url", injection));
    bodies.forEach(
        (field, body) ->
            cases.add(
                invalid(
                    "sql",
                    field + " = " + injection,
                    MalformedBodies.submit(context.tenantKey(), body),
                    field)));
    cases.add(
        expect(
            "sql",
            "bearer key of SQL",
            RawHttp.request("GET", "/v1/jobs").auth("' OR '1'='1"),
            401,
            "unauthorized"));
    cases.add(
        expect(
            "sql",
            "revoking a key id of SQL",
            RawHttp.request("DELETE", "/v1/admin/api-keys/key_'%20OR%20'1'='1")
                .auth(context.adminKey()),
            404,
            "not_found"));
    cases.add(
        expect(
            "sql",
            "rate limit of a tenant id of SQL",
            RawHttp.request(
                    "PUT", "/v1/admin/tenants/ten_'%3B%20DELETE%20FROM%20tenants--/rate-limit")
                .auth(context.adminKey())
                .json("{\"rate_limit_per_minute\":1}"),
            404,
            "not_found"));
    cases.add(
        expect(
            "sql",
            "retrying a job id of SQL",
            RawHttp.request("POST", "/v1/admin/jobs/job_'%20OR%201=1--/retry")
                .auth(context.adminKey()),
            404,
            "not_found"));
    return cases.stream();
  }
}
