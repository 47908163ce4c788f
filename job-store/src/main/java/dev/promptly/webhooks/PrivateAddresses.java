package dev.promptly.webhooks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;

/**
 * Addresses a webhook must never reach: anything that is not a public unicast address. Covers
 * loopback, RFC 1918, CGNAT (where some clouds put their metadata service), link-local (where most
 * put it), unique-local IPv6, and IPv6 forms that embed an IPv4 address.
 */
final class PrivateAddresses {
  private static final List<int[]> BLOCKED_V4 =
      List.of(
          cidr(0, 0, 0, 0, 8), // "this" network
          cidr(10, 0, 0, 0, 8),
          cidr(100, 64, 0, 0, 10), // CGNAT
          cidr(127, 0, 0, 0, 8),
          cidr(169, 254, 0, 0, 16), // link-local, cloud metadata
          cidr(172, 16, 0, 0, 12),
          cidr(192, 0, 0, 0, 24), // IETF protocol assignments
          cidr(192, 0, 2, 0, 24), // documentation
          cidr(192, 168, 0, 0, 16),
          cidr(198, 18, 0, 0, 15), // benchmarking
          cidr(198, 51, 100, 0, 24), // documentation
          cidr(203, 0, 113, 0, 24), // documentation
          cidr(224, 0, 0, 0, 4), // multicast
          cidr(240, 0, 0, 0, 4)); // reserved and broadcast

  private PrivateAddresses() {}

  static boolean isBlocked(InetAddress address) {
    if (address.isAnyLocalAddress()
        || address.isLoopbackAddress()
        || address.isLinkLocalAddress()
        || address.isSiteLocalAddress()
        || address.isMulticastAddress()) {
      return true;
    }
    byte[] bytes = address.getAddress();
    return switch (address) {
      case Inet4Address v4 -> isBlockedV4(bytes);
      case Inet6Address v6 -> isBlockedV6(bytes);
      default -> true;
    };
  }

  private static boolean isBlockedV6(byte[] b) {
    int first = b[0] & 0xff;
    int second = b[1] & 0xff;
    if ((first & 0xfe) == 0xfc) {
      return true; // fc00::/7 unique local
    }
    if (first == 0x20 && second == 0x01 && b[2] == 0 && b[3] == 0) {
      return true; // 2001::/32 Teredo tunnels to any IPv4 address
    }
    if (first == 0x20 && second == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
      return true; // 2001:db8::/32 documentation
    }
    if (first == 0x20 && second == 0x02) {
      return isBlockedV4(Arrays.copyOfRange(b, 2, 6)); // 6to4 embeds an IPv4 address
    }
    boolean nat64 =
        first == 0x00 && second == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
    boolean zeroPrefix = allZero(b, 0, 12);
    boolean mapped = allZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    if ((nat64 && allZero(b, 4, 12)) || zeroPrefix || mapped) {
      return isBlockedV4(Arrays.copyOfRange(b, 12, 16));
    }
    return false;
  }

  private static boolean isBlockedV4(byte[] b) {
    int value =
        ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    for (int[] range : BLOCKED_V4) {
      int mask = range[1] == 0 ? 0 : -1 << (32 - range[1]);
      if ((value & mask) == (range[0] & mask)) {
        return true;
      }
    }
    return false;
  }

  private static boolean allZero(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static int[] cidr(int a, int b, int c, int d, int prefix) {
    return new int[] {(a << 24) | (b << 16) | (c << 8) | d, prefix};
  }
}
