package dev.promptly.api.dashboard;

import dev.promptly.api.auth.SignedInKey;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * What a dashboard session holds, server-side: the signed-in key's identity (its hash, never the
 * key) and the session's CSRF token. The browser holds only the session cookie.
 */
final class DashboardSession {
  private static final String SIGNED_IN = DashboardSession.class.getName() + ".signedIn";
  private static final String CSRF_TOKEN = DashboardSession.class.getName() + ".csrf";
  private static final SecureRandom RANDOM = new SecureRandom();

  private DashboardSession() {}

  static Optional<SignedInKey> signedIn(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    return session != null && session.getAttribute(SIGNED_IN) instanceof SignedInKey key
        ? Optional.of(key)
        : Optional.empty();
  }

  /**
   * Starts the signed-in session under a new session id, so an id planted before sign-in (session
   * fixation) is worth nothing afterwards, and issues a new CSRF token with it.
   */
  static void signIn(HttpServletRequest request, SignedInKey key) {
    request.getSession(true);
    request.changeSessionId();
    HttpSession session = request.getSession();
    session.setAttribute(SIGNED_IN, key);
    session.setAttribute(CSRF_TOKEN, newToken());
  }

  static void signOut(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session != null) {
      session.invalidate();
    }
  }

  /** The session's CSRF token, made (with a session) when there is none yet. */
  static String csrfToken(HttpServletRequest request) {
    HttpSession session = request.getSession(true);
    if (session.getAttribute(CSRF_TOKEN) instanceof String token) {
      return token;
    }
    String token = newToken();
    session.setAttribute(CSRF_TOKEN, token);
    return token;
  }

  /** Whether {@code presented} is this session's CSRF token; false without a session. */
  static boolean hasCsrfToken(HttpServletRequest request, String presented) {
    HttpSession session = request.getSession(false);
    if (presented == null
        || session == null
        || !(session.getAttribute(CSRF_TOKEN) instanceof String token)) {
      return false;
    }
    return MessageDigest.isEqual(
        token.getBytes(StandardCharsets.US_ASCII), presented.getBytes(StandardCharsets.UTF_8));
  }

  private static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
