package dev.promptly.emulator.batches;

import dev.promptly.emulator.BatchEvent;
import dev.promptly.emulator.completions.ChatCompletionAnswerer;
import dev.promptly.emulator.control.EmulatorConfig;
import dev.promptly.emulator.control.EmulatorSettings;
import dev.promptly.emulator.control.EmulatorStats;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers every line of a batch through the live endpoint's own code ({@link
 * ChatCompletionAnswerer}) and writes the output and error files, in input order.
 */
@Component
class BatchAnswerer {

  private final ChatCompletionAnswerer answerer;
  private final EmulatorConfig config;
  private final FileStore files;
  private final EmulatorStats stats;
  private final JsonMapper jsonMapper;

  BatchAnswerer(
      ChatCompletionAnswerer answerer,
      EmulatorConfig config,
      FileStore files,
      EmulatorStats stats,
      JsonMapper jsonMapper) {
    this.answerer = answerer;
    this.config = config;
    this.files = files;
    this.stats = stats;
    this.jsonMapper = jsonMapper;
  }

  Batch.Results answer(Batch batch, List<BatchRequestLine> lines) {
    EmulatorSettings settings = config.current();
    StringBuilder output = new StringBuilder();
    StringBuilder errors = new StringBuilder();
    int completed = 0;
    for (BatchRequestLine line : lines) {
      ChatCompletionAnswerer.Answer answer =
          LineFaults.failsOnPurpose(line, settings)
              ? LineFaults.INJECTED
              : answerer.answer(line.body());
      String json = jsonMapper.writeValueAsString(outputLine(line, answer));
      if (answer.isSuccess()) {
        output.append(json).append('\n');
        completed++;
        stats.record(BatchEvent.LINE_ANSWERED);
      } else {
        errors.append(json).append('\n');
        stats.record(BatchEvent.LINE_FAILED);
      }
    }
    return new Batch.Results(
        new BatchObject.RequestCounts(lines.size(), completed, lines.size() - completed),
        store(batch, "output", output),
        store(batch, "error", errors));
  }

  private static BatchOutputLine outputLine(
      BatchRequestLine line, ChatCompletionAnswerer.Answer answer) {
    return new BatchOutputLine(
        "batch_req_" + randomHex(),
        line.customId(),
        new BatchOutputLine.Response(answer.statusCode(), "req_" + randomHex(), answer.body()),
        null);
  }

  /** The file's id, or null for no lines: OpenAI leaves the id out of a batch that wrote none. */
  private String store(Batch batch, String kind, StringBuilder lines) {
    if (lines.isEmpty()) {
      return null;
    }
    String filename = batch.id() + "_" + kind + ".jsonl";
    byte[] content = lines.toString().getBytes(StandardCharsets.UTF_8);
    return files.store(filename, "batch_output", content).id();
  }

  private static String randomHex() {
    return UUID.randomUUID().toString().replace("-", "");
  }
}
