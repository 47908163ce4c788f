package dev.promptly.batches;

import dev.promptly.webhooks.WebhookIds;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Completes a batch exactly once, in the transaction that ends its last job. A transaction that
 * moved jobs of batches to a terminal status locks those batches' rows just before it commits (in
 * id order, so two transactions never lock in opposite orders), then looks for any job of theirs
 * not yet terminal: that statement starts after the lock was granted, so it sees every transaction
 * that held the lock before as committed. Of two transactions ending a batch's last two jobs at
 * once, the second to lock sees both jobs ended and completes the batch; the first sees the other
 * job still running and leaves it. The completion writes the batch's {@code batch.completed}
 * webhook event (body frozen, data the batch) in the same transaction; a unique index allows one.
 */
public class BatchCompletions {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final JdbcClient jdbc;
  private final BatchReads reads;
  private final TransactionTemplate transactions;
  private final Clock clock;

  // The transaction-bound set of batches to check before it commits.
  private final Object pendingKey = new Object();

  public BatchCompletions(
      JdbcClient jdbc, BatchReads reads, TransactionTemplate transactions, Clock clock) {
    this.jdbc = jdbc;
    this.reads = reads;
    this.transactions = transactions;
    this.clock = clock;
  }

  /**
   * Notes that a job of {@code batchId} ended: the batch is checked just before the current
   * transaction commits, or at once in a transaction of its own when there is none (the job's
   * statement has then committed already).
   */
  public void jobEnded(String batchId) {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      transactions.executeWithoutResult(status -> completeIfDone(Set.of(batchId)));
      return;
    }
    @SuppressWarnings("unchecked")
    Set<String> pending = (Set<String>) TransactionSynchronizationManager.getResource(pendingKey);
    if (pending == null) {
      Set<String> batches = new TreeSet<>();
      TransactionSynchronizationManager.bindResource(pendingKey, batches);
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void beforeCommit(boolean readOnly) {
              completeIfDone(batches);
            }

            @Override
            public void afterCompletion(int status) {
              TransactionSynchronizationManager.unbindResourceIfPossible(pendingKey);
            }
          });
      pending = batches;
    }
    pending.add(batchId);
  }

  /**
   * Completes those of {@code batchIds} whose jobs have all ended, in the current transaction.
   *
   * @return the ids of the batches it completed
   */
  public List<String> completeIfDone(Set<String> batchIds) {
    String ids = String.join(",", new TreeSet<>(batchIds));
    List<String> open =
        jdbc.sql(
                "SELECT id FROM batches WHERE id = ANY(string_to_array(:ids, ',')) AND completed_at IS NULL"
                    + " ORDER BY id FOR UPDATE")
            .param("ids", ids)
            .query(String.class)
            .list();
    if (open.isEmpty()) {
      return List.of();
    }
    // A statement of its own: it sees what every earlier holder of these locks committed.
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    List<String> done =
        jdbc.sql(
                """
                UPDATE batches b
                   SET completed_at = :now,
                       status = CASE WHEN b.status = 'running' THEN 'completed' ELSE b.status END
                 WHERE b.id = ANY(string_to_array(:ids, ','))
                   AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.batch_id = b.id
                                      AND j.status IN ('queued', 'running', 'retry_scheduled'))
                RETURNING b.id
                """)
            .param("now", now.atOffset(ZoneOffset.UTC))
            .param("ids", String.join(",", open))
            .query(String.class)
            .list();
    for (String id : done) {
      reads.find(id).filter(batch -> batch.webhookUrl() != null).ifPresent(b -> hook(b, now));
    }
    return done;
  }

  private void hook(BatchRecord batch, Instant now) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "batch.completed");
    body.put("timestamp", now.toString());
    body.put("data", BatchResource.of(batch));
    jdbc.sql(
            """
            INSERT INTO webhook_events (id, job_id, batch_id, tenant_id, type, url, body, status,
                                        next_attempt_at, created_at)
            VALUES (:id, NULL, :batch, :tenant, 'batch.completed', :url, :body, 'pending', :now,
                    :now)
            ON CONFLICT (batch_id) WHERE batch_id IS NOT NULL DO NOTHING
            """)
        .param("id", WebhookIds.nextEvent(clock))
        .param("batch", batch.id())
        .param("tenant", batch.tenantId())
        .param("url", batch.webhookUrl())
        .param("body", JSON.writeValueAsString(body))
        .param("now", now.atOffset(ZoneOffset.UTC))
        .update();
  }
}
