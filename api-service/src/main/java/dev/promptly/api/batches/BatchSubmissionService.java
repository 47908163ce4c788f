package dev.promptly.api.batches;

import dev.promptly.api.batches.BatchRepository.KeyedBatch;
import dev.promptly.api.batches.BatchRepository.NewBatch;
import dev.promptly.api.idempotency.IdempotencyKey;
import dev.promptly.api.jobs.JobBulkWriter;
import dev.promptly.api.web.ApiException;
import dev.promptly.batches.BatchIds;
import dev.promptly.batches.BatchReads;
import dev.promptly.batches.BatchRecord;
import dev.promptly.jobstore.JobMetrics;
import dev.promptly.model.JobKind;
import dev.promptly.tracing.TraceContexts;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Accepts a batch: the batch row, its jobs, their submission events and the dispatches of those
 * within the tenant's window commit in one transaction of their own (a batch is a group commit by
 * itself), and the request is answered once they have. The messages are then published by the
 * outbox publisher, like any job's.
 */
@Service
class BatchSubmissionService {
  private static final Logger log = LoggerFactory.getLogger(BatchSubmissionService.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final BatchRepository batches;
  private final BatchReads reads;
  private final JobBulkWriter jobs;
  private final TransactionTemplate transactions;
  private final TraceContexts traces;
  private final JobMetrics metrics;
  private final Clock clock;

  BatchSubmissionService(
      BatchRepository batches,
      BatchReads reads,
      JobBulkWriter jobs,
      TransactionTemplate transactions,
      TraceContexts traces,
      JobMetrics metrics,
      Clock clock) {
    this.batches = batches;
    this.reads = reads;
    this.jobs = jobs;
    this.transactions = transactions;
    this.traces = traces;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** The accepted batch, and whether it was accepted earlier under the same idempotency key. */
  record Accepted(BatchRecord batch, boolean replayed) {}

  /** A batch together with where it came from. */
  record Submission(
      String tenantId,
      BatchSubmission batch,
      Optional<IdempotencyKey> idempotencyKey,
      String requestHash,
      String requestId,
      String traceparent) {}

  /**
   * @throws ApiException 409 {@code idempotency_key_reused} when the key was used for another body
   */
  Accepted submit(Submission submission) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    String traceparent =
        traces.current().orElseGet(() -> TraceContexts.sane(submission.traceparent()));
    BatchSubmission batch = submission.batch();
    NewBatch row =
        new NewBatch(
            BatchIds.next(clock),
            submission.tenantId(),
            batch.jobs().size(),
            batch.webhookUrl(),
            batch.metadata(),
            batch.completionWindow(),
            submission.idempotencyKey().orElse(null),
            submission.requestHash(),
            submission.requestId(),
            now);
    Optional<KeyedBatch> earlier =
        transactions.execute(
            status -> {
              if (!batches.insert(row)) {
                return batches.findByIdempotencyKey(row.tenantId(), row.key());
              }
              jobs.write(
                  new JobBulkWriter.Origin(
                      row.id(), row.tenantId(), row.requestId(), traceparent, now),
                  batch.jobs());
              return Optional.<KeyedBatch>empty();
            });
    if (earlier.isPresent()) {
      return replay(submission, earlier.get());
    }
    batch.jobs().forEach(entry -> metrics.submitted(kindOf(entry)));
    log.debug("accepted batch {} of {} jobs", row.id(), batch.jobs().size());
    return new Accepted(created(row), false);
  }

  private Accepted replay(Submission submission, KeyedBatch earlier) {
    if (!earlier.requestHash().equals(submission.requestHash())) {
      throw ApiException.conflict(
          "idempotency_key_reused",
          "This Idempotency-Key was already used with a different request body.");
    }
    return new Accepted(reads.find(earlier.id()).orElseThrow(), true);
  }

  private static JobKind kindOf(JobBulkWriter.Entry entry) {
    return entry.job().input().kind();
  }

  // What was just written, without reading it back: every job queued, nothing used yet.
  private static BatchRecord created(NewBatch row) {
    return new BatchRecord(
        row.id(),
        row.tenantId(),
        "running",
        row.webhookUrl(),
        JSON.writeValueAsString(row.metadata()),
        row.completionWindow(),
        row.createdAt(),
        null,
        new BatchRecord.Counts(row.total(), row.total(), 0, 0, 0, 0, 0),
        new BatchRecord.Usage(0, 0, 0));
  }
}
