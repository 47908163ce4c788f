package dev.promptly.emulator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers every failure of the emulator's own endpoints in OpenAI's error shape, because the
 * clients under test parse that shape (and only that shape) to classify errors.
 */
@RestControllerAdvice(basePackageClasses = LlmEmulatorApplication.class)
class ApiErrorHandler {

  private static final Logger log = LoggerFactory.getLogger(ApiErrorHandler.class);

  @ExceptionHandler
  ResponseEntity<ApiError> handle(ApiErrorException e) {
    return ResponseEntity.status(e.status()).headers(e.headers()).body(e.body());
  }

  @ExceptionHandler
  ResponseEntity<ApiError> handle(Exception e) {
    if (e instanceof ErrorResponse framework) {
      // Spring's own protocol errors (wrong method, media type, ...) keep their status.
      String type =
          framework.getStatusCode().is4xxClientError() ? "invalid_request_error" : "server_error";
      return ResponseEntity.status(framework.getStatusCode())
          .body(new ApiError(framework.getBody().getDetail(), type, null, null));
    }
    log.error("Unexpected failure", e);
    return ResponseEntity.status(500)
        .body(
            new ApiError(
                "The emulator had an error while processing your request.",
                "server_error",
                null,
                null));
  }
}
