package dev.promptly.bench;

import picocli.CommandLine.Option;

/** Where the stack under test is; the admin key comes from the environment, never a flag. */
final class Services {
  @Option(
      names = "--api",
      required = true,
      description = "API base URL, e.g. http://127.0.0.1:PORT")
  String api;

  @Option(names = "--db-url", required = true, description = "JDBC URL of the benchmark database")
  String dbUrl;

  @Option(names = "--db-user", defaultValue = "postgres")
  String dbUser;

  String adminKey() {
    return System.getenv("PROMPTLY_ADMIN_API_KEY");
  }

  String dbPassword() {
    String password = System.getenv("PROMPTLY_DB_PASSWORD");
    return password == null ? "" : password;
  }

  JobTimings jobTimings() {
    return new JobTimings(dbUrl, dbUser, dbPassword());
  }

  Tenants tenants() {
    return new Tenants(api, adminKey());
  }
}
