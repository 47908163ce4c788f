package dev.promptly.api.web;

import jakarta.servlet.http.HttpServletRequest;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every failure into an RFC 9457 problem document. Details are written for clients: no stack
 * traces, SQL or class names ever reach a response; the logs keep those.
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);
  static final String RETRY_AFTER_SECONDS = "5";
  // SQLSTATE classes of a database that is unreachable, overloaded or shutting down.
  private static final List<String> UNAVAILABLE_SQL_STATES = List.of("08", "53", "57");

  @ExceptionHandler(ApiException.class)
  ResponseEntity<Object> handleApi(ApiException e, HttpServletRequest request) {
    return problem(e.status(), e.code(), e.getMessage(), e.errors(), e.headers(), request);
  }

  // Tomcat throws this when a query string or form field is not valid percent-encoded UTF-8.
  @ExceptionHandler(InvalidParameterException.class)
  ResponseEntity<Object> handleUndecodableParameter(
      InvalidParameterException e, HttpServletRequest request) {
    return problem(
        HttpStatus.BAD_REQUEST,
        "invalid_request",
        "The query string is not valid percent-encoded UTF-8.",
        List.of(),
        HttpHeaders.EMPTY,
        request);
  }

  @ExceptionHandler({
    DataAccessResourceFailureException.class,
    CannotCreateTransactionException.class,
    TransientDataAccessException.class,
    RecoverableDataAccessException.class
  })
  ResponseEntity<Object> handleUnavailable(Exception e, HttpServletRequest request) {
    log.warn("a dependency is unavailable: {}", e.getMessage());
    HttpHeaders headers = new HttpHeaders();
    headers.set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
    return problem(
        HttpStatus.SERVICE_UNAVAILABLE,
        "unavailable",
        "The service is temporarily unavailable; try again shortly.",
        List.of(),
        headers,
        request);
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<Object> handleUnexpected(Exception e, HttpServletRequest request) {
    if (isDependencyDown(e)) {
      return handleUnavailable(e, request);
    }
    log.error("unexpected error on {} {}", request.getMethod(), request.getRequestURI(), e);
    return problem(
        HttpStatus.INTERNAL_SERVER_ERROR,
        "internal_error",
        "An unexpected error occurred.",
        List.of(),
        HttpHeaders.EMPTY,
        request);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    HttpServletRequest servletRequest = servletRequest(request);
    if (causedByOversizedBody(e)) {
      return problem(
          HttpStatus.PAYLOAD_TOO_LARGE,
          "payload_too_large",
          "The request body is too large.",
          List.of(),
          headers,
          servletRequest);
    }
    return problem(
        HttpStatus.BAD_REQUEST,
        "invalid_request",
        "The request body is missing or unreadable.",
        List.of(),
        headers,
        servletRequest);
  }

  @Override
  protected ResponseEntity<Object> handleExceptionInternal(
      Exception e, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    String detail;
    if (e instanceof NoResourceFoundException || e instanceof NoHandlerFoundException) {
      detail = "No route matches this path.";
    } else if (body instanceof ProblemDetail problemDetail && problemDetail.getDetail() != null) {
      detail = problemDetail.getDetail();
    } else {
      detail = HttpStatus.valueOf(status.value()).getReasonPhrase();
    }
    return problem(
        status, Problems.defaultCode(status), detail, List.of(), headers, servletRequest(request));
  }

  private static ResponseEntity<Object> problem(
      HttpStatusCode status,
      String code,
      String detail,
      List<FieldProblem> errors,
      HttpHeaders headers,
      HttpServletRequest request) {
    return ResponseEntity.status(status)
        .headers(headers)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(
            Problems.body(
                status,
                code,
                detail,
                request.getRequestURI(),
                RequestIdFilter.requestIdOf(request),
                errors));
  }

  /**
   * Whether a failure, however it was wrapped on the way up, comes from a dependency that is down:
   * the client should retry later (503), not report a bug (500).
   */
  static boolean isDependencyDown(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof DataAccessResourceFailureException
          || cause instanceof CannotCreateTransactionException
          || cause instanceof TransientDataAccessException
          || cause instanceof RecoverableDataAccessException
          || cause instanceof SQLTransientConnectionException
          || cause instanceof SQLNonTransientConnectionException
          || cause instanceof ConnectException
          || (cause instanceof SQLException sql && hasUnavailableState(sql))) {
        return true;
      }
      // The transaction system itself failed (a commit or a rollback): a commit lost with its
      // connection is followed by a rollback on that dead connection, whose failure Spring throws
      // in place of the commit's.
      if (cause instanceof TransactionSystemException) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasUnavailableState(SQLException e) {
    String state = e.getSQLState();
    return state != null
        && state.length() >= 2
        && UNAVAILABLE_SQL_STATES.contains(state.substring(0, 2));
  }

  private static boolean causedByOversizedBody(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof PayloadTooLargeException) {
        return true;
      }
    }
    return false;
  }

  private static HttpServletRequest servletRequest(WebRequest request) {
    return ((NativeWebRequest) request).getNativeRequest(HttpServletRequest.class);
  }
}
