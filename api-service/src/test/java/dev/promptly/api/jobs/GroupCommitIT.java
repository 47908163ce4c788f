package dev.promptly.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.promptly.api.ApiIntegrationTest;
import dev.promptly.api.HttpResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Requests that share one group-commit transaction. To make a group on purpose, every committer is
 * first held on a job of a tenant whose row the test locks (inserting a job takes a key-share lock
 * on its tenant); the requests sent meanwhile wait together, and one committer takes them all at
 * once when the lock is released.
 */
@TestPropertySource(properties = "promptly.jobs.group-backlog=8")
class GroupCommitIT extends ApiIntegrationTest {
  private static final String KEYED = "Idempotency-Key";

  @Autowired GroupCommit groups;
  @Autowired JobsProperties properties;
  @Autowired DataSource dataSource;

  private final ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();

  @AfterEach
  void dropTriggersAndClients() {
    jdbc.sql("DROP TRIGGER IF EXISTS refuse_marked_commit ON jobs").update();
    jdbc.sql("DROP TRIGGER IF EXISTS refuse_marked_row ON jobs").update();
    jdbc.sql("DROP FUNCTION IF EXISTS refuse_marked()").update();
    clients.close();
  }

  @Test
  void eachRequestOfAGroupGetsItsOwnAnswer() throws Exception {
    String key = aTenantKey();
    HttpResult earlier = api.postJson("/v1/jobs", key, CHAT, Map.of(KEYED, "earlier"));

    List<CompletableFuture<HttpResult>> group;
    try (HeldCommitters held = holdCommitters()) {
      group =
          List.of(
              send(key, CHAT, null),
              send(key, SUMMARIZE, null),
              send(key, CHAT, "earlier"),
              send(key, SUMMARIZE, "earlier"),
              send(key, SUMMARIZE, "twice"),
              send(key, SUMMARIZE, "twice"));
      await().atMost(Duration.ofSeconds(10)).until(() -> groups.waiting() == group.size());
    }
    List<HttpResult> answers = group.stream().map(CompletableFuture::join).toList();

    assertThat(answers.get(0).status()).isEqualTo(202);
    assertThat(answers.get(1).status()).isEqualTo(202);
    assertThat(replayed(answers.get(0))).isFalse();
    assertThat(answers.get(2).status()).isEqualTo(202);
    assertThat(replayed(answers.get(2))).isTrue();
    assertThat(idOf(answers.get(2))).isEqualTo(idOf(earlier));
    assertThat(answers.get(3).status()).isEqualTo(409);
    assertThat(answers.get(3).json().get("code").asString()).isEqualTo("idempotency_key_reused");
    assertThat(answers.get(4).status()).isEqualTo(202);
    assertThat(answers.get(5).status()).isEqualTo(202);
    assertThat(idOf(answers.get(4))).isEqualTo(idOf(answers.get(5)));
    assertThat(List.of(replayed(answers.get(4)), replayed(answers.get(5))))
        .containsExactlyInAnyOrder(true, false);
    // The earlier job, two new ones and one for the key used twice.
    assertThat(jobsOf(tenantOfKey(key))).isEqualTo(4);
  }

  @Test
  void submissionsBeyondTheBacklogAreAnswered503WithRetryAfterAndTheOthersStored()
      throws Exception {
    String key = aTenantKey();
    int beyond = 3;

    List<CompletableFuture<HttpResult>> sent = new ArrayList<>();
    try (HeldCommitters held = holdCommitters()) {
      for (int i = 0; i < properties.groupBacklog(); i++) {
        sent.add(send(key, CHAT, null));
      }
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> groups.waiting() == properties.groupBacklog());
      List<HttpResult> refused = new ArrayList<>();
      for (int i = 0; i < beyond; i++) {
        // Answered at once, while the committers are still held: never queued.
        refused.add(send(key, CHAT, null).orTimeout(5, TimeUnit.SECONDS).join());
      }

      assertThat(refused).extracting(HttpResult::status).containsOnly(503);
      assertThat(refused)
          .allSatisfy(answer -> assertThat(answer.header("Retry-After")).isEqualTo("1"));
    }

    assertThat(sent.stream().map(CompletableFuture::join).toList())
        .extracting(HttpResult::status)
        .containsOnly(202);
    assertThat(jobsOf(tenantOfKey(key))).isEqualTo(properties.groupBacklog());
  }

  @Test
  void aGroupWhoseCommitFailsAnswersEachRequest503AndStoresNothing() throws Exception {
    refuseCommitOfMarkedJobs();
    String key = aTenantKey();

    List<CompletableFuture<HttpResult>> group;
    try (HeldCommitters held = holdCommitters()) {
      group = List.of(send(key, CHAT, null), send(key, marked(), null), send(key, CHAT, null));
      await().atMost(Duration.ofSeconds(10)).until(() -> groups.waiting() == group.size());
    }
    List<HttpResult> answers = group.stream().map(CompletableFuture::join).toList();

    assertThat(answers).extracting(HttpResult::status).containsOnly(503);
    assertThat(answers).allSatisfy(answer -> assertThat(answer.header("Retry-After")).isNotNull());
    assertThat(jobsOf(tenantOfKey(key))).isZero();
    assertThat(
            jdbc.sql(
                    "SELECT count(*) FROM job_dispatches d JOIN jobs j ON j.id = d.job_id"
                        + " WHERE j.tenant_id = :tenant")
                .param("tenant", tenantOfKey(key))
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  void oneRequestsBadRowFailsOnlyThatRequest() throws Exception {
    refuseMarkedRows();
    String key = aTenantKey();

    List<CompletableFuture<HttpResult>> group;
    try (HeldCommitters held = holdCommitters()) {
      group = List.of(send(key, CHAT, null), send(key, marked(), null), send(key, SUMMARIZE, null));
      await().atMost(Duration.ofSeconds(10)).until(() -> groups.waiting() == group.size());
    }
    List<HttpResult> answers = group.stream().map(CompletableFuture::join).toList();

    assertThat(answers.get(0).status()).isEqualTo(202);
    assertThat(answers.get(1).status()).isNotEqualTo(202);
    assertThat(answers.get(2).status()).isEqualTo(202);
    assertThat(jobsOf(tenantOfKey(key))).isEqualTo(2);
  }

  private CompletableFuture<HttpResult> send(String key, String body, String idempotencyKey) {
    Supplier<HttpResult> request =
        () ->
            idempotencyKey == null
                ? api.postJson("/v1/jobs", key, body)
                : api.postJson("/v1/jobs", key, body, Map.of(KEYED, idempotencyKey));
    return CompletableFuture.supplyAsync(request, clients);
  }

  private static String marked() {
    return CHAT.replace("{\"kind\"", "{\"metadata\":{\"refuse\":\"yes\"},\"kind\"");
  }

  private static boolean replayed(HttpResult result) {
    return "true".equals(result.header("Idempotent-Replayed"));
  }

  private static String idOf(HttpResult result) {
    return result.json().get("id").asString();
  }

  /** Fails at commit (a deferred trigger) any transaction that inserted a marked job. */
  private void refuseCommitOfMarkedJobs() {
    createRefusal();
    jdbc.sql(
            """
            CREATE CONSTRAINT TRIGGER refuse_marked_commit AFTER INSERT ON jobs
              DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_marked('57P01')
            """)
        .update();
  }

  /** Fails the statement that inserts a marked job, as a constraint would. */
  private void refuseMarkedRows() {
    createRefusal();
    jdbc.sql(
            """
            CREATE TRIGGER refuse_marked_row BEFORE INSERT ON jobs
              FOR EACH ROW EXECUTE FUNCTION refuse_marked('23514')
            """)
        .update();
  }

  private void createRefusal() {
    jdbc.sql(
            """
            CREATE OR REPLACE FUNCTION refuse_marked() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF NEW.metadata ? 'refuse' THEN
                RAISE EXCEPTION 'refused by the test' USING ERRCODE = TG_ARGV[0];
              END IF;
              RETURN NEW;
            END $$
            """)
        .update();
  }

  /**
   * Occupies every committer with a job of a tenant whose row stays locked until {@link #close}:
   * submissions sent meanwhile wait together for the next group.
   */
  private HeldCommitters holdCommitters() throws Exception {
    String blockedTenant = aTenantId();
    String blockedKey = aKeyOf(blockedTenant);
    Connection lock = dataSource.getConnection();
    lock.setAutoCommit(false);
    try (PreparedStatement statement =
        lock.prepareStatement("SELECT 1 FROM tenants WHERE id = ? FOR UPDATE")) {
      statement.setString(1, blockedTenant);
      statement.executeQuery().close();
    }
    List<CompletableFuture<HttpResult>> blocked = new ArrayList<>();
    for (int i = 0; i < properties.groupCommitters(); i++) {
      blocked.add(send(blockedKey, CHAT, null));
      // Taken by a committer, which then waits on the lock.
      await().atMost(Duration.ofSeconds(10)).until(() -> groups.waiting() == 0);
      awaitLockWaiters(blocked.size());
    }
    return new HeldCommitters(lock, blocked);
  }

  private void awaitLockWaiters(int count) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                jdbc.sql(
                            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                                + " AND datname = current_database()")
                        .query(Long.class)
                        .single()
                    >= count);
  }

  private record HeldCommitters(Connection lock, List<CompletableFuture<HttpResult>> blocked)
      implements AutoCloseable {
    @Override
    public void close() throws Exception {
      lock.commit();
      lock.close();
      assertThat(blocked.stream().map(CompletableFuture::join).toList())
          .extracting(HttpResult::status)
          .containsOnly(202);
    }
  }
}
