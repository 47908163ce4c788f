package dev.promptly.api.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page, in place of Spring Boot's: failures that happen outside
 * Spring MVC (a filter that throws, a body that breaks off, a method the container refuses) are
 * forwarded here, and leave as problem documents like every other error.
 */
@RestController
class ProblemErrorController implements ErrorController {
  private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

  @RequestMapping("${server.error.path:/error}")
  ResponseEntity<Map<String, Object>> error(
      HttpServletRequest request, HttpServletResponse response) {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    Throwable failure = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
    // Called directly, without a failure behind it, the error page is just not a route.
    HttpStatus status =
        code instanceof Integer value
            ? HttpStatus.resolve(value)
            : failure == null ? HttpStatus.NOT_FOUND : HttpStatus.INTERNAL_SERVER_ERROR;
    if (status == null) {
      status = HttpStatus.INTERNAL_SERVER_ERROR;
    }
    HttpHeaders headers = new HttpHeaders();
    if (failure != null && ApiExceptionHandler.isDependencyDown(failure)) {
      status = HttpStatus.SERVICE_UNAVAILABLE;
      headers.set(HttpHeaders.RETRY_AFTER, ApiExceptionHandler.RETRY_AFTER_SECONDS);
    } else if (status.is5xxServerError()) {
      log.error("unexpected error outside the controllers", failure);
    }
    String requestId = RequestIdFilter.ensureRequestId(request, response);
    Object path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
    return ResponseEntity.status(status)
        .headers(headers)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(
            Problems.body(
                status,
                Problems.defaultCode(status),
                detailOf(status),
                path == null ? request.getRequestURI() : path.toString(),
                requestId,
                List.of()));
  }

  private static String detailOf(HttpStatus status) {
    return switch (status) {
      case NOT_FOUND -> "No route matches this path.";
      case SERVICE_UNAVAILABLE -> "The service is temporarily unavailable; try again shortly.";
      case INTERNAL_SERVER_ERROR -> "An unexpected error occurred.";
      default -> status.getReasonPhrase() + ".";
    };
  }
}
