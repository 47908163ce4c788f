package dev.promptly.emulator.completions;

import dev.promptly.emulator.ApiError;
import dev.promptly.emulator.ApiErrorException;
import dev.promptly.emulator.EmulatorProperties;
import dev.promptly.emulator.Outcome;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;

/** Checks the bearer key the way OpenAI does, so clients exercise their auth-failure paths. */
@Component
public class ApiKeyVerifier {

  private static final String BEARER = "Bearer ";

  private final EmulatorProperties properties;

  ApiKeyVerifier(EmulatorProperties properties) {
    this.properties = properties;
  }

  /** Throws OpenAI's 401 unless {@code authorization} is an acceptable bearer key. */
  public void verify(String authorization) {
    if (authorization == null
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
        || authorization.substring(BEARER.length()).isBlank()) {
      throw unauthorized(
          "You didn't provide an API key. You need to provide your API key in an Authorization"
              + " header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
          null);
    }
    String key = authorization.substring(BEARER.length()).strip();
    if (properties.requiresExactKey() && !sameKey(key, properties.apiKey())) {
      throw unauthorized("Incorrect API key provided.", "invalid_api_key");
    }
  }

  // Constant-time, because a key compared byte by byte leaks its prefix through timing.
  private static boolean sameKey(String given, String expected) {
    return MessageDigest.isEqual(
        given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
  }

  private static ApiErrorException unauthorized(String message, String code) {
    return new ApiErrorException(
        HttpStatusCode.valueOf(401),
        Outcome.UNAUTHORIZED,
        new ApiError(message, "invalid_request_error", null, code),
        new HttpHeaders());
  }
}
