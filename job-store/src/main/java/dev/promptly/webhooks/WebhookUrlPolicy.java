package dev.promptly.webhooks;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether a webhook URL may be used: http(s) only, and (unless private targets are allowed)
 * no host that resolves to an internal address, so a client cannot aim Promptly at services behind
 * the firewall (SSRF). The API asks when a job is submitted; DNS can change between then and
 * delivery, so the worker asks again before every attempt.
 */
public class WebhookUrlPolicy {
  static final int MAX_LENGTH = 2048;

  /** Resolves a host name to its addresses; a seam for tests. */
  @FunctionalInterface
  interface HostResolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private final boolean allowPrivateTargets;
  private final HostResolver resolver;

  /**
   * @param allowPrivateTargets accept internal hosts too (dev and tests only)
   */
  public WebhookUrlPolicy(boolean allowPrivateTargets) {
    this(allowPrivateTargets, InetAddress::getAllByName);
  }

  WebhookUrlPolicy(boolean allowPrivateTargets, HostResolver resolver) {
    this.allowPrivateTargets = allowPrivateTargets;
    this.resolver = resolver;
  }

  /** What is wrong with the URL, or empty when a job may use it. */
  public Optional<String> problemWith(String url) {
    if (url.length() > MAX_LENGTH) {
      return Optional.of("must be at most " + MAX_LENGTH + " characters");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return Optional.of("must be an absolute http or https URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      return Optional.of("must be an absolute http or https URL");
    }
    if (allowPrivateTargets) {
      return Optional.empty();
    }
    return targetsInternalHost(uri.getHost())
        ? Optional.of("must not point to a loopback, private, link-local or metadata address")
        : Optional.empty();
  }

  private boolean targetsInternalHost(String host) {
    // "localhost." is the same host as "localhost": a trailing dot must not slip past the names.
    String name = host.toLowerCase(Locale.ROOT).replaceAll("\\.+$", "");
    if (name.equals("localhost")
        || name.endsWith(".localhost")
        || name.equals("metadata.google.internal")) {
      return true;
    }
    try {
      for (InetAddress address : resolver.resolve(host)) {
        if (PrivateAddresses.isBlocked(address)) {
          return true;
        }
      }
      return false;
    } catch (UnknownHostException e) {
      // Not resolvable now means no internal target now; delivery checks again when it connects.
      return false;
    }
  }
}
