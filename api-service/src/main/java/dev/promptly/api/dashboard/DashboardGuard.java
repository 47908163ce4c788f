package dev.promptly.api.dashboard;

import dev.promptly.api.auth.KeySignIn;
import dev.promptly.api.auth.SignedInKey;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * In front of every {@code /dashboard} route: security headers, a valid signed-in key (checked
 * again on each request, so a revoked key ends its sessions at once), the admin key for admin
 * pages, and the session's CSRF token plus a same-origin check on every state-changing request.
 */
class DashboardGuard implements HandlerInterceptor {
  static final String SIGNED_IN_ATTRIBUTE = DashboardGuard.class.getName() + ".signedIn";
  static final String CSRF_PARAMETER = "_csrf";
  static final String LOGIN = "/dashboard/login";

  /**
   * Scripts and styles only from this origin (no inline script, no event-handler attributes), no
   * framing, forms post only here.
   */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
          + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
  private static final String ASSETS = "/dashboard/assets/";

  private final KeySignIn keys;

  DashboardGuard(KeySignIn keys) {
    this.keys = keys;
  }

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
      throws IOException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    addSecurityHeaders(response, path.startsWith(ASSETS));
    if (path.startsWith(ASSETS)) {
      return true;
    }
    if (!SAFE_METHODS.contains(request.getMethod()) && !isSameOriginWithToken(request)) {
      response.sendError(HttpServletResponse.SC_FORBIDDEN, "CSRF check failed");
      return false;
    }
    if (path.equals(LOGIN)) {
      return true;
    }
    Optional<SignedInKey> signedIn = DashboardSession.signedIn(request).filter(keys::isStillValid);
    if (signedIn.isEmpty()) {
      DashboardSession.signOut(request);
      response.sendRedirect(request.getContextPath() + LOGIN);
      return false;
    }
    if (DashboardRoutes.isAdminOnly(path, request.getMethod()) && !signedIn.get().isAdmin()) {
      response.sendError(HttpServletResponse.SC_FORBIDDEN, "This page needs the admin key.");
      return false;
    }
    request.setAttribute(SIGNED_IN_ATTRIBUTE, signedIn.get());
    return true;
  }

  private static void addSecurityHeaders(HttpServletResponse response, boolean asset) {
    response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("X-Frame-Options", "DENY");
    response.setHeader("Referrer-Policy", "same-origin");
    if (!asset) {
      // Pages hold tenant data: never keep them in a shared or back-button cache.
      response.setHeader("Cache-Control", "no-store");
    }
  }

  /**
   * The synchronizer token must match; and a browser that names the page's origin (Origin, else
   * Referer) must name this one, a second line should a token ever leak.
   */
  private static boolean isSameOriginWithToken(HttpServletRequest request) {
    if (!DashboardSession.hasCsrfToken(request, request.getParameter(CSRF_PARAMETER))) {
      return false;
    }
    String origin = request.getHeader("Origin");
    if (origin == null) {
      String referer = request.getHeader("Referer");
      if (referer == null) {
        return true;
      }
      origin = originOf(referer);
    }
    return origin != null && origin.equals(originOf(request.getRequestURL().toString()));
  }

  private static String originOf(String url) {
    try {
      URI uri = URI.create(url);
      if (uri.getScheme() == null || uri.getHost() == null) {
        return null;
      }
      return uri.getScheme()
          + "://"
          + uri.getHost()
          + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
