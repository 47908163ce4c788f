package dev.promptly.worker.claims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.promptly.jobstore.JobMetrics;
import dev.promptly.jobstore.JobRecord;
import dev.promptly.jobstore.JobRepository;
import dev.promptly.model.JobKind;
import dev.promptly.model.JobMessage;
import dev.promptly.model.ModelCatalog;
import dev.promptly.model.ModelSpec;
import dev.promptly.model.WaitingFor;
import dev.promptly.worker.attempts.AttemptEnding;
import dev.promptly.worker.attempts.AttemptSpend;
import dev.promptly.worker.attempts.EndingWriter;
import dev.promptly.worker.attempts.FailurePolicy;
import dev.promptly.worker.attempts.Postponements;
import dev.promptly.worker.calls.ModelRouter;
import dev.promptly.worker.calls.ModelRouter.Hold;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** The runner's decisions between a claim and a call, where no integration test can stop time. */
class JobRunnerTest {
  private final JobRepository jobs = mock(JobRepository.class);
  private final JobClaims claims = mock(JobClaims.class);
  private final EndingWriter endings = mock(EndingWriter.class);
  private final Postponements postponements = mock(Postponements.class);
  private final ModelRouter router = mock(ModelRouter.class);
  private final ModelCatalog catalog = mock(ModelCatalog.class);
  private final JobRunner runner =
      new JobRunner(
          jobs,
          new JobRunner.Steps(claims, endings, mock(FailurePolicy.class), postponements, router),
          catalog,
          mock(JobMetrics.class),
          Clock.systemUTC());

  @Test
  void aCircuitThatOpensBetweenTheCheckAndTheRouteGivesTheClaimedAttemptBack() {
    JobMessage message = JobMessage.of("job_1", "tenant_1", 1, null, null);
    JobRecord claimed = mock(JobRecord.class);
    when(claimed.id()).thenReturn("job_1");
    when(claimed.modelAlias()).thenReturn("default");
    when(claimed.kind()).thenReturn(JobKind.CHAT);
    ModelSpec spec = mock(ModelSpec.class);
    when(catalog.resolve("default")).thenReturn(Optional.of(spec));
    // Every circuit was closed when the message arrived, so the job was claimed first ...
    when(router.mayHoldBack()).thenReturn(false);
    when(claims.claim(message)).thenReturn(Optional.of(claimed));
    // ... and its provider's circuit opened before it was routed.
    when(router.route(spec)).thenReturn(new Hold(Duration.ofSeconds(7)));
    when(endings.write(eq(claimed), eq(message), any(AttemptSpend.class), any()))
        .thenReturn(RunOutcome.DELAYED);

    RunOutcome outcome = runner.run(message);

    ArgumentCaptor<AttemptEnding> ending = ArgumentCaptor.forClass(AttemptEnding.class);
    verify(endings).write(eq(claimed), eq(message), any(AttemptSpend.class), ending.capture());
    assertThat(outcome).isEqualTo(RunOutcome.DELAYED);
    // Snoozed: the attempt is given back and runs again when the circuit may let it through.
    assertThat(ending.getValue())
        .isInstanceOfSatisfying(
            AttemptEnding.Snooze.class,
            snooze -> {
              assertThat(snooze.holdFor()).isEqualTo(Duration.ofSeconds(7));
              assertThat(snooze.reason()).isEqualTo("circuit_open");
              assertThat(snooze.waitingFor()).isEqualTo(WaitingFor.PROVIDER_CIRCUIT);
            });
    verify(router, never()).run(any(), any(), any(), any());
    verify(postponements, never()).postpone(any(), any(), any(), any(), any());
  }

  @Test
  void whileACircuitIsOpenAHeldBackJobIsNotClaimedAtAll() {
    JobMessage message = JobMessage.of("job_2", "tenant_1", 1, null, null);
    JobRecord waiting = mock(JobRecord.class);
    when(waiting.id()).thenReturn("job_2");
    when(waiting.modelAlias()).thenReturn("default");
    when(waiting.status()).thenReturn(dev.promptly.model.JobStatus.QUEUED);
    when(waiting.attempts()).thenReturn(0);
    ModelSpec spec = mock(ModelSpec.class);
    when(catalog.resolve("default")).thenReturn(Optional.of(spec));
    when(router.mayHoldBack()).thenReturn(true);
    when(jobs.find("job_2")).thenReturn(Optional.of(waiting));
    when(router.route(spec)).thenReturn(new Hold(Duration.ofSeconds(3)));
    when(postponements.postpone(
            eq(waiting),
            eq(message),
            eq(Duration.ofSeconds(3)),
            eq(WaitingFor.PROVIDER_CIRCUIT),
            any()))
        .thenReturn(RunOutcome.DELAYED);

    assertThat(runner.run(message)).isEqualTo(RunOutcome.DELAYED);
    verify(claims, never()).claim(any());
    verify(endings, never()).write(any(), any(), any(), any());
  }
}
