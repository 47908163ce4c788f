package dev.promptly.api.batches;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.promptly.jobstore.JobResource;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a batch's results as NDJSON, one line per job in submission order, read in pages of {@link
 * #PAGE} by {@code jobs_batch_id_batch_index_idx} (a keyset on batch_index), so a batch of any size
 * streams in constant memory.
 */
@Component
class BatchResults {
  static final int PAGE = 500;
  private static final double MICROS_PER_USD = 1_000_000.0;
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final TypeReference<LinkedHashMap<String, Object>> OBJECT =
      new TypeReference<>() {};

  /** One line of the results. */
  @JsonPropertyOrder({"job_id", "custom_id", "status", "result", "error", "usage"})
  record Line(
      @JsonProperty("job_id") String jobId,
      @JsonProperty("custom_id") String customId,
      @JsonProperty("status") String status,
      @JsonProperty("result") Map<String, Object> result,
      @JsonProperty("error") JobResource.JobError error,
      @JsonProperty("usage") JobResource.Usage usage) {}

  private record Indexed(int index, Line line) {}

  private final JdbcClient jdbc;

  BatchResults(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Writes every line of the batch's results to {@code out}, a page at a time. */
  void write(String batchId, OutputStream out) throws IOException {
    int after = -1;
    while (true) {
      List<Indexed> page = page(batchId, after);
      for (Indexed indexed : page) {
        out.write(JSON.writeValueAsBytes(indexed.line()));
        out.write('\n');
      }
      out.flush();
      if (page.size() < PAGE) {
        return;
      }
      after = page.getLast().index();
    }
  }

  private List<Indexed> page(String batchId, int after) {
    return jdbc.sql(
            """
            SELECT id, custom_id, status, result::text AS result, error_code, error_message,
                   prompt_tokens, completion_tokens, cost_micros, batch_index
              FROM jobs WHERE batch_id = :batch AND batch_index > :after
             ORDER BY batch_index LIMIT :limit
            """)
        .param("batch", batchId)
        .param("after", after)
        .param("limit", PAGE)
        .query(
            (rs, row) -> {
              String result = rs.getString("result");
              String code = rs.getString("error_code");
              int prompt = rs.getInt("prompt_tokens");
              int completion = rs.getInt("completion_tokens");
              return new Indexed(
                  rs.getInt("batch_index"),
                  new Line(
                      rs.getString("id"),
                      rs.getString("custom_id"),
                      rs.getString("status"),
                      result == null ? null : JSON.readValue(result, OBJECT),
                      code == null
                          ? null
                          : new JobResource.JobError(code, rs.getString("error_message")),
                      new JobResource.Usage(
                          prompt,
                          completion,
                          prompt + completion,
                          rs.getLong("cost_micros") / MICROS_PER_USD)));
            })
        .list();
  }
}
