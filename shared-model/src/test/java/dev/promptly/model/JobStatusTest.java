package dev.promptly.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JobStatusTest {

  @Test
  void queuedJobCanStartRunningOrBeCancelled() {
    assertThat(JobStatus.QUEUED.canMoveTo(JobStatus.RUNNING)).isTrue();
    assertThat(JobStatus.QUEUED.canMoveTo(JobStatus.CANCELLED)).isTrue();
  }

  @Test
  void queuedJobCannotSucceedWithoutRunning() {
    assertThat(JobStatus.QUEUED.canMoveTo(JobStatus.SUCCEEDED)).isFalse();
  }

  @ParameterizedTest
  @EnumSource(
      value = JobStatus.class,
      names = {"SUCCEEDED", "CANCELLED"})
  void succeededAndCancelledJobsNeverMoveAgain(JobStatus terminal) {
    for (JobStatus next : JobStatus.values()) {
      assertThat(terminal.canMoveTo(next)).as("%s -> %s", terminal, next).isFalse();
    }
  }

  @Test
  void failedJobCanOnlyBeRequeuedByAnAdmin() {
    EnumSet<JobStatus> reachable = EnumSet.noneOf(JobStatus.class);
    for (JobStatus next : JobStatus.values()) {
      if (JobStatus.FAILED.canMoveTo(next)) {
        reachable.add(next);
      }
    }

    assertThat(reachable).containsExactly(JobStatus.QUEUED);
  }

  @Test
  void terminalStatusesAreSucceededFailedAndCancelled() {
    assertThat(EnumSet.allOf(JobStatus.class).stream().filter(JobStatus::isTerminal))
        .containsExactlyInAnyOrder(JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED);
  }

  @Test
  void wireNamesRoundTrip() {
    for (JobStatus status : JobStatus.values()) {
      assertThat(JobStatus.fromWireName(status.wireName())).isEqualTo(status);
    }
    assertThat(JobStatus.RETRY_SCHEDULED.wireName()).isEqualTo("retry_scheduled");
  }

  @Test
  void unknownWireNameIsRejected() {
    assertThatThrownBy(() -> JobStatus.fromWireName("done"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
