package dev.promptly.worker.claims;

import dev.promptly.jobstore.JobMetrics;
import dev.promptly.jobstore.JobRecord;
import dev.promptly.jobstore.JobRepository;
import dev.promptly.model.JobErrorCode;
import dev.promptly.model.JobInput;
import dev.promptly.model.JobMessage;
import dev.promptly.model.JobStatus;
import dev.promptly.model.MalformedMessageException;
import dev.promptly.model.ModelCatalog;
import dev.promptly.model.ModelSpec;
import dev.promptly.model.OnBudgetExhausted;
import dev.promptly.model.WaitingFor;
import dev.promptly.worker.attempts.AttemptEnding;
import dev.promptly.worker.attempts.AttemptEnding.Cancelled;
import dev.promptly.worker.attempts.AttemptEnding.Failed;
import dev.promptly.worker.attempts.AttemptEnding.Park;
import dev.promptly.worker.attempts.AttemptEnding.Snooze;
import dev.promptly.worker.attempts.AttemptEnding.Succeeded;
import dev.promptly.worker.attempts.AttemptOutcome;
import dev.promptly.worker.attempts.AttemptSpend;
import dev.promptly.worker.attempts.EndingWriter;
import dev.promptly.worker.attempts.FailurePolicy;
import dev.promptly.worker.attempts.Postponements;
import dev.promptly.worker.calls.CallAbortedException;
import dev.promptly.worker.calls.CircuitOpenedException;
import dev.promptly.worker.calls.ModelRouter;
import dev.promptly.worker.calls.ModelRouter.Hold;
import dev.promptly.worker.calls.ModelRouter.Run;
import dev.promptly.worker.calls.ProviderBusyException;
import dev.promptly.worker.failures.PermanentJobException;
import dev.promptly.worker.failures.RetryableJobException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the job a message names: choose the model by its provider's circuit (falling back when the
 * catalog allows), claim the job, call the model, and end the attempt (succeeded, retry scheduled,
 * failed, cancelled). Database failures propagate, so the caller leaves the message to be
 * redelivered.
 */
public class JobRunner {
  private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

  /** The parts of the flow, each owning one step. */
  record Steps(
      JobClaims claims,
      EndingWriter endings,
      FailurePolicy policy,
      Postponements postponements,
      ModelRouter router) {}

  private final JobRepository jobs;
  private final Steps steps;
  private final ModelCatalog catalog;
  private final JobMetrics metrics;
  private final Clock clock;

  JobRunner(
      JobRepository jobs, Steps steps, ModelCatalog catalog, JobMetrics metrics, Clock clock) {
    this.jobs = jobs;
    this.steps = steps;
    this.catalog = catalog;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** Handles one job message. */
  public RunOutcome run(JobMessage message) {
    if (steps.router().mayHoldBack()) {
      return routeThenClaim(message);
    }
    // The common case, one statement before the call: claim, then route.
    Optional<JobRecord> claimed = steps.claims().claim(message);
    if (claimed.isEmpty()) {
      return steps.claims().settleUnclaimed(message);
    }
    JobRecord job = claimed.get();
    return withSpec(
        job,
        message,
        spec ->
            switch (steps.router().route(spec)) {
              case Hold hold -> {
                // A circuit opened since the check: the attempt is given back, as when one opens
                // during the call.
                Snooze open =
                    new Snooze(
                        hold.retryIn(),
                        WaitingFor.PROVIDER_CIRCUIT,
                        null,
                        "provider circuit open",
                        "provider circuit open",
                        "circuit_open");
                yield timed(
                    job, () -> steps.endings().write(job, message, new AttemptSpend(), open));
              }
              case Run run -> runOn(job, message, run);
            });
  }

  /**
   * While a circuit is open the job is read first and routed before its claim, so that a job held
   * back keeps its status and its attempts.
   */
  private RunOutcome routeThenClaim(JobMessage message) {
    Optional<JobRecord> found = jobs.find(message.jobId());
    if (found.isEmpty()) {
      return RunOutcome.UNKNOWN_JOB;
    }
    JobRecord job = found.get();
    if (!JobClaims.mayStart(job, message)) {
      return steps.claims().settle(job, message);
    }
    Optional<ModelSpec> spec = modelOf(job);
    if (spec.isEmpty()) {
      return claimThen(message, claimed -> failUnpriced(claimed, message));
    }
    return switch (steps.router().route(spec.get())) {
      case Hold hold ->
          steps
              .postponements()
              .postpone(
                  job,
                  message,
                  hold.retryIn(),
                  WaitingFor.PROVIDER_CIRCUIT,
                  "provider circuit open");
      case Run run -> claimThen(message, claimed -> runOn(claimed, message, run));
    };
  }

  private RunOutcome claimThen(JobMessage message, Function<JobRecord, RunOutcome> work) {
    Optional<JobRecord> claimed = steps.claims().claim(message);
    return claimed.isPresent()
        ? work.apply(claimed.get())
        : steps.claims().settleUnclaimed(message);
  }

  private RunOutcome withSpec(
      JobRecord job, JobMessage message, Function<ModelSpec, RunOutcome> work) {
    Optional<ModelSpec> spec = modelOf(job);
    return spec.isPresent() ? work.apply(spec.get()) : failUnpriced(job, message);
  }

  // A model this worker cannot price is never called.
  private RunOutcome failUnpriced(JobRecord job, JobMessage message) {
    Failed unpriced =
        new Failed(
            JobErrorCode.INVALID_REQUEST,
            "model " + job.modelAlias() + " is not in this worker's catalog",
            AttemptOutcome.FAILED);
    return timed(job, () -> steps.endings().write(job, message, new AttemptSpend(), unpriced));
  }

  private RunOutcome runOn(JobRecord job, JobMessage message, Run run) {
    try {
      return timed(job, () -> execute(job, message, run));
    } catch (AttemptCutShort e) {
      // The job is no longer ours, or shutdown took it: nothing is written; the message settles.
      return e.outcome;
    } finally {
      // No verdict was given if the call never happened or was abandoned.
      run.permit().release();
    }
  }

  // Every transition caches the row it wrote once it commits (JobRepository): nothing to refresh.
  private RunOutcome timed(JobRecord claimed, Supplier<RunOutcome> work) {
    Instant start = clock.instant();
    RunOutcome outcome = work.get();
    record(claimed, outcome, start);
    return outcome;
  }

  // Each ending is committed by now: what is counted happened, and the job's slot is free.
  private void record(JobRecord job, RunOutcome outcome, Instant start) {
    Instant end = clock.instant();
    if (outcome != RunOutcome.LOST) {
      steps.claims().ended(job);
    }
    metrics.executed(job.kind(), outcome.name(), Duration.between(start, end));
    switch (outcome) {
      case SUCCEEDED -> metrics.finished(job, JobStatus.SUCCEEDED, end);
      case FAILED -> metrics.finished(job, JobStatus.FAILED, end);
      case CANCELLED -> metrics.finished(job, JobStatus.CANCELLED, end);
      case RETRY_SCHEDULED, DELAYED, DUPLICATE, LOST, ABANDONED, UNKNOWN_JOB -> {}
    }
  }

  private RunOutcome execute(JobRecord job, JobMessage message, Run run) {
    AttemptSpend spend = new AttemptSpend();
    return steps.endings().write(job, message, spend, call(job, run, spend));
  }

  /** Calls the model and says how the attempt ends; null when it ends without an ending. */
  private AttemptEnding call(JobRecord job, Run run, AttemptSpend spend) {
    try {
      return new Succeeded(steps.router().run(job, inputOf(job), run, spend));
    } catch (CallAbortedException e) {
      log.info(
          "job {} attempt {}: model call abandoned ({})", job.id(), job.attempts(), e.reason());
      return switch (e.reason()) {
        case CANCEL_REQUESTED -> new Cancelled();
        case LEASE_LOST -> throw new AttemptCutShort(RunOutcome.LOST);
        case SHUTDOWN -> throw new AttemptCutShort(RunOutcome.ABANDONED);
      };
    } catch (CircuitOpenedException e) {
      log.info(
          "job {} attempt {} failed and the provider's circuit is open: attempt given back",
          job.id(),
          job.attempts());
      // Asking the router again yields the rest of the open wait; a route that got a permit
      // (a fallback, or a circuit already half-open) must give it back.
      Duration wait =
          switch (steps.router().route(run.spec())) {
            case Hold hold -> hold.retryIn();
            case Run other -> {
              other.permit().release();
              yield Duration.ZERO;
            }
          };
      RetryableJobException failure = e.failure();
      return new Snooze(
          wait,
          WaitingFor.PROVIDER_CIRCUIT,
          failure.code().map(JobErrorCode::wireName).orElse(null),
          failure.getMessage(),
          "provider circuit opened",
          "circuit_open");
    } catch (ProviderBusyException e) {
      log.info(
          "job {} attempt {}: {}, attempt given back", job.id(), job.attempts(), e.getMessage());
      return new Snooze(
          e.retryIn(),
          WaitingFor.PROVIDER_RATE_LIMIT,
          null,
          e.getMessage(),
          e.getMessage(),
          "provider_busy");
    } catch (RetryableJobException e) {
      log.info("job {} attempt {} failed, retryable: {}", job.id(), job.attempts(), e.getMessage());
      return steps.policy().afterFailure(job.attempts(), job.maxAttempts(), e, clock.instant());
    } catch (PermanentJobException e) {
      if (e.code() == JobErrorCode.BUDGET_EXCEEDED
          && job.onBudgetExhausted() == OnBudgetExhausted.WAIT) {
        log.info(
            "job {} attempt {}: over its tenant's budget; waits for more, attempt given back",
            job.id(),
            job.attempts());
        return new Park(WaitingFor.BUDGET, e.getMessage());
      }
      log.info(
          "job {} attempt {} failed for good ({}): {}",
          job.id(),
          job.attempts(),
          e.code().wireName(),
          e.getMessage());
      return new Failed(e.code(), e.getMessage(), AttemptOutcome.FAILED);
    }
  }

  // Resolve the alias the job was submitted with; the model name is the fallback for entries
  // renamed since. Each attempt starts from the job's own model, whatever served the last one.
  private Optional<ModelSpec> modelOf(JobRecord job) {
    return catalog.resolve(job.modelAlias()).or(() -> catalog.resolve(job.model()));
  }

  private static JobInput inputOf(JobRecord job) {
    try {
      return job.input();
    } catch (MalformedMessageException e) {
      throw new PermanentJobException(
          JobErrorCode.INVALID_REQUEST, "the stored job input is invalid", e);
    }
  }

  /** An attempt that ends without an ending of its own: its outcome settles the message. */
  private static final class AttemptCutShort extends RuntimeException {
    private final RunOutcome outcome;

    AttemptCutShort(RunOutcome outcome) {
      super(null, null, false, false);
      this.outcome = outcome;
    }
  }
}
