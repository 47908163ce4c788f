package dev.promptly.worker.providerbatches;

import dev.promptly.dispatch.DispatchOrder;
import dev.promptly.dispatch.JobDispatcher;
import dev.promptly.jobstore.JobRecord;
import dev.promptly.jobstore.JobRepository;
import dev.promptly.jobstore.JobStatusCache;
import dev.promptly.model.JobErrorCode;
import dev.promptly.model.JobMessage;
import dev.promptly.model.ModelCatalog;
import dev.promptly.model.ModelSpec;
import dev.promptly.model.SummarizeInput;
import dev.promptly.worker.attempts.AttemptEnding;
import dev.promptly.worker.attempts.AttemptOutcome;
import dev.promptly.worker.attempts.AttemptSpend;
import dev.promptly.worker.attempts.EndingWriter;
import dev.promptly.worker.budgets.BudgetLedger;
import dev.promptly.worker.budgets.Reservation;
import dev.promptly.worker.calls.JobAnswer;
import dev.promptly.worker.calls.Usage;
import dev.promptly.worker.failures.PermanentJobException;
import dev.promptly.worker.leases.WorkerId;
import dev.promptly.worker.llm.ChatCompletion;
import dev.promptly.worker.llm.ChatRequest;
import dev.promptly.worker.llm.ProviderBatch;
import dev.promptly.worker.llm.ProviderBatchLine;
import dev.promptly.worker.llm.ProviderBatchResult;
import dev.promptly.worker.llm.ProviderBatchStatus;
import dev.promptly.worker.llm.TokenEstimator;
import dev.promptly.worker.prompts.Prompt;
import dev.promptly.worker.prompts.PromptRenderer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the jobs submitted with completion window 24h through their provider's batch API (OpenAI's
 * Files + Batches protocol). Every {@code promptly.provider-batches.interval} it
 *
 * <ol>
 *   <li>sends live the jobs whose deadline is within {@code live-fallback-margin};
 *   <li>assembles a model's waiting jobs into a file once {@code max-lines} wait or the oldest has
 *       waited {@code max-age}: a {@code provider_batches} row in state {@code assembled}, its jobs
 *       attached and each line's budget held at the batch price, in one transaction;
 *   <li>takes each provider batch whose next step is due (a row lease, so that several workers
 *       share the work and a worker that died in a step leaves it to another) and runs that step,
 *       recording it before the next one: upload ({@code uploaded}, the file id), create ({@code
 *       submitted}, the provider's batch id), poll, and once the provider is done, map each line
 *       back to its job by custom_id (the job id) through the live path's own ending ({@link
 *       EndingWriter} in the completer's batches).
 * </ol>
 *
 * <p>Crash safety: a batch is created only from state {@code uploaded}, and a row in that state
 * first asks the provider for a batch carrying its file key ({@code findBatchByFileKey}) and adopts
 * it, so a worker that died after the create and before recording it causes no second batch; a
 * worker that died before recording the upload only makes the next one upload the file again.
 */
public class ProviderBatchRouter {
  private static final Logger log = LoggerFactory.getLogger(ProviderBatchRouter.class);
  private static final int FALLBACK_CHUNK = 500;
  private static final int MAX_STEPS_PER_TICK = 50;
  private static final int PARALLEL_ENDINGS = 64;
  private static final int CHUNK = 500;
  private static final Duration COMPLETION_WINDOW = Duration.ofHours(24);

  private final ProviderBatchStore store;
  private final ProviderBatchApi api;
  private final ModelCatalog catalog;
  private final PromptRenderer prompts;
  private final BudgetLedger budgets;
  private final JobRepository jobs;
  private final EndingWriter endings;
  private final JobDispatcher dispatcher;
  private final JobStatusCache cache;
  private final TransactionTemplate transactions;
  private final WorkerId me;
  private final ProviderBatchRoutingProperties properties;
  private final MeterRegistry meters;
  private final Clock clock;
  private final TokenEstimator tokens = new TokenEstimator();
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile boolean paused;

  ProviderBatchRouter(
      ProviderBatchStore store,
      ProviderBatchApi api,
      ModelCatalog catalog,
      PromptRenderer prompts,
      BudgetLedger budgets,
      JobRepository jobs,
      EndingWriter endings,
      JobDispatcher dispatcher,
      JobStatusCache cache,
      TransactionTemplate transactions,
      WorkerId me,
      ProviderBatchRoutingProperties properties,
      MeterRegistry meters,
      Clock clock) {
    this.store = store;
    this.api = api;
    this.catalog = catalog;
    this.prompts = prompts;
    this.budgets = budgets;
    this.jobs = jobs;
    this.endings = endings;
    this.dispatcher = dispatcher;
    this.cache = cache;
    this.transactions = transactions;
    this.me = me;
    this.properties = properties;
    this.meters = meters;
    this.clock = clock;
  }

  /** One pass: deadlines, assembly, then the steps that are due. Never throws. */
  public void tick() {
    if (paused || !running.compareAndSet(false, true)) {
      return;
    }
    try {
      fallBackToLive();
      releaseEndedLines();
      assemble();
      runDueSteps();
    } catch (RuntimeException e) {
      // Keep the schedule alive through database outages; the next pass tries again.
      log.warn("provider batch routing pass failed: {}", e.getMessage());
    } finally {
      running.set(false);
    }
  }

  /**
   * Stops (or resumes) the scheduled passes of this router, waiting for one under way to end: for
   * tests that play another router's crash.
   */
  void pause(boolean pause) {
    paused = pause;
    while (pause && running.get()) {
      Thread.onSpinWait();
    }
  }

  /** Sends live every provider-batch job whose file would answer too late. */
  void fallBackToLive() {
    while (true) {
      Instant now = clock.instant();
      List<ProviderBatchStore.Detached> detached =
          transactions.execute(
              status -> {
                List<ProviderBatchStore.Detached> due =
                    store.detachDue(now.plus(properties.liveFallbackMargin()), now, FALLBACK_CHUNK);
                List<DispatchOrder> orders = new ArrayList<>(due.size());
                for (ProviderBatchStore.Detached each : due) {
                  release(each.reservationId(), each.reservedMicros());
                  orders.add(liveOrder(each.job(), each.traceparent()));
                }
                if (!orders.isEmpty()) {
                  dispatcher.dispatchAll(orders);
                  List<String> ids = due.stream().map(d -> d.job().id()).toList();
                  afterCommit(() -> ids.forEach(cache::evict));
                }
                return due;
              });
      if (!detached.isEmpty()) {
        counter("promptly.provider_batches.live_fallbacks", "model", "all")
            .increment(detached.size());
        log.info("{} provider-batch jobs near their deadline sent live", detached.size());
      }
      if (detached.size() < FALLBACK_CHUNK) {
        return;
      }
    }
  }

  /** Gives back what lines of jobs that ended meanwhile (cancelled) held. */
  void releaseEndedLines() {
    transactions.executeWithoutResult(
        status ->
            store
                .takeReservationsOfEndedJobs(FALLBACK_CHUNK)
                .forEach(id -> budgets.release(new Reservation(id, 0))));
  }

  /** Makes a file of each model's waiting jobs that are enough, or old enough. */
  void assemble() {
    Instant now = clock.instant();
    for (ProviderBatchStore.WaitingModel waiting : store.waitingModels()) {
      boolean due =
          waiting.count() >= properties.maxLines()
              || !waiting.oldest().isAfter(now.minus(properties.maxAge()));
      if (!due) {
        continue;
      }
      Optional<ModelSpec> spec = catalog.resolve(waiting.modelAlias());
      if (spec.isEmpty()) {
        log.warn("provider-batch jobs wait for model {}, not in the catalog", waiting.modelAlias());
        continue;
      }
      while (assembleOne(spec.get(), waiting.modelAlias()) == properties.maxLines()) {
        // A full file: there may be more.
      }
    }
  }

  /** One file of the model's waiting jobs, in one transaction; returns how many jobs it took. */
  private int assembleOne(ModelSpec spec, String alias) {
    return transactions.execute(
        status -> {
          Instant now = clock.instant();
          List<JobRecord> locked = store.lockWaiting(alias, properties.maxLines());
          if (locked.isEmpty()) {
            return 0;
          }
          String id = "pbatch_" + UUID.randomUUID().toString().replace("-", "");
          record Line(JobRecord job, Reservation reservation) {}
          List<Line> lines = new ArrayList<>(locked.size());
          List<DispatchOrder> live = new ArrayList<>();
          for (JobRecord job : locked) {
            Optional<Reservation> held = fitsOneCall(spec, job).flatMap(cost -> reserve(job, cost));
            if (held.isPresent()) {
              lines.add(new Line(job, held.get()));
            } else {
              // Too long for one call (a map-reduce summary), or over the budget: the live path
              // decides, as for any job (fail with budget_exceeded, or wait for the budget).
              store.routeLive(job.id(), now);
              live.add(liveOrder(job, null));
            }
          }
          if (!lines.isEmpty()) {
            store.insert(
                new ProviderBatchStore.Row(
                    id,
                    spec.provider(),
                    alias,
                    spec.model(),
                    ProviderBatchStore.State.ASSEMBLED,
                    UUID.randomUUID().toString(),
                    null,
                    null,
                    lines.size(),
                    now),
                now);
            for (Line line : lines) {
              Reservation r = line.reservation();
              store.attach(id, line.job().id(), r.isHeld() ? r.id() : null, r.amountMicros(), now);
            }
          }
          if (!live.isEmpty()) {
            dispatcher.dispatchAll(live);
            List<String> ids = live.stream().map(DispatchOrder::jobId).toList();
            afterCommit(() -> ids.forEach(cache::evict));
          }
          if (!lines.isEmpty()) {
            log.info("provider batch {} assembled: {} lines of {}", id, lines.size(), alias);
          }
          return locked.size();
        });
  }

  /** The worst-case batch cost of the job as one call, if it is one call. */
  private Optional<Long> fitsOneCall(ModelSpec spec, JobRecord job) {
    Prompt prompt = prompts.render(job.input());
    int promptTokens = tokens.promptTokens(prompt.messages());
    int window = spec.contextWindow();
    // A summary past half the window would be cut into parts and merged: that runs live.
    if (job.input() instanceof SummarizeInput && promptTokens > window / 2) {
      return Optional.empty();
    }
    if (promptTokens >= window) {
      return Optional.empty();
    }
    int answerTokens =
        prompt.maxTokens() != null ? prompt.maxTokens() : Math.max(0, window - promptTokens);
    return Optional.of(spec.batchCostMicros(promptTokens, answerTokens));
  }

  /** Held for the whole window: the line is settled or released long before it expires. */
  private Optional<Reservation> reserve(JobRecord job, long cost) {
    return budgets.reserve(job.tenantId(), job.id(), job.attempts() + 1, cost, COMPLETION_WINDOW);
  }

  void runDueSteps() {
    for (int n = 0; n < MAX_STEPS_PER_TICK; n++) {
      Instant now = clock.instant();
      Optional<ProviderBatchStore.Row> due =
          transactions.execute(status -> store.claimDue(now, now.plus(properties.stepLease())));
      if (due.isEmpty()) {
        return;
      }
      step(due.get());
    }
  }

  private void step(ProviderBatchStore.Row row) {
    try {
      ModelSpec spec =
          catalog
              .resolve(row.modelAlias())
              .orElseThrow(() -> new IllegalStateException("model " + row.modelAlias() + " gone"));
      switch (row.state()) {
        case ASSEMBLED -> upload(row, spec);
        case UPLOADED -> create(row, spec);
        case SUBMITTED -> poll(row, spec);
        default -> {}
      }
    } catch (RuntimeException e) {
      log.warn(
          "provider batch {} ({}): step failed, trying again in {}: {}",
          row.id(),
          row.state().wireName(),
          properties.retryDelay(),
          e.toString());
      Instant now = clock.instant();
      store.reschedule(
          row.id(), null, truncate(e.toString()), now, now.plus(properties.retryDelay()));
    }
  }

  private void upload(ProviderBatchStore.Row row, ModelSpec spec) {
    List<JobRecord> open = store.openLines(row.id());
    Instant now = clock.instant();
    if (open.isEmpty()) {
      store.recordFinished(
          row.id(), ProviderBatchStore.State.CANCELLED, null, null, null, "no line left", now);
      return;
    }
    List<ProviderBatchLine> lines = new ArrayList<>(open.size());
    for (JobRecord job : open) {
      lines.add(new ProviderBatchLine(job.id(), request(spec, job)));
    }
    String fileId = api.upload(spec, lines);
    store.recordUploaded(row.id(), fileId, lines.size(), clock.instant());
  }

  private void create(ProviderBatchStore.Row row, ModelSpec spec) {
    Instant now = clock.instant();
    // A worker may have died after creating the batch and before recording it: adopt that one.
    Optional<ProviderBatch> earlier =
        api.findByFileKey(spec, row.fileKey(), row.createdAt().minus(properties.clockSkew()));
    if (earlier.isPresent()) {
      log.info("provider batch {} adopts {}, created before", row.id(), earlier.get().id());
      store.recordSubmitted(row.id(), earlier.get().id(), wire(earlier.get().status()), now, now);
      return;
    }
    if (store.openLines(row.id()).isEmpty()) {
      store.recordFinished(
          row.id(), ProviderBatchStore.State.CANCELLED, null, null, null, "no line left", now);
      return;
    }
    ProviderBatch created =
        api.create(spec, row.inputFileId(), row.fileKey(), Map.of("promptly_batch", row.id()));
    Instant at = clock.instant();
    store.recordSubmitted(
        row.id(), created.id(), wire(created.status()), at, at.plus(properties.pollInterval()));
    log.info("provider batch {} submitted as {}", row.id(), created.id());
  }

  private void poll(ProviderBatchStore.Row row, ModelSpec spec) {
    ProviderBatch batch = api.retrieve(spec, row.providerBatchId());
    Instant now = clock.instant();
    if (!batch.status().isTerminal()) {
      if (batch.status() != ProviderBatchStatus.CANCELLING && store.openLines(row.id()).isEmpty()) {
        // Its last open line was cancelled: the provider need not run the rest.
        batch = api.cancel(spec, row.providerBatchId());
        log.info("provider batch {}: every line cancelled, cancelled at the provider", row.id());
      }
      store.reschedule(
          row.id(), wire(batch.status()), null, now, now.plus(properties.pollInterval()));
      return;
    }
    mapResults(row, spec, batch.outputFile());
    mapResults(row, spec, batch.errorFile());
    // Lines the provider never answered (expired, cancelled, failed file) join the next file.
    for (ProviderBatchStore.Attached left : store.detachUnanswered(row.id(), clock.instant())) {
      release(left.reservationId(), left.reservedMicros());
    }
    ProviderBatchStore.State state =
        switch (batch.status()) {
          case COMPLETED -> ProviderBatchStore.State.COMPLETED;
          case CANCELLED -> ProviderBatchStore.State.CANCELLED;
          default -> ProviderBatchStore.State.FAILED;
        };
    String error =
        batch.errors().isEmpty()
            ? null
            : truncate(
                batch.errors().getFirst().code() + ": " + batch.errors().getFirst().message());
    store.recordFinished(
        row.id(),
        state,
        wire(batch.status()),
        batch.outputFile().orElse(null),
        batch.errorFile().orElse(null),
        error,
        clock.instant());
    log.info(
        "provider batch {} {}: {} answered, {} failed",
        row.id(),
        state.wireName(),
        batch.completed(),
        batch.failed());
  }

  /**
   * Ends the jobs of a result file: {@code CHUNK} lines at a time, each chunk's jobs claimed in one
   * transaction, then ended concurrently so that the completer writes their endings in its batches.
   */
  private void mapResults(ProviderBatchStore.Row row, ModelSpec spec, Optional<String> fileId) {
    if (fileId.isEmpty()) {
      return;
    }
    try (Stream<ProviderBatchResult> results = api.download(spec, fileId.get())) {
      List<ProviderBatchResult> chunk = new ArrayList<>(CHUNK);
      results.forEach(
          result -> {
            chunk.add(result);
            if (chunk.size() == CHUNK) {
              settle(row, spec, List.copyOf(chunk));
              chunk.clear();
            }
          });
      if (!chunk.isEmpty()) {
        settle(row, spec, chunk);
      }
    }
  }

  /** A line whose job was claimed to be ended with it. */
  private record Taken(
      JobRecord job,
      ProviderBatchResult result,
      RuntimeException failure,
      Reservation reservation,
      boolean retry) {}

  /**
   * Claims the jobs that still wait for these lines (a line whose job no longer does is discarded)
   * in one transaction, then ends each through the live path's ending.
   */
  private void settle(
      ProviderBatchStore.Row row, ModelSpec spec, List<ProviderBatchResult> results) {
    Instant now = clock.instant();
    Map<String, ProviderBatchResult> byJob = new LinkedHashMap<>();
    results.forEach(result -> byJob.putIfAbsent(result.customId(), result));
    List<Taken> taken =
        transactions.execute(
            status -> {
              List<ProviderBatchStore.Attached> attached =
                  store.lockAttached(List.copyOf(byJob.keySet()), row.id());
              Map<String, Taken> decided = new HashMap<>();
              List<String> live = new ArrayList<>();
              for (ProviderBatchStore.Attached each : attached) {
                JobRecord job = each.job();
                ProviderBatchResult result = byJob.get(job.id());
                RuntimeException failure = result.isAnswered() ? null : result.error().toFailure();
                boolean retry =
                    failure != null
                        && !(failure instanceof PermanentJobException)
                        && job.attempts() + 1 < job.maxAttempts();
                if (retry) {
                  live.add(job.id());
                }
                Reservation reservation =
                    each.reservationId() == null
                        ? Reservation.UNLIMITED
                        : new Reservation(each.reservationId(), each.reservedMicros());
                decided.put(job.id(), new Taken(job, result, failure, reservation, retry));
              }
              List<String> ids = attached.stream().map(each -> each.job().id()).toList();
              // The reservations are the endings' to settle (or release) from here on.
              store.takeLines(ids, live, now);
              return jobs
                  .claimAllQueued(
                      ids,
                      me.value(),
                      now.plus(properties.stepLease()),
                      "provider batch " + row.id() + " answered")
                  .stream()
                  .map(
                      running -> {
                        Taken line = decided.get(running.id());
                        return new Taken(
                            running,
                            line.result(),
                            line.failure(),
                            line.reservation(),
                            line.retry());
                      })
                  .toList();
            });
    int discarded = byJob.size() - taken.size();
    if (discarded > 0) {
      counter("promptly.provider_batches.lines", "outcome", "discarded").increment(discarded);
    }
    Semaphore slots = new Semaphore(PARALLEL_ENDINGS);
    List<Future<?>> pending = new ArrayList<>(taken.size());
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Taken line : taken) {
        slots.acquireUninterruptibly();
        pending.add(
            threads.submit(
                () -> {
                  try {
                    end(spec, line, now);
                  } finally {
                    slots.release();
                  }
                }));
      }
      for (Future<?> each : pending) {
        try {
          each.get();
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IllegalStateException("a line's ending failed", e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while ending lines", e);
        }
      }
    }
  }

  /** Ends one claimed line's job as a live attempt of it would have ended. */
  private void end(ModelSpec spec, Taken line, Instant now) {
    JobRecord job = line.job();
    JobMessage message =
        JobMessage.of(job.id(), job.tenantId(), job.attempts(), null, job.requestId());
    AttemptSpend spend = new AttemptSpend();
    RuntimeException failure = line.failure();
    if (failure == null) {
      ChatCompletion answer = line.result().answer();
      Usage usage = Usage.ofProviderBatch(answer, spec, line.reservation());
      spend.add(usage);
      endings.write(
          job,
          message,
          spend,
          new AttemptEnding.Succeeded(
              new JobAnswer(
                  spec, answer.text(), answer.finishReason(), answer.refusal(), null, null)));
      counter("promptly.provider_batches.saved_micros", "model", spec.model())
          .increment(usage.savedMicros());
      counter("promptly.provider_batches.lines", "outcome", "succeeded").increment();
      return;
    }
    AttemptEnding ending;
    if (line.retry()) {
      ending =
          new AttemptEnding.RetryAt(
              now, null, "provider batch line failed: " + failure.getMessage(), "provider_batch");
    } else if (failure instanceof PermanentJobException permanent) {
      ending =
          new AttemptEnding.Failed(permanent.code(), permanent.getMessage(), AttemptOutcome.FAILED);
    } else {
      ending =
          new AttemptEnding.Failed(
              JobErrorCode.ATTEMPTS_EXHAUSTED,
              failure.getMessage(),
              AttemptOutcome.RETRYABLE_ERROR);
    }
    endings.write(job, message, spend, ending);
    // Nothing was billed for the line: what it held goes back.
    budgets.release(line.reservation());
    counter("promptly.provider_batches.lines", "outcome", line.retry() ? "retried" : "failed")
        .increment();
  }

  private ChatRequest request(ModelSpec spec, JobRecord job) {
    Prompt prompt = prompts.render(job.input());
    return new ChatRequest(
        spec.model(),
        prompt.messages(),
        prompt.temperature(),
        prompt.maxTokens(),
        Duration.ofSeconds(job.timeoutSeconds()));
  }

  private void release(Long reservationId, Long amount) {
    if (reservationId != null) {
      budgets.release(new Reservation(reservationId, amount == null ? 0 : amount));
    }
  }

  private static DispatchOrder liveOrder(JobRecord job, String traceparent) {
    return new DispatchOrder(
        job.id(),
        job.tenantId(),
        job.attempts() + 1,
        job.priority().wireName(),
        traceparent,
        job.requestId(),
        null);
  }

  private Counter counter(String name, String tag, String value) {
    return Counter.builder(name).tag(tag, value).register(meters);
  }

  private static String wire(ProviderBatchStatus status) {
    return status.name().toLowerCase(java.util.Locale.ROOT);
  }

  private static String truncate(String text) {
    return text.length() <= 1000 ? text : text.substring(0, 1000);
  }

  private static void afterCommit(Runnable work) {
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            work.run();
          }
        });
  }
}
