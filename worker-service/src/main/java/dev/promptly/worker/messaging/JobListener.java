package dev.promptly.worker.messaging;

import com.rabbitmq.client.Channel;
import dev.promptly.logging.IntervalSummary;
import dev.promptly.model.JobMessage;
import dev.promptly.model.JobMessageCodec;
import dev.promptly.model.MalformedMessageException;
import dev.promptly.worker.claims.JobRunner;
import dev.promptly.worker.claims.RunOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;

/**
 * Receives job messages (manual acknowledgement) and settles each one by what handling it came to:
 * ack when the job's state in Postgres is settled, reject to the dead-letter queue when the message
 * can never be handled, requeue later when our own infrastructure failed, and hand it back at once
 * when shutdown cut the job short.
 */
class JobListener implements ChannelAwareMessageListener {
  private static final Logger log = LoggerFactory.getLogger(JobListener.class);

  private final JobRunner runner;
  private final DelayedRequeue requeue;
  private final Map<RunOutcome, Counter> outcomes = new EnumMap<>(RunOutcome.class);
  private final Counter malformed;
  private final Counter infrastructureFailures;
  private final IntervalSummary handled =
      new IntervalSummary(log, "handled messages", Duration.ofMinutes(1));

  JobListener(JobRunner runner, DelayedRequeue requeue, MeterRegistry meters) {
    this.runner = runner;
    this.requeue = requeue;
    for (RunOutcome outcome : RunOutcome.values()) {
      outcomes.put(
          outcome,
          meters.counter(
              "promptly.worker.messages", "outcome", outcome.name().toLowerCase(Locale.ROOT)));
    }
    this.malformed = meters.counter("promptly.worker.messages", "outcome", "malformed");
    this.infrastructureFailures = meters.counter("promptly.worker.messages", "outcome", "requeued");
  }

  @Override
  public void onMessage(Message message, Channel channel) throws IOException {
    // Only the reject of a malformed message may throw: the container then closes the channel.
    long tag = message.getMessageProperties().getDeliveryTag();
    JobMessage job;
    try {
      job = JobMessageCodec.decode(message.getBody());
    } catch (MalformedMessageException e) {
      log.warn("rejecting a malformed job message to the dead-letter queue: {}", e.getMessage());
      malformed.increment();
      channel.basicReject(tag, false);
      return;
    }
    MDC.put("job_id", job.jobId());
    MDC.put("request_id", job.requestId());
    try {
      settle(job, channel, tag);
    } finally {
      MDC.remove("job_id");
      MDC.remove("request_id");
    }
  }

  private void settle(JobMessage job, Channel channel, long tag) throws IOException {
    RunOutcome outcome;
    try {
      outcome = runner.run(job);
    } catch (RuntimeException e) {
      log.error(
          "handling job {} failed in the worker; its message goes back to the queue later",
          job.jobId(),
          e);
      infrastructureFailures.increment();
      requeue.requeueLater(channel, tag);
      return;
    }
    requeue.reset();
    outcomes.get(outcome).increment();
    if (outcome == RunOutcome.ABANDONED) {
      handBack(job, channel, tag);
      return;
    }
    try {
      if (outcome == RunOutcome.UNKNOWN_JOB) {
        log.warn("no job {}: rejecting its message to the dead-letter queue", job.jobId());
        channel.basicReject(tag, false);
      } else {
        // One line per handled message at DEBUG: with the MDC's request and trace ids, it ties the
        // job's life in the worker to the request that submitted it. INFO gets a summary a minute.
        String settled = outcome.name().toLowerCase(Locale.ROOT);
        log.debug("job {} attempt {}: {}", job.jobId(), job.attempt(), settled);
        handled.add(settled, 1);
        channel.basicAck(tag, false);
      }
    } catch (IOException | RuntimeException e) {
      // The job's state is already settled in Postgres; a redelivered copy is acked as a duplicate.
      log.warn(
          "could not settle the message of job {} ({}): {}", job.jobId(), outcome, e.getMessage());
    }
  }

  /**
   * Shutting down: the message goes back to the broker now, or when its channel closes, which the
   * container is about to do anyway. The job stays running, unrenewed, until the reaper of another
   * worker takes it back.
   */
  private static void handBack(JobMessage job, Channel channel, long tag) {
    log.info("job {}: shutting down before it finished; its message goes back", job.jobId());
    try {
      if (channel.isOpen()) {
        channel.basicNack(tag, false, true);
      }
    } catch (IOException | RuntimeException e) {
      log.debug("job {}: message left to the channel's close: {}", job.jobId(), e.getMessage());
    }
  }
}
