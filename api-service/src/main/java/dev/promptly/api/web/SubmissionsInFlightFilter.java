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
 * and long polls are not counted: they wait on purpose and hold little. Batches have a smaller
 * limit of their own ({@code promptly.web.max-batches-in-flight}) within that one: each holds up to
 * 64 MiB of body and its parsed jobs.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
public class SubmissionsInFlightFilter extends OncePerRequestFilter {
  private static final String BATCHES = "/v1/batches";

  private final Semaphore permits;
  private final Semaphore batchPermits;
  private final ProblemWriter problems;

  public SubmissionsInFlightFilter(WebProperties properties, ProblemWriter problems) {
    this.permits = new Semaphore(properties.maxSubmissionsInFlight());
    this.batchPermits = new Semaphore(properties.maxBatchesInFlight());
    this.problems = problems;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    if (!"POST".equals(request.getMethod())) {
      return true;
    }
    String path = path(request);
    return !(path.equals("/v1/jobs") || path.equals(BATCHES));
  }

  private static String path(HttpServletRequest request) {
    return request.getRequestURI().substring(request.getContextPath().length());
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Semaphore batch = path(request).equals(BATCHES) ? batchPermits : null;
    if (batch != null && !batch.tryAcquire()) {
      shed(request, response, "batches");
      return;
    }
    try {
      if (!permits.tryAcquire()) {
        shed(request, response, "submissions");
        return;
      }
      try {
        chain.doFilter(request, response);
      } finally {
        permits.release();
      }
    } finally {
      if (batch != null) {
        batch.release();
      }
    }
  }

  private void shed(HttpServletRequest request, HttpServletResponse response, String what)
      throws IOException {
    response.setHeader("Retry-After", "1");
    problems.write(
        request,
        response,
        HttpStatus.SERVICE_UNAVAILABLE,
        "unavailable",
        "This instance is handling as many " + what + " as it can; retry in a second.");
  }
}
