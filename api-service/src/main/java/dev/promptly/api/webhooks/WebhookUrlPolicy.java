package dev.promptly.api.webhooks;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Decides whether a job may name a webhook URL: http(s) only, and (unless private targets are
 * allowed) no host that resolves to an internal address, so a client cannot aim Promptly at
 * services behind the firewall (SSRF). DNS can change between now and delivery, so the sender must
 * check the address it connects to as well.
 */
@Component
public class WebhookUrlPolicy {
  static final int MAX_LENGTH = 2048;

  /** Resolves a host name to its addresses; a seam for tests. */
  @FunctionalInterface
  interface HostResolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private final WebhookProperties properties;
  private final HostResolver resolver;

  @Autowired
  public WebhookUrlPolicy(WebhookProperties properties) {
    this(properties, InetAddress::getAllByName);
  }

  WebhookUrlPolicy(WebhookProperties properties, HostResolver resolver) {
    this.properties = properties;
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
    if (properties.allowPrivateTargets()) {
      return Optional.empty();
    }
    return targetsInternalHost(uri.getHost())
        ? Optional.of("must not point to a loopback, private, link-local or metadata address")
        : Optional.empty();
  }

  private boolean targetsInternalHost(String host) {
    String name = host.toLowerCase(Locale.ROOT);
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
