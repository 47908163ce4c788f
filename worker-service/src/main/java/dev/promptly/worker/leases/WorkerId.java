package dev.promptly.worker.leases;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Who holds a claimed job: {@code <host>-<pid>-<random>}, unique per process start, so a restarted
 * worker never mistakes its predecessor's claims for its own.
 */
public record WorkerId(String value) {
  public WorkerId {
    Objects.requireNonNull(value, "value");
    if (value.isBlank()) {
      throw new IllegalArgumentException("worker id must not be blank");
    }
  }

  static WorkerId forThisProcess() {
    byte[] random = new byte[3];
    new SecureRandom().nextBytes(random);
    return new WorkerId(
        hostName() + "-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(random));
  }

  private static String hostName() {
    String fromEnvironment = System.getenv("HOSTNAME");
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return fromEnvironment;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "worker";
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
