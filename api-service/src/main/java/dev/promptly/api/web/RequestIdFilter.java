package dev.promptly.api.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} when it is sane, else a new one. It
 * is echoed on the response, put in the logging MDC and stored with jobs, so one id ties a client's
 * report to the logs of the API and the workers.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestIdFilter extends OncePerRequestFilter {
  public static final String HEADER = "X-Request-Id";
  static final String MDC_KEY = "request_id";
  private static final String ATTRIBUTE = RequestIdFilter.class.getName() + ".requestId";
  private static final int MAX_LENGTH = 128;

  /** The id of the current request (set by this filter, first in the chain). */
  public static String requestIdOf(HttpServletRequest request) {
    Object id = request.getAttribute(ATTRIBUTE);
    return id == null ? null : id.toString();
  }

  /**
   * The id of a request this filter may not have seen (one the container refused before any filter
   * ran): the id it was given, else a new one, which is then echoed on the response.
   */
  static String ensureRequestId(HttpServletRequest request, HttpServletResponse response) {
    String id = requestIdOf(request);
    if (id == null) {
      id = newId();
      request.setAttribute(ATTRIBUTE, id);
    }
    response.setHeader(HEADER, id);
    return id;
  }

  /** A fresh id for a response that has none. */
  static String newId() {
    return "req_" + UUID.randomUUID().toString().replace("-", "");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String given = request.getHeader(HEADER);
    String id = isSane(given) ? given : newId();
    request.setAttribute(ATTRIBUTE, id);
    response.setHeader(HEADER, id);
    MDC.put(MDC_KEY, id);
    try {
      chain.doFilter(request, response);
    } finally {
      MDC.remove(MDC_KEY);
    }
  }

  /** Up to 128 visible ASCII characters: safe to echo in a header and to write to logs. */
  static boolean isSane(String id) {
    return id != null
        && !id.isEmpty()
        && id.length() <= MAX_LENGTH
        && id.chars().allMatch(c -> c >= 0x21 && c <= 0x7e);
  }
}
