package dev.promptly.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndToEndResultTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final List<Submission> submissions =
      List.of(
          new Submission(0, "job_a", 202, T0, 4),
          new Submission(1, "job_b", 202, T0.plusMillis(500), 4),
          new Submission(2, null, 503, T0.plusMillis(600), 1));

  private final List<JobTiming> timings =
      List.of(
          new JobTiming(
              "job_a",
              "succeeded",
              1,
              T0.plusMillis(3),
              T0.plusMillis(10),
              T0.plusMillis(215),
              200.0),
          new JobTiming(
              "job_b",
              "succeeded",
              1,
              T0.plusMillis(503),
              T0.plusMillis(600),
              T0.plusMillis(1_000),
              380.0),
          new JobTiming("job_other_scenario", "succeeded", 1, T0, T0, T0.plusSeconds(9), 1.0));

  @Test
  void overheadIsTheJobsStoredTimeMinusItsModelTime() {
    EndToEndResult result = EndToEndResult.of(submissions, timings, null);

    // job_a: 212 − 200 = 12 ms; job_b: 497 − 380 = 117 ms
    assertThat(result.overheadMs().p50()).isEqualTo(12, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(result.overheadMs().max()).isEqualTo(117, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(result.overheadClientMs().max())
        .isEqualTo(120, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void ratesCountOnlyThisScenariosSucceededJobsOverTheirWindow() {
    EndToEndResult result = EndToEndResult.of(submissions, timings, null);

    assertThat(result.accepted()).isEqualTo(2);
    assertThat(result.succeeded()).isEqualTo(2);
    assertThat(result.unfinished()).isZero();
    assertThat(result.windowS()).isEqualTo(1.0);
    assertThat(result.completedPerS()).isEqualTo(2.0);
    assertThat(result.drainWindowS()).isEqualTo(0.99);
    assertThat(result.latencyMs().max()).isEqualTo(500);
  }

  @Test
  void aJobThatNeverEndedIsCountedAsUnfinished() {
    List<JobTiming> oneRunning =
        List.of(timings.get(0), new JobTiming("job_b", "running", 1, T0, T0, null, null));

    EndToEndResult result = EndToEndResult.of(submissions, oneRunning, null);

    assertThat(result.succeeded()).isEqualTo(1);
    assertThat(result.unfinished()).isEqualTo(1);
  }

  @Test
  void webhookOverheadIsArrivalMinusSendingMinusModelTime() {
    EndToEndResult result =
        EndToEndResult.of(submissions, timings, Map.of("job_a", T0.plusMillis(230)));

    assertThat(result.webhooks().received()).isEqualTo(1);
    assertThat(result.webhooks().overheadMs().p50()).isEqualTo(30);
  }

  @Test
  void withoutAnyWebhookArrivingTheWebhookFigureIsPending() {
    EndToEndResult result = EndToEndResult.of(submissions, timings, Map.of());

    assertThat(result.webhooks().received()).isZero();
    assertThat(result.webhooks().overheadMs()).isNull();
    assertThat(result.webhooks().note()).startsWith("pending");
  }
}
