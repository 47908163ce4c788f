package dev.promptly.api.dashboard;

import java.util.regex.Pattern;

/** Which dashboard routes only the admin key may use. */
final class DashboardRoutes {
  private static final Pattern ADMIN_PAGES =
      Pattern.compile("/dashboard/(tenants|dead-letters)(/.*)?");
  private static final Pattern ADMIN_JOB_ACTIONS =
      Pattern.compile("/dashboard/jobs/[^/]+/(retry|redeliver)");

  private DashboardRoutes() {}

  static boolean isAdminOnly(String path, String method) {
    return ADMIN_PAGES.matcher(path).matches()
        || ("POST".equals(method) && ADMIN_JOB_ACTIONS.matcher(path).matches());
  }
}
