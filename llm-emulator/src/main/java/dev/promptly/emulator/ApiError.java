package dev.promptly.emulator;

import com.fasterxml.jackson.annotation.JsonInclude;

/** OpenAI's error body: {@code {"error": {"message", "type", "param", "code"}}}. */
public record ApiError(Detail error) {

  public ApiError(String message, String type, String param, String code) {
    this(new Detail(message, type, param, code));
  }

  /** OpenAI always sends all four fields, null ones included, and some clients rely on that. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Detail(String message, String type, String param, String code) {}
}
