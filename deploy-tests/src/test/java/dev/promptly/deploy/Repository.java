package dev.promptly.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The checked-out repository whose deployment files are under test. */
final class Repository {

  // Surefire passes the repository root; running from the module directory works without it.
  static final Path ROOT =
      Path.of(System.getProperty("promptly.root", "..")).toAbsolutePath().normalize();

  static final Path CHART = ROOT.resolve("charts/promptly");

  private Repository() {}

  static Path path(String relative) {
    return ROOT.resolve(relative);
  }

  static String read(String relative) {
    try {
      return Files.readString(path(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
