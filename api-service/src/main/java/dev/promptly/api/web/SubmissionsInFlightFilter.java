package dev.promptly.api.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.Semaphore;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Sheds submissions beyond {@code promptly.web.max-submissions-in-flight}: a client that submits
 * faster than this instance can write (an open loop, a burst) gets 503 with {@code Retry-After: 1}
 * at once, instead of every request waiting in memory until the heap runs out. Reads, event streams
 * and long polls are not counted: they wait on purpose and hold little.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
public class SubmissionsInFlightFilter extends OncePerRequestFilter {
  private final Semaphore permits;
  private final ProblemWriter problems;

  public SubmissionsInFlightFilter(WebProperties properties, ProblemWriter problems) {
    this.permits = new Semaphore(properties.maxSubmissionsInFlight());
    this.problems = problems;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    if (!"POST".equals(request.getMethod())) {
      return true;
    }
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return !(path.equals("/v1/jobs") || path.equals("/v1/batches"));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!permits.tryAcquire()) {
      response.setHeader("Retry-After", "1");
      problems.write(
          request,
          response,
          HttpStatus.SERVICE_UNAVAILABLE,
          "unavailable",
          "This instance is handling as many submissions as it can; retry in a second.");
      return;
    }
    try {
      chain.doFilter(request, response);
    } finally {
      permits.release();
    }
  }
}
