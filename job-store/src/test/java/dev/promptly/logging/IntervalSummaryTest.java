package dev.promptly.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class IntervalSummaryTest {
  private final Logger log = (Logger) LoggerFactory.getLogger("interval-summary-test");
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

  @BeforeEach
  void captureLines() {
    lines.start();
    log.addAppender(lines);
  }

  @Test
  void writesNothingUntilTheIntervalIsOver() {
    IntervalSummary summary = new IntervalSummary(log, "handled messages", Duration.ofHours(1));

    summary.add("succeeded", 1);
    summary.add("succeeded", 1);

    assertThat(lines.list).isEmpty();
  }

  @Test
  void writesOneLineWithTheCountsOfTheIntervalThenStartsAgain() {
    IntervalSummary summary = new IntervalSummary(log, "handled messages", Duration.ZERO);

    summary.add("succeeded", 2);
    summary.add("duplicate", 1);

    assertThat(lines.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .hasSize(2)
        .allMatch(line -> line.startsWith("handled messages in the last "))
        .satisfies(
            all -> {
              assertThat(all.get(0)).endsWith(": succeeded=2");
              assertThat(all.get(1)).endsWith(": duplicate=1");
            });
  }
}
