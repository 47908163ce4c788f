package dev.promptly.api.web;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's error report, as a problem document instead of an HTML page. It answers the requests
 * Tomcat refuses before any filter or controller sees them: a malformed request line or URL, an
 * encoded slash or NUL in the path, oversized or broken headers, a bad Content-Length.
 */
class ProblemReportValve extends ErrorReportValve {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  // The request target of a refused request may be huge or hostile; echo only its start.
  private static final int MAX_INSTANCE_LENGTH = 256;

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    AtomicBoolean ioAllowed = new AtomicBoolean(false);
    response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
    if (!ioAllowed.get()) {
      return;
    }
    String requestId = response.getHeader(RequestIdFilter.HEADER);
    if (requestId == null) {
      requestId = RequestIdFilter.newId();
      response.setHeader(RequestIdFilter.HEADER, requestId);
    }
    HttpStatusCode code = HttpStatusCode.valueOf(status);
    String body =
        JSON.writeValueAsString(
            Problems.body(
                code,
                Problems.defaultCode(code),
                code.is4xxClientError()
                    ? "The server could not accept this request as sent (request line, URL or"
                        + " headers)."
                    : "The server cannot handle this request.",
                instanceOf(request),
                requestId,
                List.of()));
    try {
      response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
      response.setCharacterEncoding("UTF-8");
      Writer writer = response.getReporter();
      if (writer != null) {
        writer.write(body);
        response.finishResponse();
      }
    } catch (IOException | IllegalStateException e) {
      // The connection is gone or the response is closed: nothing more can be sent.
    }
  }

  private static String instanceOf(Request request) {
    String uri = request.getRequestURI();
    if (uri == null) {
      return "";
    }
    return uri.length() <= MAX_INSTANCE_LENGTH ? uri : uri.substring(0, MAX_INSTANCE_LENGTH);
  }
}
