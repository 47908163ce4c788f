package dev.promptly.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioResultTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00.123456Z");

  @TempDir Path dir;

  @Test
  void submittedScenarioReadsBackWithItsSubmissionsForALaterAwait() {
    List<Submission> submissions =
        List.of(new Submission(0, "job_a", 202, T0, 4.5), new Submission(1, null, 503, T0, 5001));
    ScenarioResult written =
        new ScenarioResult(
            "s3-drain-1w",
            Map.of("workers", "1"),
            "ten_1",
            SubmitResult.of(submissions, 256, null),
            null,
            submissions);
    Json.write(dir.resolve("queued.json"), written);

    ScenarioResult read =
        Json.MAPPER.readValue(dir.resolve("queued.json").toFile(), ScenarioResult.class);

    assertThat(read).isEqualTo(written);
    assertThat(read.submissions().getFirst().sentAt()).isEqualTo(T0);
  }

  @Test
  void bestCompletedRateIsReadFromScenarioFilesForTheOpenLoop() {
    Json.write(dir.resolve("a.json"), Map.of("end_to_end", Map.of("completed_per_s", 120.5)));
    Json.write(dir.resolve("b.json"), Map.of("end_to_end", Map.of("completed_per_s", 80.0)));

    double best =
        Scenarios.bestCompletedPerS(List.of(dir.resolve("a.json"), dir.resolve("b.json")));

    assertThat(best).isEqualTo(120.5);
  }
}
