package dev.promptly.api.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Writes a problem document straight to the servlet response, for failures outside Spring MVC. */
@Component
public class ProblemWriter {
  private final JsonMapper json;

  public ProblemWriter(JsonMapper json) {
    this.json = json;
  }

  /** Writes the problem unless the response is already committed. */
  public void write(
      HttpServletRequest request,
      HttpServletResponse response,
      HttpStatus status,
      String code,
      String detail)
      throws IOException {
    if (response.isCommitted()) {
      return;
    }
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setCharacterEncoding("UTF-8");
    json.writeValue(
        response.getOutputStream(),
        Problems.body(
            status,
            code,
            detail,
            request.getRequestURI(),
            RequestIdFilter.requestIdOf(request),
            List.of()));
  }
}
