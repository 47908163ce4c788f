package dev.promptly.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Prompts, results and keys stay out of the logs: a run that sends recognizable secrets every way a
 * client can (accepted, replayed, refused, malformed, as keys) leaves none of them in the output,
 * with the service's own loggers at DEBUG.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedactionIT extends ApiIntegrationTest {
  @Autowired LoggingSystem logging;

  @Test
  void promptsAndKeysNeverReachTheLogs(CapturedOutput output) {
    String secret = "SECRET-PROMPT-" + UUID.randomUUID();
    String wrongKey = "pk_SECRETKEY" + UUID.randomUUID().toString().replace("-", "");
    String key = aTenantKey();
    logRequestHandlingOnce(key);
    logging.setLogLevel("dev.promptly", LogLevel.DEBUG);
    try {
      sendSecrets(secret, key, wrongKey);
      LoggerFactory.getLogger(RedactionIT.class).info("redaction check done");
    } finally {
      logging.setLogLevel("dev.promptly", null);
    }

    // The capture holds the service's log lines, from request threads too ...
    assertThat(output.getOut()).contains("Completed 200 OK", "redaction check done");
    // ... and none of the secrets.
    for (String leak : List.of(secret, key, wrongKey, ADMIN_KEY, key.substring(10))) {
      assertThat(output.getAll()).doesNotContain(leak);
    }
  }

  // Spring's request logging, at DEBUG for one request without secrets: it shows that what
  // request threads log is captured. (At DEBUG it prints URLs, so it is not left on.)
  private void logRequestHandlingOnce(String key) {
    String dispatcher = "org.springframework.web.servlet.DispatcherServlet";
    logging.setLogLevel(dispatcher, LogLevel.DEBUG);
    try {
      api.get("/v1/jobs", key);
    } finally {
      logging.setLogLevel(dispatcher, null);
    }
  }

  private void sendSecrets(String secret, String key, String wrongKey) {
    String summarize =
        "{\"kind\":\"summarize\",\"input\":{\"text\":\""
            + secret
            + "\"},\"metadata\":{\"note\":\""
            + secret
            + "\"}}";
    String chat =
        "{\"kind\":\"chat\",\"input\":{\"messages\":[{\"role\":\"user\",\"content\":\""
            + secret
            + "\"}]}}";
    String id = submitted(key, summarize).get("id").asString();
    submitted(key, chat);
    api.postJson("/v1/jobs", key, chat, Map.of("Idempotency-Key", "redaction"));
    api.postJson("/v1/jobs", key, chat, Map.of("Idempotency-Key", "redaction"));
    api.postJson("/v1/jobs", key, summarize, Map.of("Idempotency-Key", "redaction"));
    api.postJson("/v1/jobs", key, summarize.replace("summarize\"", "summarize\",\"style\":1"));
    api.postJson("/v1/jobs", key, chat.replace("\"user\"", "\"" + secret + "\""));
    api.postJson("/v1/jobs", key, "{\"kind\":\"chat\",\"" + secret + "\":1}");
    api.postJson("/v1/jobs", key, "{\"kind\":\"summarize\",\"input\":{\"text\":" + secret + "}}");
    api.postJson("/v1/jobs", key, summarize.replace(secret, secret + "\\u0000"));
    api.get("/v1/jobs/" + id, key);
    api.get("/v1/jobs?kind=" + secret, key);
    api.get("/v1/jobs", wrongKey);
    api.get("/v1/admin/dead-letters", key);
    api.post("/v1/jobs/" + id + "/cancel", key);
    // Requests Tomcat cannot parse, which it would log with the offending line.
    RawHttp.send(
        port,
        RawHttp.request("GET", "/v1/jobs")
            .auth(key)
            .rawHeader(("X-Note: " + secret + "\0").getBytes(StandardCharsets.ISO_8859_1)));
    RawHttp.send(port, RawHttp.request("GET", "/v1/jobs").auth(key + "\0"));
    RawHttp.send(port, RawHttp.request("GET", "/v1/jobs?kind=%zz" + secret).auth(key));
  }
}
