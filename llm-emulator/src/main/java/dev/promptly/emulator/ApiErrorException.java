package dev.promptly.emulator;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;

/** Ends a request with an OpenAI-shaped error; {@link ApiErrorHandler} renders it. */
public class ApiErrorException extends RuntimeException {

  private final HttpStatusCode status;
  private final Outcome outcome;
  private final ApiError body;
  private final HttpHeaders headers;

  public ApiErrorException(
      HttpStatusCode status, Outcome outcome, ApiError body, HttpHeaders headers) {
    super(body.error().message(), null, false, false);
    this.status = status;
    this.outcome = outcome;
    this.body = body;
    this.headers = HttpHeaders.readOnlyHttpHeaders(headers);
  }

  public static ApiErrorException invalidRequest(String message, String param) {
    return new ApiErrorException(
        HttpStatusCode.valueOf(400),
        Outcome.BAD_REQUEST,
        new ApiError(message, "invalid_request_error", param, null),
        new HttpHeaders());
  }

  public HttpStatusCode status() {
    return status;
  }

  public Outcome outcome() {
    return outcome;
  }

  public ApiError body() {
    return body;
  }

  public HttpHeaders headers() {
    return headers;
  }
}
