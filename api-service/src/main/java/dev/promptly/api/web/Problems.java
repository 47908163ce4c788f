package dev.promptly.api.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatusCode;

/**
 * Builds RFC 9457 problem documents. Controllers' exceptions and the servlet filters both use it,
 * so a 401 from a filter looks exactly like a 404 from a controller.
 */
public final class Problems {
  private static final String TYPE_BASE = "https://promptly.dev/problems/";

  private Problems() {}

  /** The problem document; {@code errors} is left out when empty. */
  public static Map<String, Object> body(
      HttpStatusCode status,
      String code,
      String detail,
      String instance,
      String requestId,
      List<FieldProblem> errors) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", TYPE_BASE + code);
    body.put("title", titleOf(code));
    body.put("status", status.value());
    body.put("detail", detail);
    body.put("instance", instance);
    body.put("code", code);
    body.put("request_id", requestId);
    if (!errors.isEmpty()) {
      body.put("errors", errors);
    }
    return body;
  }

  /** The code a status gets when nothing more specific is known. */
  public static String defaultCode(HttpStatusCode status) {
    return switch (status.value()) {
      case 400 -> "invalid_request";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 406 -> "not_acceptable";
      case 409 -> "conflict";
      case 413 -> "payload_too_large";
      case 415 -> "unsupported_media_type";
      case 429 -> "rate_limited";
      case 503 -> "unavailable";
      default -> status.is4xxClientError() ? "invalid_request" : "internal_error";
    };
  }

  private static String titleOf(String code) {
    String words = code.replace('_', ' ');
    return Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }
}
