package dev.promptly.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * S7: one batch of {@code --jobs} jobs at a time, {@code --runs} times, as a new tenant; each run's
 * rate is its jobs over the time from sending the body to the 202 (the jobs are committed by then).
 * The first {@code --warmup} runs are not counted.
 */
@Command(name = "batch", description = "Submit batches one at a time and time their acceptance.")
final class BatchCommand implements Callable<Integer> {
  private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);

  @Mixin Services services;

  @Option(names = "--name", required = true, description = "scenario name, e.g. s7-10000")
  String name;

  @Option(names = "--jobs", defaultValue = "10000", description = "jobs per batch")
  int jobs;

  @Option(names = "--runs", defaultValue = "5", description = "batches timed")
  int runs;

  @Option(names = "--warmup", defaultValue = "1", description = "batches sent first, not timed")
  int warmup;

  @Option(names = "--out", required = true)
  Path out;

  @Override
  public Integer call() throws IOException, InterruptedException {
    Tenants.Tenant tenant = services.tenants().create("bench-" + name);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    JobBodies bodies = new JobBodies(null);
    List<Double> rates = new ArrayList<>();
    List<Double> millis = new ArrayList<>();
    for (int run = 0; run < warmup + runs; run++) {
      String body = body(bodies, run);
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(services.api + "/v1/batches"))
              .timeout(REQUEST_TIMEOUT)
              .header("Authorization", "Bearer " + tenant.apiKey())
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build();
      long start = System.nanoTime();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      double ms = (System.nanoTime() - start) / 1e6;
      if (response.statusCode() != 202) {
        System.err.printf(
            "bench %s: batch answered %d: %s%n", name, response.statusCode(), response.body());
        return 2;
      }
      if (run >= warmup) {
        millis.add(ms);
        rates.add(jobs / (ms / 1000));
      }
      System.err.printf(
          "bench %s: run %d%s: %d jobs accepted in %.0f ms, %.0f jobs/s%n",
          name, run + 1, run < warmup ? " (warm-up)" : "", jobs, ms, jobs / (ms / 1000));
    }
    Json.write(out, result(rates, millis));
    return 0;
  }

  private String body(JobBodies bodies, int run) {
    StringBuilder body = new StringBuilder(jobs * 1_200).append("{\"jobs\":[");
    for (int i = 0; i < jobs; i++) {
      if (i > 0) {
        body.append(',');
      }
      String job = bodies.body(run * jobs + i);
      body.append("{\"custom_id\":\"c-").append(i).append("\",").append(job, 1, job.length());
    }
    return body.append("]}").toString();
  }

  private ObjectNode result(List<Double> rates, List<Double> millis) {
    ObjectNode result = Json.MAPPER.createObjectNode();
    result.put("name", name);
    ObjectNode batch = result.putObject("batch");
    batch.put("jobs_per_batch", jobs);
    batch.put("runs", rates.size());
    batch.put("median_accepted_per_s", median(rates));
    batch.put("median_ms", median(millis));
    ArrayNode each = batch.putArray("accepted_per_s");
    rates.forEach(each::add);
    return result;
  }

  static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    if (n == 0) {
      return 0;
    }
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
