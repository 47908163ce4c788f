package dev.promptly.api.auth;

import dev.promptly.api.web.ApiException;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Collections;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Requires a valid {@code Authorization: Bearer} key before any {@code /v1} handler runs: the admin
 * key on admin routes, a tenant key everywhere else. Failures are thrown, so they become problem
 * documents like every other error.
 */
class AuthInterceptor implements HandlerInterceptor {
  static final String CALLER_ATTRIBUTE = AuthInterceptor.class.getName() + ".caller";
  private static final String BEARER = "bearer ";
  private static final int MAX_KEY_LENGTH = 512;

  private final ApiKeyAuthenticator authenticator;
  private final boolean adminRoutes;

  AuthInterceptor(ApiKeyAuthenticator authenticator, boolean adminRoutes) {
    this.authenticator = authenticator;
    this.adminRoutes = adminRoutes;
  }

  @Override
  public boolean preHandle(
      HttpServletRequest request, HttpServletResponse response, Object handler) {
    if (request.getDispatcherType() == DispatcherType.ASYNC) {
      // The end of an event stream comes back through the interceptors: it was authenticated when
      // it began, and its key may be gone by now without that making its last events a 401.
      return true;
    }
    if (Collections.list(request.getHeaders(HttpHeaders.AUTHORIZATION)).size() > 1) {
      // Two credentials are ambiguous, and a proxy and the API might each pick another one.
      throw unauthorized("Send exactly one Authorization header.");
    }
    String key = bearerKey(request.getHeader(HttpHeaders.AUTHORIZATION));
    if (key == null) {
      throw unauthorized("Send your API key as 'Authorization: Bearer <key>'.");
    }
    Caller caller =
        authenticator
            .authenticate(key)
            .orElseThrow(() -> unauthorized("The API key is not valid."));
    boolean admin = caller instanceof Caller.Admin;
    if (adminRoutes && !admin) {
      throw new ApiException(HttpStatus.FORBIDDEN, "forbidden", "This route needs the admin key.");
    }
    if (!adminRoutes && admin) {
      throw new ApiException(
          HttpStatus.FORBIDDEN,
          "forbidden",
          "The admin key cannot act for a tenant; use a tenant key.");
    }
    request.setAttribute(CALLER_ATTRIBUTE, caller);
    return true;
  }

  static String bearerKey(String authorization) {
    if (authorization == null
        || authorization.length() <= BEARER.length()
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return null;
    }
    String key = authorization.substring(BEARER.length()).trim();
    return key.isEmpty() || key.length() > MAX_KEY_LENGTH ? null : key;
  }

  private static ApiException unauthorized(String detail) {
    HttpHeaders headers = new HttpHeaders();
    headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    return new ApiException(HttpStatus.UNAUTHORIZED, "unauthorized", detail, List.of(), headers);
  }
}
