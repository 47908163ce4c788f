package dev.promptly.batching;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.springframework.dao.DataIntegrityViolationException;

/** What a failed batch means for each of its items, when a batch is one transaction. */
public final class DataFailures {
  private DataFailures() {}

  /**
   * Writes {@code batch} with {@code write}. A batch that fails on one item's data (a constraint or
   * value the validation could not see) is written again item by item, so only that item fails; a
   * batch that fails otherwise (the database is unreachable) fails every item, and nothing of it is
   * stored.
   *
   * @param fail tells one item why it failed
   */
  public static <T> void writeIsolatingBadData(
      List<T> batch, Consumer<List<T>> write, BiConsumer<T, Throwable> fail) {
    try {
      write.accept(batch);
    } catch (DataIntegrityViolationException e) {
      if (batch.size() == 1) {
        fail.accept(batch.getFirst(), e);
        return;
      }
      for (T item : batch) {
        writeIsolatingBadData(List.of(item), write, fail);
      }
    } catch (RuntimeException | Error e) {
      batch.forEach(item -> fail.accept(item, e));
    }
  }
}
