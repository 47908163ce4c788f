package dev.promptly.api;

import java.net.http.HttpHeaders;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A response as a test sees it. */
public record HttpResult(int status, HttpHeaders headers, String body) {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  public JsonNode json() {
    return JSON.readTree(body);
  }

  public String header(String name) {
    return headers.firstValue(name).orElse(null);
  }

  public String contentType() {
    return header("Content-Type");
  }
}
