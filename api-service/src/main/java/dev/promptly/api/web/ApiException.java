package dev.promptly.api.web;

import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * A failure the client should see as a problem document: its status, machine-readable code and
 * human-readable detail are chosen where the failure is understood.
 */
public class ApiException extends RuntimeException {
  private final HttpStatus status;
  private final String code;
  private final List<FieldProblem> errors;
  private final HttpHeaders headers;

  public ApiException(HttpStatus status, String code, String detail) {
    this(status, code, detail, List.of(), HttpHeaders.EMPTY);
  }

  public ApiException(
      HttpStatus status,
      String code,
      String detail,
      List<FieldProblem> errors,
      HttpHeaders headers) {
    super(detail, null, false, false);
    this.status = status;
    this.code = code;
    this.errors = List.copyOf(errors);
    this.headers = headers;
  }

  /** 400 {@code invalid_request} listing every invalid field. */
  public static ApiException invalid(List<FieldProblem> errors) {
    return new ApiException(
        HttpStatus.BAD_REQUEST,
        "invalid_request",
        "The request has invalid fields.",
        errors,
        HttpHeaders.EMPTY);
  }

  /** 400 {@code invalid_request} for one invalid field. */
  public static ApiException invalid(String field, String message) {
    return invalid(List.of(new FieldProblem(field, message)));
  }

  /** 404 {@code not_found}; also what another tenant's resource looks like. */
  public static ApiException notFound(String detail) {
    return new ApiException(HttpStatus.NOT_FOUND, "not_found", detail);
  }

  /** 409 with a specific code. */
  public static ApiException conflict(String code, String detail) {
    return new ApiException(HttpStatus.CONFLICT, code, detail);
  }

  public HttpStatus status() {
    return status;
  }

  public String code() {
    return code;
  }

  public List<FieldProblem> errors() {
    return errors;
  }

  public HttpHeaders headers() {
    return headers;
  }
}
