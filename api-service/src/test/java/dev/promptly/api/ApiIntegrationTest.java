package dev.promptly.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.dispatch.MessagingProperties;
import dev.promptly.model.Priority;
import dev.promptly.testsupport.TestInfrastructure;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Base of every integration test: one Spring context (same configuration everywhere, so it is built
 * once per JVM) on a random port, against real Postgres, RabbitMQ and Redis.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "promptly.auth.admin-api-key=" + ApiIntegrationTest.ADMIN_KEY,
      "promptly.dev.api-key=" + ApiIntegrationTest.DEV_KEY,
      "promptly.webhooks.allow-private-targets=false",
      // Event streams beat (and re-read their job) often enough for a test's patience.
      "promptly.events.heartbeat=1s",
      "promptly.events.watch-ttl=3s"
    })
public abstract class ApiIntegrationTest {
  protected static final String ADMIN_KEY = "test-admin-key-not-secret-0123456789";
  protected static final String DEV_KEY = "pk_devkeydevkeydevkeydevkeydevkeydevkeydevkeyd";
  protected static final String SUMMARIZE =
      "{\"kind\":\"summarize\",\"input\":{\"text\":\"A long text that needs a summary.\"}}";
  protected static final String CHAT =
      "{\"kind\":\"chat\",\"input\":{\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}}";

  @DynamicPropertySource
  static void services(DynamicPropertyRegistry registry) {
    TestInfrastructure.shared().register(registry);
  }

  @LocalServerPort protected int port;
  @Autowired protected AmqpAdmin amqp;
  @Autowired protected JdbcClient jdbc;
  @Autowired protected MessagingProperties messaging;
  @Autowired protected RabbitTemplate rabbit;
  protected ApiClient api;

  @BeforeEach
  void connectAndEmptyTheQueues() {
    api = new ApiClient(port);
    emptyTheQueues();
  }

  protected void emptyTheQueues() {
    amqp.purgeQueue(messaging.queue(), false);
  }

  /** A new tenant with one API key; returns the key. */
  protected String aTenantKey() {
    return api.post("/v1/admin/tenants/" + aTenantId() + "/api-keys", ADMIN_KEY)
        .json()
        .get("key")
        .asString();
  }

  /** A new tenant; returns its id. */
  protected String aTenantId() {
    return aTenantIdLimitedTo(600);
  }

  /**
   * A new tenant allowed {@code perMinute} submissions and {@code readsPerMinute} reads a minute;
   * returns its id.
   */
  protected String aTenantIdLimitedTo(int perMinute, int readsPerMinute) {
    String tenant = aTenantIdLimitedTo(perMinute);
    HttpResult set =
        api.putJson(
            "/v1/admin/tenants/" + tenant + "/rate-limit",
            ADMIN_KEY,
            "{\"rate_limit_per_minute\":"
                + perMinute
                + ",\"read_rate_limit_per_minute\":"
                + readsPerMinute
                + "}");
    assertThat(set.status()).isEqualTo(200);
    return tenant;
  }

  /** A new tenant allowed {@code perMinute} submissions a minute (and ten times as many reads). */
  protected String aTenantIdLimitedTo(int perMinute) {
    HttpResult created =
        api.postJson(
            "/v1/admin/tenants",
            ADMIN_KEY,
            "{\"name\":\"tenant-"
                + UUID.randomUUID()
                + "\",\"rate_limit_per_minute\":"
                + perMinute
                + "}");
    assertThat(created.status()).isEqualTo(201);
    return created.json().get("id").asString();
  }

  /** A new API key of the tenant. */
  protected String aKeyOf(String tenantId) {
    return api.post("/v1/admin/tenants/" + tenantId + "/api-keys", ADMIN_KEY)
        .json()
        .get("key")
        .asString();
  }

  /** Submits a job that must be accepted; returns the job resource. */
  protected JsonNode submitted(String key, String body) {
    HttpResult result = api.postJson("/v1/jobs", key, body);
    assertThat(result.status()).as(result.body()).isEqualTo(202);
    return result.json();
  }

  /**
   * Takes messages off the job queue until the one of {@code jobId}, which must come within 5 s and
   * carry its priority; other tests' late relayed messages on the way are dropped.
   */
  protected JsonNode messageOf(String jobId, Priority priority) {
    Instant deadline = Instant.now().plusSeconds(5);
    while (Instant.now().isBefore(deadline)) {
      Message message = rabbit.receive(messaging.queue(), 500);
      if (message == null) {
        continue;
      }
      JsonNode body = JsonMapper.builder().build().readTree(message.getBody());
      if (body.get("job_id").asString().equals(jobId)) {
        assertThat(message.getMessageProperties().getPriority())
            .isEqualTo(priority.messagePriority());
        return body;
      }
    }
    throw new AssertionError("no message for job " + jobId + " within 5 s");
  }

  /**
   * How many messages of {@code jobId} reach the job queue: takes messages off it until one of the
   * job's came (within 5 s) and then none for 300 ms; other tests' late messages are dropped.
   */
  protected long messagesFor(String jobId) {
    long count = 0;
    Instant deadline = Instant.now().plusSeconds(5);
    while (Instant.now().isBefore(deadline)) {
      Message message = rabbit.receive(messaging.queue(), 300);
      if (message == null) {
        if (count > 0) {
          break;
        }
        continue;
      }
      JsonNode body = JsonMapper.builder().build().readTree(message.getBody());
      if (body.get("job_id").asString().equals(jobId)) {
        count++;
      }
    }
    return count;
  }

  protected long jobsOf(String tenantId) {
    return jdbc.sql("SELECT count(*) FROM jobs WHERE tenant_id = :tenantId")
        .param("tenantId", tenantId)
        .query(Long.class)
        .single();
  }

  protected String tenantOfKey(String key) {
    return jdbc.sql(
            "SELECT tenant_id FROM api_keys WHERE key_hash = encode(sha256(convert_to(:key,"
                + " 'UTF8')), 'hex')")
        .param("key", key)
        .query(String.class)
        .single();
  }
}
