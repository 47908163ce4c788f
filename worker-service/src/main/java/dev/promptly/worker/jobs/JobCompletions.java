package dev.promptly.worker.jobs;

import dev.promptly.jobstore.JobChanges;
import dev.promptly.jobstore.JobRecord;
import dev.promptly.model.JobStatus;
import dev.promptly.worker.jobs.AttemptEndings.Ending;
import java.time.Clock;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Ends an attempt whose model calls answered, or that was cancelled while they ran. */
class JobCompletions {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final AttemptEndings endings;
  private final Clock clock;

  JobCompletions(AttemptEndings endings, Clock clock) {
    this.endings = endings;
    this.clock = clock;
  }

  /**
   * Stores the answer, the model that gave it and the attempt's usage and cost (the sum of its
   * calls), unless a cancel arrived while the model ran.
   */
  RunOutcome markSucceeded(JobRecord job, JobAnswer answer, AttemptSpend spend) {
    JobChanges changes =
        JobChanges.none()
            .set("prompt_tokens", spend.promptTokens())
            .set("completion_tokens", spend.completionTokens())
            .set("cost_micros", spend.costMicros())
            .set("finished_at", clock.instant())
            .set("lease_expires_at", null);
    Ending cancelled =
        new Ending(
            JobStatus.CANCELLED,
            changes.copy(),
            "cancel requested while running; result discarded",
            RunOutcome.CANCELLED,
            AttemptOutcome.CANCELLED,
            null,
            null,
            spend);
    changes
        .set("result", resultJson(answer))
        .set("model", answer.servedBy().model())
        .set("cached", spend.isAllCached())
        .set("error_code", null)
        .set("error_message", null);
    Ending succeeded =
        new Ending(
            JobStatus.SUCCEEDED,
            changes,
            "succeeded on " + answer.servedBy().model(),
            RunOutcome.SUCCEEDED,
            AttemptOutcome.SUCCEEDED,
            null,
            null,
            spend);
    // One statement in the common case: the guarded update takes the row lock, which orders it
    // against the API's cancel. When it moves nothing, a cancel arrived while the model ran (the
    // result is dropped; the calls were made, so they are charged) or the claim was lost, which
    // the cancel's own compare-and-set then finds.
    return endings.inTransaction(
        job,
        () ->
            endings
                .endUnlessCancelRequested(job, succeeded)
                .orElseGet(() -> endings.end(job, cancelled)));
  }

  /**
   * Cancels a job whose model call was abandoned on request: no result; only calls that had already
   * answered (parts of a summary) are charged.
   */
  RunOutcome markCancelled(JobRecord job, AttemptSpend spend) {
    JobChanges changes =
        JobChanges.none().set("finished_at", clock.instant()).set("lease_expires_at", null);
    return endings.inTransaction(
        job,
        () ->
            endings.end(
                job,
                new Ending(
                    JobStatus.CANCELLED,
                    changes,
                    "cancel requested while running; model call abandoned",
                    RunOutcome.CANCELLED,
                    AttemptOutcome.CANCELLED,
                    null,
                    null,
                    spend)));
  }

  static String resultJson(JobAnswer answer) {
    ObjectNode result = JSON.createObjectNode();
    result.put("text", answer.text());
    result.put("finish_reason", answer.finishReason());
    result.put("model", answer.servedBy().model());
    if (answer.refusal() != null) {
      result.put("refusal", answer.refusal());
    }
    if (answer.chunks() != null) {
      result.put("chunks", answer.chunks());
      result.put("passes", answer.passes());
    }
    return JSON.writeValueAsString(result);
  }
}
