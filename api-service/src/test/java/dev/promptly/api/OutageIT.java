package dev.promptly.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.promptly.api.TcpProxy.Mode;
import dev.promptly.dispatch.MessagingProperties;
import dev.promptly.testsupport.TestInfrastructure;
import dev.promptly.testsupport.TestServices;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API while a dependency is down (DESIGN.md, "Guarantees"). This second context reaches
 * Postgres, RabbitMQ and Redis through proxies the tests cut and restore, so the shared servers are
 * never touched. It keeps its tables in a schema of its own: the main context's relay must not
 * publish the outbox rows these tests expect to stay unsent.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "promptly.auth.admin-api-key=" + OutageIT.ADMIN_KEY,
      "spring.flyway.schemas=" + OutageIT.SCHEMA,
      // A request gives up on a lost database after 2 s instead of 5 s: a shorter suite.
      "spring.datasource.hikari.connection-timeout=2000"
    })
class OutageIT {
  static final String ADMIN_KEY = "outage-admin-key-not-secret-0123456789";
  static final String SCHEMA = "outage";
  private static final String READINESS = "/actuator/health/readiness";
  private static final String SUMMARIZE =
      "{\"kind\":\"summarize\",\"input\":{\"text\":\"A long text that needs a summary.\"}}";
  private static final Duration RECOVERY = Duration.ofSeconds(30);
  private static final Duration QUICK = Duration.ofSeconds(3);

  private static final TestServices SERVICES = TestInfrastructure.shared();
  private static final URI POSTGRES_URI =
      URI.create(SERVICES.jdbcUrl().substring("jdbc:".length()));
  private static final TcpProxy POSTGRES =
      TcpProxy.to(POSTGRES_URI.getHost(), POSTGRES_URI.getPort());
  private static final TcpProxy RABBIT = TcpProxy.to(SERVICES.rabbitHost(), SERVICES.rabbitPort());
  private static final TcpProxy REDIS = TcpProxy.to(SERVICES.redisHost(), SERVICES.redisPort());

  @DynamicPropertySource
  static void servicesBehindProxies(DynamicPropertyRegistry registry) {
    Map<String, String> properties = new LinkedHashMap<>(SERVICES.springProperties());
    String jdbcUrl =
        SERVICES.jdbcUrl().replace(POSTGRES_URI.getRawAuthority(), "127.0.0.1:" + POSTGRES.port());
    properties.put(
        "spring.datasource.url",
        jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA);
    properties.put("spring.rabbitmq.host", "127.0.0.1");
    properties.put("spring.rabbitmq.port", Integer.toString(RABBIT.port()));
    properties.put("spring.data.redis.host", "127.0.0.1");
    properties.put("spring.data.redis.port", Integer.toString(REDIS.port()));
    properties.put("promptly.redis.key-prefix", SERVICES.redisKeyPrefix() + SCHEMA + ":");
    properties.forEach((name, value) -> registry.add(name, () -> value));
  }

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired AmqpAdmin amqp;
  @Autowired RabbitTemplate rabbit;
  @Autowired MessagingProperties messaging;
  ApiClient api;

  @BeforeEach
  void startOnceTheApiIsReady() {
    api = new ApiClient(port);
    // An earlier outage may have cut pooled connections; the API heals by itself, and each test
    // starts once it has.
    await().atMost(RECOVERY).until(() -> api.get(READINESS, null).status() == 200);
  }

  @AfterEach
  void restoreEveryServer() {
    POSTGRES.set(Mode.UP);
    RABBIT.set(Mode.UP);
    REDIS.set(Mode.UP);
  }

  @Test
  void withPostgresDownTheApiAnswersUnavailableAndHealsByItself() {
    String key = aTenantKey();
    String tenant = tenantOfKey(key);

    POSTGRES.set(Mode.DOWN);
    HttpResult poll = api.get("/v1/jobs", key);
    HttpResult submit = api.postJson("/v1/jobs", key, SUMMARIZE);
    HttpResult readiness = api.get(READINESS, null);

    assertUnavailable(poll);
    assertUnavailable(submit);
    assertThat(readiness.status()).isEqualTo(503);
    assertThat(statusOf(readiness, "db")).isEqualTo("DOWN");
    assertThat(api.get("/actuator/health/liveness", null).status()).isEqualTo(200);
    POSTGRES.set(Mode.UP);
    await().atMost(RECOVERY).until(() -> api.get("/v1/jobs", key).status() == 200);
    assertThat(jobsOf(tenant)).as("the refused submission stored nothing").isZero();
    assertThat(api.postJson("/v1/jobs", key, SUMMARIZE).status()).isEqualTo(202);
  }

  @Test
  void withRabbitMqDownSubmissionsAreAcceptedAndFlowWhenItReturns() {
    String key = aTenantKey();
    emptyTheNormalQueue();

    RABBIT.set(Mode.DOWN);
    Timed<HttpResult> submit = timed(() -> api.postJson("/v1/jobs", key, SUMMARIZE));
    String id = submit.value().json().get("id").asString();
    HttpResult poll = api.get("/v1/jobs/" + id, key);
    HttpResult readiness = api.get(READINESS, null);

    assertThat(submit.value().status()).isEqualTo(202);
    assertThat(submit.took()).isLessThan(QUICK);
    assertThat(isSent(id)).isFalse();
    assertThat(poll.json().get("status").asString()).isEqualTo("queued");
    assertThat(readiness.status()).isEqualTo(503);
    assertThat(statusOf(readiness, "rabbit")).isEqualTo("DOWN");
    assertThat(statusOf(readiness, "db")).isEqualTo("UP");
    RABBIT.set(Mode.UP);
    await().atMost(RECOVERY).until(() -> isSent(id));
    assertThat(receiveJobId()).isEqualTo(id);
  }

  @Test
  void aSubmissionDoesNotWaitForABrokerThatNeverAnswers() {
    String key = aTenantKey();

    RABBIT.set(Mode.UNRESPONSIVE);
    Timed<HttpResult> submit = timed(() -> api.postJson("/v1/jobs", key, SUMMARIZE));
    String id = submit.value().json().get("id").asString();

    assertThat(submit.value().status()).isEqualTo(202);
    assertThat(submit.took()).isLessThan(QUICK);
    assertThat(isSent(id)).isFalse();
    RABBIT.set(Mode.UP);
    await().atMost(RECOVERY).until(() -> isSent(id));
  }

  @Test
  void withRedisDownSubmittingPollingAndCancellingWorkFromPostgres() {
    String key = aTenantKey();
    HttpResult limited = api.get("/v1/jobs", key);

    REDIS.set(Mode.DOWN);
    HttpResult submit = api.postJson("/v1/jobs", key, SUMMARIZE);
    String id = submit.json().get("id").asString();
    HttpResult poll = api.get("/v1/jobs/" + id, key);
    HttpResult waited = api.get("/v1/jobs/" + id + "?wait=1", key);
    HttpResult cancel = api.post("/v1/jobs/" + id + "/cancel", key);
    HttpResult afterCancel = api.get("/v1/jobs/" + id, key);
    HttpResult readiness = api.get(READINESS, null);

    assertThat(limited.header("RateLimit-Limit")).isEqualTo("6000");
    // Rate limiting fails open (the default): the requests pass, without RateLimit headers.
    assertThat(submit.status()).isEqualTo(202);
    assertThat(submit.header("RateLimit-Limit")).isNull();
    assertThat(poll.status()).isEqualTo(200);
    assertThat(poll.json().get("status").asString()).isEqualTo("queued");
    assertThat(waited.status()).isEqualTo(200);
    assertThat(cancel.json().get("status").asString()).isEqualTo("cancelled");
    assertThat(afterCancel.json().get("status").asString()).isEqualTo("cancelled");
    assertThat(readiness.status()).isEqualTo(503);
    assertThat(statusOf(readiness, "redis")).isEqualTo("DOWN");
  }

  private static void assertUnavailable(HttpResult result) {
    assertThat(result.status()).as(result.body()).isEqualTo(503);
    assertThat(result.header("Retry-After")).isEqualTo("5");
    assertThat(result.contentType()).startsWith("application/problem+json");
    assertThat(result.json().get("code").asString()).isEqualTo("unavailable");
    assertThat(result.body()).doesNotContain("jdbc", "Exception", "127.0.0.1");
  }

  private static String statusOf(HttpResult health, String component) {
    return health.json().get("components").get(component).get("status").asString();
  }

  private String aTenantKey() {
    HttpResult tenant =
        api.postJson(
            "/v1/admin/tenants", ADMIN_KEY, "{\"name\":\"outage-" + UUID.randomUUID() + "\"}");
    String id = tenant.json().get("id").asString();
    return api.post("/v1/admin/tenants/" + id + "/api-keys", ADMIN_KEY)
        .json()
        .get("key")
        .asString();
  }

  private String tenantOfKey(String key) {
    return jdbc.sql(
            "SELECT tenant_id FROM api_keys WHERE key_hash = encode(sha256(convert_to(:key,"
                + " 'UTF8')), 'hex')")
        .param("key", key)
        .query(String.class)
        .single();
  }

  private long jobsOf(String tenantId) {
    return jdbc.sql("SELECT count(*) FROM jobs WHERE tenant_id = :tenantId")
        .param("tenantId", tenantId)
        .query(Long.class)
        .single();
  }

  private boolean isSent(String jobId) {
    return jdbc.sql("SELECT sent_at IS NOT NULL FROM job_dispatches WHERE job_id = :id")
        .param("id", jobId)
        .query(Boolean.class)
        .single();
  }

  private void emptyTheNormalQueue() {
    amqp.purgeQueue(messaging.queue(), false);
  }

  private String receiveJobId() {
    Message message = rabbit.receive(messaging.queue(), 5000);
    assertThat(message).isNotNull();
    return JsonMapper.builder().build().readTree(message.getBody()).get("job_id").asString();
  }

  private record Timed<T>(T value, Duration took) {}

  private static <T> Timed<T> timed(Supplier<T> action) {
    long started = System.nanoTime();
    T value = action.get();
    return new Timed<>(value, Duration.ofNanos(System.nanoTime() - started));
  }
}
