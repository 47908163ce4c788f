package dev.promptly.worker.jobs;

import dev.promptly.jobstore.JobChanges;
import dev.promptly.jobstore.JobRecord;
import dev.promptly.model.JobStatus;
import dev.promptly.model.ModelSpec;
import dev.promptly.worker.jobs.AttemptEndings.Ending;
import dev.promptly.worker.llm.ChatCompletion;
import java.time.Clock;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Ends an attempt whose model call answered, or that was cancelled while it ran. */
class JobCompletions {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final AttemptEndings endings;
  private final JdbcClient jdbc;
  private final Clock clock;

  JobCompletions(AttemptEndings endings, JdbcClient jdbc, Clock clock) {
    this.endings = endings;
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** Stores the answer, its usage and cost, unless a cancel arrived while the model ran. */
  RunOutcome markSucceeded(JobRecord job, ModelSpec spec, ChatCompletion completion) {
    Usage usage = Usage.of(completion, spec);
    JobChanges changes =
        JobChanges.none()
            .set("prompt_tokens", usage.promptTokens())
            .set("completion_tokens", usage.completionTokens())
            .set("cost_micros", usage.costMicros())
            .set("finished_at", clock.instant())
            .set("lease_expires_at", null);
    return endings.inTransaction(
        () -> {
          // The row lock orders us against the API's cancel: either it sees a finished job, or we
          // see its cancel_requested and drop the result. The call was made, so it is charged.
          if (isCancelRequested(job.id())) {
            return endings.end(
                job,
                new Ending(
                    JobStatus.CANCELLED,
                    changes,
                    "cancel requested while running; result discarded",
                    RunOutcome.CANCELLED,
                    AttemptOutcome.CANCELLED,
                    null,
                    null,
                    usage));
          }
          changes
              .set("result", resultJson(completion))
              .set("error_code", null)
              .set("error_message", null);
          return endings.end(
              job,
              new Ending(
                  JobStatus.SUCCEEDED,
                  changes,
                  "succeeded",
                  RunOutcome.SUCCEEDED,
                  AttemptOutcome.SUCCEEDED,
                  null,
                  null,
                  usage));
        });
  }

  /** Cancels a job whose model call was abandoned on request: no result, nothing charged. */
  RunOutcome markCancelled(JobRecord job) {
    JobChanges changes =
        JobChanges.none().set("finished_at", clock.instant()).set("lease_expires_at", null);
    return endings.inTransaction(
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
                    null)));
  }

  private boolean isCancelRequested(String jobId) {
    return jdbc.sql("SELECT cancel_requested FROM jobs WHERE id = :id FOR UPDATE")
        .param("id", jobId)
        .query(Boolean.class)
        .single();
  }

  private static String resultJson(ChatCompletion completion) {
    ObjectNode result = JSON.createObjectNode();
    result.put("text", completion.text());
    result.put("finish_reason", completion.finishReason());
    return JSON.writeValueAsString(result);
  }
}
