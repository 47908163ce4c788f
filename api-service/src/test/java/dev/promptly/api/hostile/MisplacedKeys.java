package dev.promptly.api.hostile;

import static dev.promptly.api.hostile.HostileRequest.expect;
import static dev.promptly.api.hostile.MalformedBodies.VALID_CHAT;
import static dev.promptly.api.hostile.MalformedBodies.submit;

import dev.promptly.api.RawHttp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/** Missing, wrong, revoked and misplaced keys on every route that exists today. */
final class MisplacedKeys {
  private MisplacedKeys() {}

  static Stream<HostileRequest> all(HostileRequest.Context context) {
    Map<String, Function<String, RawHttp.Request>> tenantRoutes = new LinkedHashMap<>();
    tenantRoutes.put("submit", key -> submit(key, VALID_CHAT));
    tenantRoutes.put("list", HostileHeaders::list);
    tenantRoutes.put(
        "get", key -> RawHttp.request("GET", "/v1/jobs/" + HostileRoutes.UNKNOWN_JOB).auth(key));
    tenantRoutes.put(
        "cancel", key -> RawHttp.request("POST", HostileHeaders.CANCEL_UNKNOWN).auth(key));
    Map<String, String> wrongKeys = new LinkedHashMap<>();
    wrongKeys.put("no key", null);
    wrongKeys.put("an unknown key", "pk_" + "x".repeat(43));
    wrongKeys.put("a revoked key", context.revokedKey());
    wrongKeys.put("an empty bearer", "");
    List<HostileRequest> cases = new ArrayList<>();
    tenantRoutes.forEach(
        (route, request) -> {
          wrongKeys.forEach(
              (name, key) ->
                  cases.add(
                      expect(
                          "auth",
                          route + " with " + name,
                          request.apply(key),
                          401,
                          "unauthorized")));
          cases.add(
              expect(
                  "auth",
                  route + " with Basic credentials",
                  request.apply(null).header("Authorization", "Basic dXNlcjpwYXNz"),
                  401,
                  "unauthorized"));
          cases.add(
              expect(
                  "auth",
                  route + " with the admin key",
                  request.apply(context.adminKey()),
                  403,
                  "forbidden"));
        });
    for (RawHttp.Request admin : adminRoutes(context, context.tenantKey())) {
      cases.add(expect("auth", "admin route with a tenant key", admin, 403, "forbidden"));
    }
    for (RawHttp.Request admin : adminRoutes(context, null)) {
      cases.add(expect("auth", "admin route with no key", admin, 401, "unauthorized"));
    }
    return cases.stream();
  }

  private static List<RawHttp.Request> adminRoutes(HostileRequest.Context context, String key) {
    String tenant = "/v1/admin/tenants/" + context.tenantId();
    return List.of(
        RawHttp.request("POST", "/v1/admin/tenants").auth(key).json("{\"name\":\"sneaky\"}"),
        RawHttp.request("PUT", tenant + "/budget")
            .auth(key)
            .json("{\"limit_usd\":1000000,\"period\":\"daily\"}"),
        RawHttp.request("PUT", tenant + "/rate-limit")
            .auth(key)
            .json("{\"rate_limit_per_minute\":1000000}"),
        RawHttp.request("POST", tenant + "/api-keys").auth(key),
        RawHttp.request("GET", tenant + "/api-keys").auth(key),
        RawHttp.request("DELETE", "/v1/admin/api-keys/key_x").auth(key),
        RawHttp.request("GET", "/v1/admin/dead-letters").auth(key),
        RawHttp.request("POST", "/v1/admin/jobs/" + HostileRoutes.UNKNOWN_JOB + "/retry")
            .auth(key));
  }
}
