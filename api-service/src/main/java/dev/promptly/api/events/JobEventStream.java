package dev.promptly.api.events;

import dev.promptly.jobevents.JobEvent;
import dev.promptly.jobstore.JobRecord;
import dev.promptly.jobstore.JobResourceRenderer;
import dev.promptly.model.JobStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One client's stream of a job's events. Messages are queued by the fan-out and written by the
 * stream's own virtual thread, in order, so a slow client holds back nobody else; a client too slow
 * to take {@code bufferSize} events is cut off and reconnects. Every heartbeat the job is also
 * re-read from Postgres: a lost Redis message delays an event by a heartbeat, never forever.
 */
final class JobEventStream {
  private static final Logger log = LoggerFactory.getLogger(JobEventStream.class);

  private record Inbound(JobEvent event, long receivedNanos) {}

  // Wakes the stream's thread when it is ended from outside (it may be waiting for a message).
  private static final Inbound WAKE = new Inbound(null, 0);

  private final String jobId;
  private final SseEmitter emitter;
  private final JobEventListeners listeners;
  private final JobResourceRenderer renderer;
  private final SentEvents sent;
  private final Duration heartbeat;
  private final BlockingQueue<Inbound> inbox;
  private final AtomicBoolean ended = new AtomicBoolean();
  private final JobWatch watch;
  // Touched only by the stream's thread.
  private JobStatus shownStatus;
  private int shownAttempts;
  private JobEvent.Delta lastDelta;
  private boolean finishSeenByBeat;

  JobEventStream(
      String jobId,
      SseEmitter emitter,
      JobEventListeners listeners,
      JobResourceRenderer renderer,
      SentEvents sent,
      EventsProperties properties) {
    this.jobId = jobId;
    this.emitter = emitter;
    this.listeners = listeners;
    this.renderer = renderer;
    this.sent = sent;
    this.heartbeat = properties.heartbeat();
    this.inbox = new LinkedBlockingQueue<>(properties.bufferSize());
    // Registered before the job is first read, so no change can fall between read and subscribe.
    this.watch = listeners.add(this);
    emitter.onCompletion(this::end);
    emitter.onTimeout(this::end);
    emitter.onError(error -> end());
  }

  String jobId() {
    return jobId;
  }

  /** Queues a message; called by the fan-out, never blocks. */
  void offer(JobEvent event, long receivedNanos) {
    if (!ended.get() && !inbox.offer(new Inbound(event, receivedNanos))) {
      log.debug("event stream of {} cut off: the client does not keep up", jobId);
      end();
    }
  }

  /**
   * The job as it is now, read after this stream was registered (so no later change can be missed);
   * shared with other streams of the job that connect at the same moment.
   */
  Optional<JobRecord> current() {
    return watch.read(System.nanoTime());
  }

  /** Starts streaming from the job's state as first read. */
  void start(JobRecord current) {
    Thread.ofVirtual().name("sse-" + jobId).start(() -> run(current));
  }

  /** Ends the stream and frees everything it holds; safe to call more than once, from anywhere. */
  void end() {
    if (ended.compareAndSet(false, true)) {
      listeners.remove(this);
      inbox.clear();
      inbox.offer(WAKE);
      try {
        emitter.complete();
      } catch (RuntimeException e) {
        log.debug("event stream of {} already closed: {}", jobId, e.getMessage());
      }
    }
  }

  private void run(JobRecord current) {
    try {
      if (show(current)) {
        return;
      }
      long nextBeat = System.nanoTime() + heartbeat.toNanos();
      while (!ended.get()) {
        Inbound inbound = inbox.poll(nextBeat - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (inbound == null) {
          if (beat()) {
            return;
          }
          nextBeat = System.nanoTime() + heartbeat.toNanos();
        } else if (inbound != WAKE && handle(inbound)) {
          return;
        }
      }
    } catch (IOException | IllegalStateException e) {
      // The client went away, or the emitter was completed meanwhile.
      log.debug("event stream of {} closed: {}", jobId, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      end();
    }
  }

  private boolean handle(Inbound inbound) throws IOException {
    return switch (inbound.event()) {
      case JobEvent.Delta delta -> {
        showDelta(delta);
        yield false;
      }
      case JobEvent.StatusChanged changed -> {
        Optional<JobRecord> job = read(inbound.receivedNanos());
        // The job may be further along than this message says; its own deltas may still be queued
        // behind it. Its terminal message (or, if lost, the next heartbeat) ends the stream.
        yield job.isPresent()
            && (changed.status().isTerminal() || !job.get().status().isTerminal())
            && show(job.get());
      }
    };
  }

  /**
   * A heartbeat, and a look at the job in case a message was lost; true when it is finished.
   * Postgres may be ahead of the messages still on their way (the last deltas, the terminal
   * status), so a finish seen here ends the stream only if it is seen again one beat later.
   */
  private boolean beat() throws IOException {
    emitter.send(SseEmitter.event().comment(" ping"));
    sent.sent(SentEvents.HEARTBEAT);
    // A read another stream of the job made within half a beat will do: a thousand listeners of
    // a job cost a couple of reads per beat, not a thousand.
    Optional<JobRecord> job = read(System.nanoTime() - heartbeat.toNanos() / 2);
    if (job.isEmpty()) {
      return false;
    }
    if (job.get().status().isTerminal() && !finishSeenByBeat) {
      finishSeenByBeat = true;
      return false;
    }
    finishSeenByBeat = false;
    return show(job.get());
  }

  /** Sends the job's state if it changed, and ends the stream when it is terminal. */
  private boolean show(JobRecord job) throws IOException {
    if (job.status() != shownStatus || job.attempts() != shownAttempts) {
      emitter.send(
          SseEmitter.event().name("status").data(renderer.render(job), MediaType.APPLICATION_JSON));
      sent.sent(SentEvents.STATUS);
      shownStatus = job.status();
      shownAttempts = job.attempts();
    }
    if (!job.status().isTerminal()) {
      return false;
    }
    emitter.send(
        SseEmitter.event().name("done").data(renderer.render(job), MediaType.APPLICATION_JSON));
    sent.sent(SentEvents.DONE);
    end();
    return true;
  }

  private void showDelta(JobEvent.Delta delta) throws IOException {
    // Duplicates, stragglers and text of an attempt that was already given up are dropped.
    if ((lastDelta != null && !delta.isAfter(lastDelta)) || delta.attempt() < shownAttempts) {
      return;
    }
    lastDelta = delta;
    emitter.send(
        SseEmitter.event()
            .name("delta")
            .data(Map.of("text", delta.text()), MediaType.APPLICATION_JSON));
    sent.sent(SentEvents.DELTA);
  }

  private Optional<JobRecord> read(long notBeforeNanos) {
    try {
      return watch.read(notBeforeNanos);
    } catch (RuntimeException e) {
      // Postgres is unreachable: keep the stream; the next heartbeat looks again.
      log.debug("event stream of {} could not read the job: {}", jobId, e.getMessage());
      return Optional.empty();
    }
  }
}
