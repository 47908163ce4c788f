package dev.promptly.bench;

/** The resident set size line of Linux's {@code /proc/<pid>/status}. */
final class VmRss {
  private VmRss() {}

  /** The {@code VmRSS:} value in MB (1024 kB). */
  static double parseMb(String status) {
    for (String line : status.split("\n")) {
      if (line.startsWith("VmRSS:")) {
        String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
        if (parts.length == 2 && parts[1].equals("kB")) {
          return Long.parseLong(parts[0]) / 1024.0;
        }
      }
    }
    throw new IllegalArgumentException("no VmRSS line in kB in the process status");
  }
}
