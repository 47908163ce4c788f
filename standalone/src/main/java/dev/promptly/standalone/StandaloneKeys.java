package dev.promptly.standalone;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The dev tenant's key and the admin key: from the environment ({@code PROMPTLY_DEV_API_KEY},
 * {@code PROMPTLY_ADMIN_API_KEY}) when set, else made once and kept in {@code <home>/env} (mode
 * 600), so they survive restarts as the data does.
 */
record StandaloneKeys(String devKey, String adminKey, Path file) {

  static StandaloneKeys load(Path home, Map<String, String> environment) throws IOException {
    Path file = home.resolve("env");
    Properties stored = new Properties();
    if (Files.exists(file)) {
      try (var reader = Files.newBufferedReader(file)) {
        stored.load(reader);
      }
    }
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("PROMPTLY_API_KEY", pick(environment, "PROMPTLY_DEV_API_KEY", stored, "pk_"));
    keys.put(
        "PROMPTLY_ADMIN_API_KEY", pick(environment, "PROMPTLY_ADMIN_API_KEY", stored, "admin_"));
    StringBuilder text = new StringBuilder();
    keys.forEach((name, value) -> text.append(name).append('=').append(value).append('\n'));
    Files.createDirectories(home);
    if (!Files.exists(file)) {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    Files.writeString(file, text);
    return new StandaloneKeys(
        keys.get("PROMPTLY_API_KEY"), keys.get("PROMPTLY_ADMIN_API_KEY"), file);
  }

  private static String pick(
      Map<String, String> environment, String variable, Properties stored, String prefix) {
    String fromEnvironment = environment.get(variable);
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return fromEnvironment;
    }
    String storedName = variable.equals("PROMPTLY_DEV_API_KEY") ? "PROMPTLY_API_KEY" : variable;
    String kept = stored.getProperty(storedName);
    if (kept != null && !kept.isBlank()) {
      return kept;
    }
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }

  @Override
  public String toString() {
    return "StandaloneKeys[file=" + file + "]";
  }
}
