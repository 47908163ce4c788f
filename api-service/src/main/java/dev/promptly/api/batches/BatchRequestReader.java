package dev.promptly.api.batches;

import dev.promptly.api.jobs.JobBulkWriter;
import dev.promptly.api.jobs.JobRequestReader;
import dev.promptly.api.jobs.JobSubmission;
import dev.promptly.api.web.ApiException;
import dev.promptly.api.web.FieldProblem;
import dev.promptly.api.web.StrictJson;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a batch body into a {@link BatchSubmission}, all or nothing: each job is read by the reader
 * of {@code POST /v1/jobs} (so it is checked exactly as a job submitted on its own), and every
 * problem of every job is reported at once, named by where the job was ({@code jobs[17].input.text}
 * or {@code line 18: input.text}), up to {@link #MAX_PROBLEMS}.
 */
@Component
class BatchRequestReader {
  static final int MAX_JOBS = 10_000;
  static final int MAX_CUSTOM_ID_CHARS = 64;
  static final int MAX_PROBLEMS = 100;

  private final StrictJson json;
  private final JobRequestReader jobs;

  BatchRequestReader(StrictJson json, JobRequestReader jobs) {
    this.json = json;
    this.jobs = jobs;
  }

  /**
   * Reads a batch given as one JSON object: {@code {"jobs": [...], webhook_url, metadata,
   * completion_window}}. The tree is consumed (each job's {@code custom_id} is taken out of it).
   *
   * @throws ApiException 400 {@code invalid_request} listing the invalid fields
   */
  BatchSubmission read(ObjectNode body) {
    List<FieldProblem> problems = new ArrayList<>();
    JsonNode list = body.remove("jobs");
    BatchOptions options =
        json.bind(body, BatchOptions.class, "", problems).map(StrictJson.Bound::value).orElse(null);
    List<JobBulkWriter.Entry> entries = List.of();
    if (list == null || list.isNull()) {
      problems.add(new FieldProblem("jobs", "is required"));
    } else if (!list.isArray()) {
      problems.add(new FieldProblem("jobs", "must be an array"));
    } else {
      List<JsonNode> nodes = new ArrayList<>(list.size());
      list.forEach(nodes::add);
      entries = entries(nodes, i -> "jobs[" + i + "]", ".", problems);
    }
    return submission(entries, options, problems);
  }

  /**
   * Reads a batch given as NDJSON: the jobs, one per line (blank lines are skipped), already parsed
   * ({@code null} where a line was not a JSON object, which {@code lineProblems} describes), with
   * the options from the query.
   */
  BatchSubmission readLines(
      List<ObjectNode> lines,
      List<Integer> lineNumbers,
      List<FieldProblem> lineProblems,
      BatchOptions options) {
    List<FieldProblem> problems = new ArrayList<>(lineProblems);
    List<JobBulkWriter.Entry> entries =
        entries(lines, i -> "line " + lineNumbers.get(i), ": ", problems);
    return submission(entries, options, problems);
  }

  private BatchSubmission submission(
      List<JobBulkWriter.Entry> entries, BatchOptions options, List<FieldProblem> problems) {
    Map<String, String> metadata = Map.of();
    if (options != null) {
      jobs.checkWebhook(options.webhookUrl(), "webhook_url", problems);
      metadata = JobRequestReader.checkMetadata(options.metadata(), problems);
      JobRequestReader.checkCompletionWindow(
          options.completionWindow(), "completion_window", problems);
    }
    if (!problems.isEmpty()) {
      throw ApiException.invalid(
          problems.size() > MAX_PROBLEMS ? problems.subList(0, MAX_PROBLEMS) : problems);
    }
    String window = options.completionWindow();
    if (window != null) {
      // The batch's window applies to each of its jobs.
      entries =
          entries.stream()
              .map(
                  entry ->
                      new JobBulkWriter.Entry(
                          entry.index(),
                          entry.customId(),
                          entry.job().withCompletionWindow(window)))
              .toList();
    }
    return new BatchSubmission(entries, options.webhookUrl(), metadata, window);
  }

  private List<JobBulkWriter.Entry> entries(
      List<? extends JsonNode> list,
      IntFunction<String> where,
      String separator,
      List<FieldProblem> problems) {
    if (list.isEmpty() || list.size() > MAX_JOBS) {
      problems.add(new FieldProblem("jobs", "must hold 1 to " + MAX_JOBS + " jobs"));
      return List.of();
    }
    List<JobBulkWriter.Entry> entries = new ArrayList<>(list.size());
    Set<String> customIds = new HashSet<>();
    List<FieldProblem> own = new ArrayList<>();
    for (int i = 0; i < list.size() && problems.size() < MAX_PROBLEMS; i++) {
      JsonNode node = list.get(i);
      if (node == null || node.isNull()) {
        // A line that was no JSON object: already reported.
        continue;
      }
      String at = where.apply(i);
      if (!node.isObject()) {
        problems.add(new FieldProblem(at, "must be a JSON object"));
        continue;
      }
      own.clear();
      String customId = customId((ObjectNode) node, customIds, own);
      JobSubmission job = jobs.read(node, own);
      for (FieldProblem problem : own) {
        problems.add(new FieldProblem(at + separator + problem.field(), problem.message()));
      }
      if (job != null && own.isEmpty()) {
        entries.add(new JobBulkWriter.Entry(i, customId, job));
      }
    }
    return entries;
  }

  private static String customId(ObjectNode job, Set<String> seen, List<FieldProblem> problems) {
    JsonNode value = job.remove("custom_id");
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isString()) {
      problems.add(new FieldProblem("custom_id", "must be a string"));
      return null;
    }
    String customId = value.asString();
    if (customId.isEmpty() || customId.length() > MAX_CUSTOM_ID_CHARS) {
      problems.add(
          new FieldProblem(
              "custom_id", "must be 1 to " + MAX_CUSTOM_ID_CHARS + " characters long"));
    } else if (!seen.add(customId)) {
      problems.add(new FieldProblem("custom_id", "is already used by another job of the batch"));
    }
    return customId;
  }
}
