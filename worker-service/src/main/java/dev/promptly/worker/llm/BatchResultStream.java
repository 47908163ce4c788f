package dev.promptly.worker.llm;

import dev.promptly.worker.failures.RetryableJobException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The parsed lines of a downloaded result file, read as they arrive, so that a file of 50,000
 * answers is never held whole. A connection that breaks mid-file, or a line that is not a result,
 * surfaces as a {@link RetryableJobException} from the stream, as any other provider failure.
 */
final class BatchResultStream {
  private BatchResultStream() {}

  static Stream<ProviderBatchResult> of(
      Stream<String> lines, BatchResultReader reader, Duration timeout) {
    Iterator<ProviderBatchResult> parsed =
        lines.filter(line -> !line.isBlank()).map(line -> read(reader, line)).iterator();
    Iterator<ProviderBatchResult> guarded =
        new Iterator<>() {
          @Override
          public boolean hasNext() {
            try {
              return parsed.hasNext();
            } catch (UncheckedIOException e) {
              throw ProviderErrors.classify(e.getCause(), timeout);
            }
          }

          @Override
          public ProviderBatchResult next() {
            try {
              return parsed.next();
            } catch (UncheckedIOException e) {
              throw ProviderErrors.classify(e.getCause(), timeout);
            }
          }
        };
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(guarded, Spliterator.ORDERED | Spliterator.NONNULL),
            false)
        .onClose(lines::close);
  }

  private static ProviderBatchResult read(BatchResultReader reader, String line) {
    try {
      return reader.read(line);
    } catch (IllegalArgumentException e) {
      throw new RetryableJobException(
          "provider sent an unreadable batch result line (" + e.getMessage() + ")",
          null,
          null,
          true,
          e);
    }
  }
}
