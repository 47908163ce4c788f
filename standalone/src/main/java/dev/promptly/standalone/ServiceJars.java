package dev.promptly.standalone;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The service jars carried inside {@code promptly-standalone.jar} ({@code services/*.jar}), copied
 * out once per build to {@code <home>/jars}: Spring Boot's loader opens a jar from a file.
 */
final class ServiceJars {
  private ServiceJars() {}

  static Path extract(String jar, Path directory) throws IOException {
    URL resource = ServiceJars.class.getResource("/services/" + jar);
    if (resource == null) {
      throw new IllegalStateException(jar + " is missing from promptly-standalone.jar");
    }
    URLConnection connection = resource.openConnection();
    // The entry's CRC and size say whether the copy is of this build, without reading 50 MB.
    String stamp =
        connection instanceof JarURLConnection entry
            ? entry.getJarEntry().getCrc() + ":" + entry.getJarEntry().getSize()
            : Long.toString(connection.getContentLengthLong());
    Path target = directory.resolve(jar);
    Path stampFile = directory.resolve(jar + ".stamp");
    if (Files.exists(target)
        && Files.exists(stampFile)
        && Files.readString(stampFile).equals(stamp)) {
      return target;
    }
    Files.createDirectories(directory);
    Path partial = directory.resolve(jar + ".partial");
    try (InputStream in = connection.getInputStream()) {
      Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
    }
    Files.move(
        partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Files.writeString(stampFile, stamp);
    return target;
  }
}
