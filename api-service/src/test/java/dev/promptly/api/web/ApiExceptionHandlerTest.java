package dev.promptly.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.transaction.TransactionSystemException;

class ApiExceptionHandlerTest {
  private final ApiExceptionHandler handler = new ApiExceptionHandler();
  private final MockHttpServletRequest request = new MockHttpServletRequest("POST", "/v1/jobs");

  @Test
  void anUnreachableDatabaseIsAServiceUnavailableProblemWithRetryAfter() {
    ResponseEntity<Object> response =
        handler.handleUnavailable(
            new DataAccessResourceFailureException("Connection to 10.0.0.5:5432 refused"), request);

    assertThat(response.getStatusCode().value()).isEqualTo(503);
    assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
    assertThat(body(response)).containsEntry("code", "unavailable");
    assertThat(body(response).get("detail").toString()).doesNotContain("10.0.0.5");
  }

  @Test
  void aConnectionFailureWrappedInAnotherExceptionIsStillServiceUnavailable() {
    Exception wrapped =
        new TransactionSystemException(
            "JDBC commit failed", new SQLException("An I/O error occurred", "08006"));

    ResponseEntity<Object> response = handler.handleUnexpected(wrapped, request);

    assertThat(response.getStatusCode().value()).isEqualTo(503);
    assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
    assertThat(body(response)).containsEntry("code", "unavailable");
  }

  @Test
  void aDatabaseShuttingDownIsServiceUnavailable() {
    assertThat(
            ApiExceptionHandler.isDependencyDown(
                new IllegalStateException(new SQLException("terminating connection", "57P01"))))
        .isTrue();
    assertThat(
            ApiExceptionHandler.isDependencyDown(
                new IllegalStateException(new SQLException("duplicate key", "23505"))))
        .isFalse();
  }

  @Test
  void aCommitLostWithItsConnectionIsServiceUnavailableThoughTheRollbackFailedToo() {
    // What Spring throws when a commit fails with its connection: the rollback's failure.
    TransactionSystemException rollbackFailed =
        new TransactionSystemException(
            "JDBC rollback failed", new SQLException("Connection is closed"));

    assertThat(ApiExceptionHandler.isDependencyDown(new IllegalStateException(rollbackFailed)))
        .isTrue();
  }

  @Test
  void anUnexpectedFailureRevealsNothingAboutItsCause() {
    ResponseEntity<Object> response =
        handler.handleUnexpected(
            new IllegalStateException("SELECT secret FROM jobs; java.lang.NullPointerException"),
            request);

    assertThat(response.getStatusCode().value()).isEqualTo(500);
    assertThat(body(response))
        .containsEntry("code", "internal_error")
        .containsEntry("instance", "/v1/jobs")
        .doesNotContainKey("errors");
    assertThat(body(response).toString()).doesNotContain("SELECT", "java.", "Exception");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> body(ResponseEntity<Object> response) {
    return (Map<String, Object>) response.getBody();
  }
}
