package dev.promptly.worker.webhooks;

import dev.promptly.webhooks.WebhookUrlPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Makes one HTTP attempt. The target is checked against the SSRF policy right before, because its
 * DNS may have changed since the job was submitted. A window remains between that check and the
 * client's own resolution when it connects (DNS rebinding with a very short TTL); closing it would
 * mean connecting to the checked address while keeping the name for TLS, which the JDK client does
 * not offer. Redirects are never followed, so a 3xx cannot lead to an internal target: it is a
 * failed attempt like any other non-2xx.
 */
class WebhookSender {
  static final String USER_AGENT = "Promptly-Webhooks/1";

  /** One event, signed, ready to send. */
  record Message(String url, String id, long timestamp, String signature, String body) {}

  private final WebhookUrlPolicy policy;
  private final HttpClient client;
  private final Duration timeout;

  WebhookSender(WebhookUrlPolicy policy, Duration timeout) {
    this.policy = policy;
    this.timeout = timeout;
    this.client =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(timeout)
            // HTTP/1.1 everywhere: no h2c upgrade dance with receivers and proxies that get it
            // wrong.
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  DeliveryAttempt send(Message message) {
    Optional<String> problem = policy.problemWith(message.url());
    if (problem.isPresent()) {
      return DeliveryAttempt.refused("the URL " + problem.get());
    }
    long started = System.nanoTime();
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(message.url()))
              .timeout(timeout)
              .header("content-type", "application/json")
              .header("user-agent", USER_AGENT)
              .header("webhook-id", message.id())
              .header("webhook-timestamp", Long.toString(message.timestamp()))
              .header("webhook-signature", message.signature())
              .POST(HttpRequest.BodyPublishers.ofString(message.body(), StandardCharsets.UTF_8))
              .build();
      HttpResponse<InputStream> response =
          client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      // The answer's body is of no interest; closing it at once means a receiver that streams
      // forever cannot hold the attempt beyond its headers.
      response.body().close();
      return DeliveryAttempt.answered(response.statusCode(), elapsedMs(started));
    } catch (HttpConnectTimeoutException e) {
      return DeliveryAttempt.failed("connect_timeout", elapsedMs(started));
    } catch (HttpTimeoutException e) {
      return DeliveryAttempt.failed("timeout", elapsedMs(started));
    } catch (ConnectException e) {
      return DeliveryAttempt.failed("connection_failed", elapsedMs(started));
    } catch (IOException e) {
      return DeliveryAttempt.failed("connection_error", elapsedMs(started));
    } catch (IllegalArgumentException e) {
      return DeliveryAttempt.refused("the URL is not valid");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return DeliveryAttempt.failed("interrupted", elapsedMs(started));
    }
  }

  private static long elapsedMs(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
  }
}
