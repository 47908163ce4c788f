package dev.promptly.worker.jobs;

import dev.promptly.jobstore.JobRecord;
import dev.promptly.jobstore.JobRepository;
import dev.promptly.model.JobErrorCode;
import dev.promptly.model.JobInput;
import dev.promptly.model.JobMessage;
import dev.promptly.model.MalformedMessageException;
import dev.promptly.model.ModelCatalog;
import dev.promptly.model.ModelSpec;
import dev.promptly.worker.circuit.CallPermit;
import dev.promptly.worker.circuit.ProviderCircuits;
import dev.promptly.worker.circuit.Refusal;
import dev.promptly.worker.llm.ChatCompletion;
import dev.promptly.worker.llm.ChatRequest;
import dev.promptly.worker.llm.LlmGateway;
import dev.promptly.worker.prompts.Prompt;
import dev.promptly.worker.prompts.PromptRenderer;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the job a message names: ask the provider's circuit, claim the job, call the model, and end
 * the attempt (succeeded, retry scheduled, failed, cancelled). Database failures propagate, so the
 * caller leaves the message to be redelivered.
 */
public class JobRunner {
  private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

  /** The parts of the flow, each owning one step. */
  record Steps(
      JobClaims claims,
      JobCompletions completions,
      JobFailures failures,
      Postponements postponements,
      InFlightJobs inFlight,
      CachedStatuses statuses) {}

  private final JobRepository jobs;
  private final Steps steps;
  private final ProviderCircuits circuits;
  private final PromptRenderer prompts;
  private final LlmGateway llm;
  private final ModelCatalog catalog;

  JobRunner(
      JobRepository jobs,
      Steps steps,
      ProviderCircuits circuits,
      PromptRenderer prompts,
      LlmGateway llm,
      ModelCatalog catalog) {
    this.jobs = jobs;
    this.steps = steps;
    this.circuits = circuits;
    this.prompts = prompts;
    this.llm = llm;
    this.catalog = catalog;
  }

  /** Handles one job message. */
  public RunOutcome run(JobMessage message) {
    Optional<JobRecord> found = jobs.find(message.jobId());
    if (found.isEmpty()) {
      return RunOutcome.UNKNOWN_JOB;
    }
    JobRecord job = found.get();
    Optional<RunOutcome> settled = steps.claims().screen(job, message);
    if (settled.isPresent()) {
      if (settled.get() == RunOutcome.CANCELLED) {
        steps.statuses().refresh(job.id());
      }
      return settled.get();
    }
    // Asked before the claim, so that a job held back by an open circuit keeps its attempt.
    return switch (circuits.admit(llm.providerFor(job.model()))) {
      case Refusal refusal ->
          steps.postponements().postpone(job, message, refusal.retryIn(), "provider circuit open");
      case CallPermit permit -> claimAndExecute(job, message, permit);
    };
  }

  private RunOutcome claimAndExecute(JobRecord job, JobMessage message, CallPermit permit) {
    try {
      Optional<JobRecord> claimed = steps.claims().claim(job);
      if (claimed.isEmpty()) {
        return RunOutcome.DUPLICATE;
      }
      steps.statuses().refresh(job.id());
      RunOutcome outcome = execute(claimed.get(), message, permit);
      if (outcome != RunOutcome.LOST && outcome != RunOutcome.ABANDONED) {
        steps.statuses().refresh(job.id());
      }
      return outcome;
    } finally {
      // No verdict was given if the call never happened or was abandoned.
      permit.release();
    }
  }

  private RunOutcome execute(JobRecord job, JobMessage message, CallPermit permit) {
    try {
      ModelSpec spec = modelOf(job);
      ChatRequest request = requestFor(job);
      ChatCompletion completion = call(job, request, permit);
      return steps.completions().markSucceeded(job, spec, completion);
    } catch (CallAbortedException e) {
      log.info(
          "job {} attempt {}: model call abandoned ({})", job.id(), job.attempts(), e.reason());
      return switch (e.reason()) {
        case CANCEL_REQUESTED -> steps.completions().markCancelled(job);
        case LEASE_LOST -> RunOutcome.LOST;
        case SHUTDOWN -> RunOutcome.ABANDONED;
      };
    } catch (RetryableJobException e) {
      log.info("job {} attempt {} failed, retryable: {}", job.id(), job.attempts(), e.getMessage());
      return steps.failures().retryOrFail(job, message, e);
    } catch (PermanentJobException e) {
      log.info(
          "job {} attempt {} failed for good ({}): {}",
          job.id(),
          job.attempts(),
          e.code().wireName(),
          e.getMessage());
      return steps.failures().markFailed(job, e.code(), e.getMessage(), AttemptOutcome.FAILED);
    }
  }

  /** Calls the model, and tells the provider's circuit what the call said about the provider. */
  private ChatCompletion call(JobRecord job, ChatRequest request, CallPermit permit) {
    try {
      ChatCompletion completion =
          steps.inFlight().call(job.id(), request.timeout(), () -> llm.complete(request));
      permit.recordSuccess();
      return completion;
    } catch (RetryableJobException e) {
      if (e.isProviderFault()) {
        permit.recordFailure(e);
      } else {
        permit.recordSuccess();
      }
      throw e;
    } catch (PermanentJobException e) {
      // The provider answered, so it is up; only the request was wrong.
      permit.recordSuccess();
      throw e;
    }
  }

  private ChatRequest requestFor(JobRecord job) {
    Prompt prompt = prompts.render(inputOf(job));
    return new ChatRequest(
        job.model(),
        prompt.messages(),
        prompt.temperature(),
        prompt.maxTokens(),
        Duration.ofSeconds(job.timeoutSeconds()));
  }

  // Price by the alias the job was submitted with; the model name is the fallback for entries
  // renamed since. A model this worker cannot price is never called.
  private ModelSpec modelOf(JobRecord job) {
    return catalog
        .resolve(job.modelAlias())
        .or(() -> catalog.resolve(job.model()))
        .orElseThrow(
            () ->
                new PermanentJobException(
                    JobErrorCode.INVALID_REQUEST,
                    "model " + job.modelAlias() + " is not in this worker's catalog",
                    null));
  }

  private static JobInput inputOf(JobRecord job) {
    try {
      return job.input();
    } catch (MalformedMessageException e) {
      throw new PermanentJobException(
          JobErrorCode.INVALID_REQUEST, "the stored job input is invalid", e);
    }
  }
}
