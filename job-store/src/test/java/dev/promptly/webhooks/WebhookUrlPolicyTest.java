package dev.promptly.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookUrlPolicyTest {
  private final WebhookUrlPolicy strict =
      new WebhookUrlPolicy(false, WebhookUrlPolicyTest::resolve);
  private final WebhookUrlPolicy permissive =
      new WebhookUrlPolicy(true, WebhookUrlPolicyTest::resolve);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "127.8.9.10",
        "10.1.2.3",
        "172.16.0.1",
        "172.31.255.255",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "100.100.100.200",
        "0.0.0.0",
        "224.0.0.1",
        "255.255.255.255",
        "::1",
        "::",
        "fe80::1",
        "fd00:ec2::254",
        "fc00::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "64:ff9b::a9fe:a9fe",
        "2002:7f00:1::",
        "2001:db8::1"
      })
  void blocksAddressesThatAreNotPublicUnicast(String address) throws UnknownHostException {
    assertThat(PrivateAddresses.isBlocked(InetAddress.getByName(address))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"93.184.215.14", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111"})
  void allowsPublicAddresses(String address) throws UnknownHostException {
    assertThat(PrivateAddresses.isBlocked(InetAddress.getByName(address))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1/hook",
        "https://[::1]:8443/hook",
        "http://localhost:8080/x",
        "http://api.localhost/x",
        "http://metadata.google.internal/computeMetadata",
        "http://internal.example/hook",
        "http://169.254.169.254/latest/meta-data"
      })
  void refusesUrlsThatReachInternalHosts(String url) {
    assertThat(strict.problemWith(url)).isPresent();
  }

  @Test
  void acceptsAPublicHttpsUrl() {
    assertThat(strict.problemWith("https://public.example/hooks/promptly?x=1")).isEmpty();
  }

  @Test
  void acceptsAHostThatDoesNotResolveYet() {
    assertThat(strict.problemWith("https://unknown.example/hook")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "file:///etc/passwd",
        "ftp://public.example/x",
        "/relative/path",
        "http//x",
        "javascript:alert(1)",
        "https://"
      })
  void refusesUrlsThatAreNotAbsoluteHttp(String url) {
    assertThat(strict.problemWith(url)).contains("must be an absolute http or https URL");
  }

  @Test
  void acceptsPrivateTargetsWhenAllowed() {
    assertThat(permissive.problemWith("http://127.0.0.1:9000/hook")).isEmpty();
    assertThat(permissive.problemWith("file:///etc/passwd")).isPresent();
  }

  @Test
  void refusesVeryLongUrls() {
    assertThat(strict.problemWith("https://public.example/" + "a".repeat(2100))).isPresent();
  }

  private static InetAddress[] resolve(String host) throws UnknownHostException {
    return switch (host) {
      case "public.example" -> new InetAddress[] {InetAddress.getByName("93.184.215.14")};
      case "internal.example" ->
          new InetAddress[] {
            InetAddress.getByName("93.184.215.14"), InetAddress.getByName("10.0.0.7")
          };
      case "unknown.example" -> throw new UnknownHostException(host);
      default -> InetAddress.getAllByName(host);
    };
  }
}
