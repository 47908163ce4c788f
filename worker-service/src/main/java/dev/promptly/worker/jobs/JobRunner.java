package dev.promptly.worker.jobs;

import dev.promptly.jobstore.JobRecord;
import dev.promptly.jobstore.JobRepository;
import dev.promptly.jobstore.JobStatusCache;
import dev.promptly.model.JobErrorCode;
import dev.promptly.model.JobInput;
import dev.promptly.model.JobMessage;
import dev.promptly.model.MalformedMessageException;
import dev.promptly.model.ModelCatalog;
import dev.promptly.model.ModelSpec;
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
 * Runs the job a message names: claim it, call the model, and end the attempt (succeeded, retry
 * scheduled, failed). Database failures propagate, so the caller leaves the message to be
 * redelivered.
 */
public class JobRunner {
  private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

  private final JobRepository jobs;
  private final JobClaims claims;
  private final JobCompletions completions;
  private final JobStatusCache cache;
  private final PromptRenderer prompts;
  private final LlmGateway llm;
  private final ModelCatalog catalog;

  JobRunner(
      JobRepository jobs,
      JobClaims claims,
      JobCompletions completions,
      JobStatusCache cache,
      PromptRenderer prompts,
      LlmGateway llm,
      ModelCatalog catalog) {
    this.jobs = jobs;
    this.claims = claims;
    this.completions = completions;
    this.cache = cache;
    this.prompts = prompts;
    this.llm = llm;
    this.catalog = catalog;
  }

  /**
   * Handles one job message.
   *
   * @param redelivered whether the broker delivered this message before (to a consumer that died)
   */
  public RunOutcome run(JobMessage message, boolean redelivered) {
    Optional<JobRecord> found = jobs.find(message.jobId());
    if (found.isEmpty()) {
      return RunOutcome.UNKNOWN_JOB;
    }
    RunOutcome outcome =
        switch (claims.claim(found.get(), message, redelivered)) {
          case JobClaims.Claim.NotClaimed notClaimed -> notClaimed.outcome();
          case JobClaims.Claim.Claimed claimed -> {
            refreshCache(claimed.job().id());
            yield execute(claimed.job(), message);
          }
        };
    if (outcome != RunOutcome.DUPLICATE && outcome != RunOutcome.LOST) {
      refreshCache(message.jobId());
    }
    return outcome;
  }

  private RunOutcome execute(JobRecord job, JobMessage message) {
    try {
      ModelSpec spec = modelOf(job);
      Prompt prompt = prompts.render(inputOf(job));
      ChatRequest request =
          new ChatRequest(
              job.model(),
              prompt.messages(),
              prompt.temperature(),
              prompt.maxTokens(),
              Duration.ofSeconds(job.timeoutSeconds()));
      ChatCompletion completion = llm.complete(request);
      return completions.markSucceeded(job, spec, completion);
    } catch (RetryableJobException e) {
      log.info("job {} attempt {} failed, retryable: {}", job.id(), job.attempts(), e.getMessage());
      return completions.retryOrFail(job, message, e);
    } catch (PermanentJobException e) {
      log.info(
          "job {} attempt {} failed for good ({}): {}",
          job.id(),
          job.attempts(),
          e.code().wireName(),
          e.getMessage());
      return completions.markFailed(job, e.code(), e.getMessage(), AttemptOutcome.FAILED);
    }
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

  private void refreshCache(String jobId) {
    try {
      jobs.find(jobId).ifPresent(cache::put);
    } catch (RuntimeException e) {
      // The cache is an accelerator: a reader that misses it goes to Postgres.
      log.warn("could not refresh the status cache of job {}: {}", jobId, e.getMessage());
      cache.evict(jobId);
    }
  }
}
