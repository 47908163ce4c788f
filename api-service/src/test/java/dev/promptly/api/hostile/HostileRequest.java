package dev.promptly.api.hostile;

import dev.promptly.api.RawHttp;

/**
 * One malformed or hostile request of the bad-input suite, and the answer it must get.
 *
 * @param category what kind of abuse it is, for the suite's summary
 * @param name what it does, for a failure message
 * @param field a field the problem's {@code errors} must name, or null
 */
record HostileRequest(
    String category, String name, RawHttp.Request request, int status, String code, String field) {

  /** The callers and resources the generated requests refer to. */
  record Context(String tenantKey, String revokedKey, String adminKey, String tenantId) {}

  static HostileRequest expect(
      String category, String name, RawHttp.Request request, int status, String code) {
    return new HostileRequest(category, name, request, status, code, null);
  }

  /** A 400 {@code invalid_request} that names {@code field}. */
  static HostileRequest invalid(
      String category, String name, RawHttp.Request request, String field) {
    return new HostileRequest(category, name, request, 400, "invalid_request", field);
  }

  @Override
  public String toString() {
    return category + ": " + name;
  }
}
