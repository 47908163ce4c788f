package dev.promptly.api.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.api.ApiIntegrationTest;
import dev.promptly.api.HttpResult;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The API's own meters, and the trace it stores with each job's dispatch. */
class ApiMetricsIT extends ApiIntegrationTest {
  private static final String CLIENT_TRACE = "0af7651916cd43dd8448eb211c80319c";

  @Autowired MeterRegistry meters;

  @Test
  void acceptedJobsAreCountedByKindAndReplaysAreNot() {
    String key = aTenantKey();
    double summaries = count("promptly.jobs.submitted", "kind", "summarize");
    double chats = count("promptly.jobs.submitted", "kind", "chat");

    submitted(key, SUMMARIZE);
    submitted(key, CHAT);
    api.postJson("/v1/jobs", key, SUMMARIZE, Map.of("Idempotency-Key", "once"));
    api.postJson("/v1/jobs", key, SUMMARIZE, Map.of("Idempotency-Key", "once"));

    assertThat(count("promptly.jobs.submitted", "kind", "summarize")).isEqualTo(summaries + 2);
    assertThat(count("promptly.jobs.submitted", "kind", "chat")).isEqualTo(chats + 1);
  }

  @Test
  void aJobCancelledWhileQueuedIsCompletedAsCancelledWithItsLifeTimed() {
    String key = aTenantKey();
    String id = submitted(key, CHAT).get("id").asString();
    double before = count("promptly.jobs.completed", "kind", "chat", "outcome", "cancelled");
    long timed = endToEnd("chat", "cancelled");

    HttpResult cancelled = api.post("/v1/jobs/" + id + "/cancel", key);

    assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
    assertThat(count("promptly.jobs.completed", "kind", "chat", "outcome", "cancelled"))
        .isEqualTo(before + 1);
    assertThat(endToEnd("chat", "cancelled")).isEqualTo(timed + 1);
  }

  @Test
  void aRateLimitedRequestIsCountedWithoutATenantTag() {
    String key = aKeyOf(aTenantIdLimitedTo(1, 1));
    double before = count("promptly.api.rate.limited");
    api.get("/v1/jobs", key);

    HttpResult refused = api.get("/v1/jobs", key);

    assertThat(refused.status()).isEqualTo(429);
    assertThat(count("promptly.api.rate.limited")).isEqualTo(before + 1);
    assertThat(meters.get("promptly.api.rate.limited").counter().getId().getTags())
        .extracting(tag -> tag.getKey())
        .containsOnly("application");
  }

  @Test
  void theDispatchContinuesTheTraceTheClientSent() {
    String key = aTenantKey();
    String clientParent = "00-" + CLIENT_TRACE + "-b7ad6b7169203331-01";

    HttpResult accepted = api.postJson("/v1/jobs", key, CHAT, Map.of("traceparent", clientParent));

    String stored = storedTraceparent(accepted.json().get("id").asString());
    assertThat(stored).startsWith("00-" + CLIENT_TRACE + "-").isNotEqualTo(clientParent);
  }

  @Test
  void aJobSubmittedWithoutTraceStartsOneOfItsOwn() {
    String key = aTenantKey();

    HttpResult accepted = api.postJson("/v1/jobs", key, CHAT);

    assertThat(storedTraceparent(accepted.json().get("id").asString()))
        .matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
  }

  private String storedTraceparent(String jobId) {
    return jdbc.sql("SELECT traceparent FROM job_dispatches WHERE job_id = :id")
        .param("id", jobId)
        .query(String.class)
        .single();
  }

  private double count(String name, String... tags) {
    var counter = meters.find(name).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }

  private long endToEnd(String kind, String outcome) {
    Timer timer =
        meters.find("promptly.job.end.to.end").tags("kind", kind, "outcome", outcome).timer();
    return timer == null ? 0 : timer.count();
  }
}
