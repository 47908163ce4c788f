package dev.promptly.worker.calls;

import dev.promptly.jobstore.JobRecord;
import dev.promptly.model.JobInput;
import dev.promptly.model.ModelCatalog;
import dev.promptly.model.ModelSpec;
import dev.promptly.worker.attempts.AttemptSpend;
import dev.promptly.worker.circuit.Admission;
import dev.promptly.worker.circuit.CallPermit;
import dev.promptly.worker.circuit.ProviderCircuits;
import dev.promptly.worker.circuit.Refusal;
import dev.promptly.worker.failures.RetryableJobException;
import dev.promptly.worker.llm.LlmProviders;
import java.time.Duration;
import java.util.Optional;

/**
 * Chooses the model a job runs on: its own, or the catalog's fallback for it when its provider's
 * circuit is open, or when it failed retryably on the job's last attempt (past its own retry
 * allowance). One hop only: a fallback's own fallback is not followed, so a job makes at most two
 * calls per attempt.
 */
public class ModelRouter {

  /** Where a job goes before it is claimed. */
  sealed interface Route permits Run, Hold {}

  /**
   * Run on {@code spec} with {@code permit}; {@code isFallback} when the job's own model is out.
   */
  public record Run(ModelSpec spec, CallPermit permit, boolean isFallback) implements Route {}

  /** Every way is closed: hold the job back, its attempts untouched. */
  public record Hold(Duration retryIn) implements Route {}

  private final ModelCatalog catalog;
  private final LlmProviders providers;
  private final ProviderCircuits circuits;
  private final ModelCalls calls;
  private final JobProgress progress;

  ModelRouter(
      ModelCatalog catalog,
      LlmProviders providers,
      ProviderCircuits circuits,
      ModelCalls calls,
      JobProgress progress) {
    this.catalog = catalog;
    this.providers = providers;
    this.circuits = circuits;
    this.calls = calls;
    this.progress = progress;
  }

  /**
   * Whether a job could be held back now. When no circuit is open a job is claimed before it is
   * routed, which saves reading it first; a circuit that opens in between gives the attempt back.
   */
  public boolean mayHoldBack() {
    return !circuits.allClosed();
  }

  /** Asked before the claim, so that a job held back by open circuits keeps its attempt. */
  public Route route(ModelSpec spec) {
    return switch (admit(spec)) {
      case CallPermit permit -> new Run(spec, permit, false);
      case Refusal refusal -> {
        Optional<ModelSpec> fallback = catalog.fallbackOf(spec);
        Optional<CallPermit> permit = fallback.flatMap(this::permitFor);
        yield permit.isPresent()
            ? new Run(fallback.get(), permit.get(), true)
            : new Hold(refusal.retryIn());
      }
    };
  }

  /** Runs a claimed job on its route, switching to the fallback when its last attempt fails. */
  public JobAnswer run(JobRecord job, JobInput input, Run run, AttemptSpend spend) {
    if (run.isFallback()) {
      progress.record(job.id(), "circuit of " + run.spec().provider() + " is open: " + using(run));
      return calls.run(job, input, run.spec(), run.permit(), spend);
    }
    try {
      return calls.run(job, input, run.spec(), run.permit(), spend);
    } catch (RetryableJobException e) {
      if (job.attempts() < job.maxAttempts()) {
        throw e;
      }
      Optional<ModelSpec> fallback = catalog.fallbackOf(run.spec());
      Optional<CallPermit> permit = fallback.flatMap(this::permitFor);
      if (permit.isEmpty()) {
        throw e;
      }
      try {
        progress.record(
            job.id(),
            "last attempt failed (" + e.getMessage() + "): " + using(fallback.get(), true));
        return calls.run(job, input, fallback.get(), permit.get(), spend);
      } finally {
        permit.get().release();
      }
    }
  }

  private Admission admit(ModelSpec spec) {
    return circuits.admit(providers.gatewayFor(spec).baseUrl());
  }

  private Optional<CallPermit> permitFor(ModelSpec spec) {
    return admit(spec) instanceof CallPermit permit ? Optional.of(permit) : Optional.empty();
  }

  private static String using(Run run) {
    return using(run.spec(), run.isFallback());
  }

  private static String using(ModelSpec spec, boolean fallback) {
    return (fallback ? "falling back to " : "running on ")
        + spec.alias()
        + " ("
        + spec.model()
        + ")";
  }
}
