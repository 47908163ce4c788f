package dev.promptly.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.promptly.e2e.OtlpTraceReceiver.ReceivedSpan;
import dev.promptly.testsupport.MonitoringQueries;
import dev.promptly.testsupport.TestInfrastructure;
import dev.promptly.testsupport.TestServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * What an operator sees of a small run of the real jars (emulator, API, one worker): the metrics of
 * both services, one trace per job from the HTTP request into the LLM call (exported over OTLP to a
 * receiver in this JVM), JSON log lines with request and trace ids and without prompts, results or
 * keys, and readiness going down while a worker drains on shutdown.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObservabilityIT {
  private static final Path ROOT = Path.of(System.getProperty("promptly.root", ".."));
  private static final Path LOGS =
      Path.of(System.getProperty("promptly.e2e.logs", "target/e2e-logs")).resolve("observability");
  private static final String ADMIN_KEY = "admin-" + UUID.randomUUID();
  private static final String PROVIDER_KEY = "sk-provider-" + UUID.randomUUID();
  private static final String MARKER = "zebra-" + UUID.randomUUID().toString().substring(0, 8);
  private static final String TRACE_ID = HexId.random(32);
  private static final String CLIENT_SPAN = HexId.random(16);
  private static final int CHATS = 3;
  private static final int SUMMARIES = 2;

  private final List<ServiceProcess> processes = new ArrayList<>();
  private final List<String> jobIds = new ArrayList<>();
  private final List<String> results = new ArrayList<>();
  private OtlpTraceReceiver receiver;
  private TestServices services;
  private ServiceProcess emulator;
  private ServiceProcess api;
  private ServiceProcess worker;
  private PromptlyClient client;
  private String tenantId;
  private String tenantKey;
  private String tracedJobId;

  @BeforeAll
  void runAFewJobs() throws Exception {
    receiver = OtlpTraceReceiver.start();
    services = TestInfrastructure.shared();
    List<String> observed =
        List.of(
            "--management.opentelemetry.tracing.export.otlp.endpoint=" + receiver.endpoint(),
            "--management.opentelemetry.tracing.export.schedule-delay=200ms",
            "--logging.structured.format.console=ecs");
    emulator =
        start("emulator", "llm-emulator/target/llm-emulator-exec.jar", List.of())
            .awaitReady("/actuator/health", Duration.ofSeconds(90));
    api =
        start(
                "api",
                "api-service/target/api-service.jar",
                with(
                    observed,
                    "--promptly.auth.admin-api-key=" + ADMIN_KEY,
                    // The per-job "accepted" line is DEBUG (INFO has a summary a minute): on here
                    // so that the API's side of a job's log lines is checked too.
                    "--logging.level.dev.promptly.api.jobs.JobSubmissionService=DEBUG"))
            .awaitReady("/actuator/health/readiness", Duration.ofSeconds(300));
    worker =
        start(
                "worker",
                "worker-service/target/worker-service.jar",
                with(
                    observed,
                    "--promptly.llm.base-url=" + emulator.baseUrl() + "/v1",
                    "--promptly.llm.api-key=" + PROVIDER_KEY,
                    "--promptly.worker.concurrency=4",
                    // The per-message line is DEBUG (INFO has a summary a minute): on here so
                    // that the worker's side of a job's log lines is checked too.
                    "--logging.level.dev.promptly.worker.messaging.JobListener=DEBUG"))
            .awaitReady("/actuator/health/readiness", Duration.ofSeconds(300));
    PromptlyClient admin = new PromptlyClient(api.baseUrl(), ADMIN_KEY);
    tenantId =
        admin
            .post(
                "/v1/admin/tenants",
                Map.of("name", "observability-" + UUID.randomUUID(), "rate_limit_per_minute", 6000))
            .body()
            .get("id")
            .asString();
    tenantKey =
        admin
            .post("/v1/admin/tenants/" + tenantId + "/api-keys", Map.of())
            .body()
            .get("key")
            .asString();
    client = admin.withKey(tenantKey);

    for (int i = 0; i < CHATS; i++) {
      Map<String, String> headers =
          i == 0 ? Map.of("traceparent", "00-" + TRACE_ID + "-" + CLIENT_SPAN + "-01") : Map.of();
      String id =
          submit(ChaosJobs.chatAsking("Tell me about the " + MARKER + " number " + i), headers);
      if (i == 0) {
        tracedJobId = id;
      }
    }
    for (int i = 0; i < SUMMARIES; i++) {
      submit(
          Map.of(
              "kind",
              "summarize",
              "input",
              Map.of("text", Files.readString(ROOT.resolve("docs/demo/lighthouses.txt")) + MARKER)),
          Map.of());
    }
    for (String id : jobIds) {
      JsonNode job = waitForTerminal(id);
      assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("succeeded");
      results.add(job.get("result").get("text").asString());
    }
  }

  @AfterAll
  void stop() {
    processes.reversed().forEach(ServiceProcess::close);
    if (receiver != null) {
      receiver.close();
    }
  }

  @Test
  @Order(1)
  void scrapesOfBothServicesCountTheJobsThatRan() {
    PrometheusScrape apiScrape = PrometheusScrape.of(api.baseUrl());
    PrometheusScrape workerScrape = PrometheusScrape.of(worker.baseUrl());
    System.out.println("sample of the API's metrics:\n" + sample(apiScrape));
    System.out.println("sample of the worker's metrics:\n" + sample(workerScrape));

    assertThat(apiScrape.sum("promptly_jobs_submitted_total", Map.of("kind", "chat")))
        .isEqualTo(CHATS);
    assertThat(apiScrape.sum("promptly_jobs_submitted_total", Map.of("kind", "summarize")))
        .isEqualTo(SUMMARIES);
    Map<String, String> chatsDone = Map.of("kind", "chat", "outcome", "succeeded");
    assertThat(workerScrape.sum("promptly_jobs_completed_total", chatsDone)).isEqualTo(CHATS);
    assertThat(workerScrape.sum("promptly_job_end_to_end_seconds_count", chatsDone))
        .isEqualTo(CHATS);
    assertThat(
            workerScrape.sum(
                "promptly_job_end_to_end_seconds_bucket",
                Map.of("kind", "summarize", "outcome", "succeeded", "le", "+Inf")))
        .isEqualTo(SUMMARIES);
    assertThat(workerScrape.sum("promptly_job_queue_wait_seconds_count", Map.of()))
        .isEqualTo(CHATS + SUMMARIES);
    assertThat(workerScrape.sum("promptly_job_execution_seconds_count", Map.of()))
        .isEqualTo(CHATS + SUMMARIES);
    assertThat(
            workerScrape.sum(
                "promptly_llm_calls_total",
                Map.of("provider", "default", "model", "default", "outcome", "success")))
        .isGreaterThanOrEqualTo(CHATS + SUMMARIES);
    assertThat(workerScrape.sum("promptly_llm_tokens_total", Map.of("type", "completion")))
        .isPositive();
    assertThat(workerScrape.sum("promptly_llm_cost_micros_total", Map.of())).isPositive();
    assertThat(workerScrape.sum("promptly_dead_letters_total", Map.of())).isZero();
    for (PrometheusScrape scrape : List.of(apiScrape, workerScrape)) {
      assertThat(scrape.has("promptly_queue_depth", Map.of("queue", "promptly.jobs.ready")))
          .isTrue();
      assertThat(scrape.has("promptly_queue_depth", Map.of("queue", "promptly.jobs.dlq"))).isTrue();
      assertThat(scrape.sum("promptly_outbox_oldest_age_seconds", Map.of())).isZero();
    }
  }

  @Test
  @Order(2)
  void noSeriesNamesAJobATenantOrARequest() throws Exception {
    for (ServiceProcess service : List.of(api, worker)) {
      String text = PrometheusScrape.of(service.baseUrl()).text();
      assertThat(text).doesNotContain(tenantId);
      for (String id : jobIds) {
        assertThat(text).doesNotContain(id);
      }
      assertThat(text).doesNotContain("req_", MARKER);
    }
  }

  @Test
  @Order(3)
  void everyMetricOfTheDashboardAndTheAlertsIsExported() {
    Assumptions.assumeTrue(MonitoringQueries.nodeAvailable(), "node is not installed");
    Set<String> exported = new TreeSet<>(PrometheusScrape.of(api.baseUrl()).names());
    exported.addAll(PrometheusScrape.of(worker.baseUrl()).names());

    Set<String> read = MonitoringQueries.metricsOf(MonitoringQueries.parse(ROOT));
    read.remove("up"); // made by Prometheus itself

    assertThat(read).isNotEmpty();
    assertThat(exported).containsAll(read);
  }

  @Test
  @Order(4)
  void oneTraceGoesFromTheRequestThroughTheMessageIntoTheLlmCall() {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> OtlpTraceReceiver.first(receiver.spansOf(TRACE_ID), "llm.call").isPresent());
    List<ReceivedSpan> trace = receiver.spansOf(TRACE_ID);

    ReceivedSpan request =
        trace.stream()
            .filter(span -> span.kind().equals("SPAN_KIND_SERVER"))
            .filter(span -> span.parentSpanId().equals(CLIENT_SPAN))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no HTTP span of the API in " + trace));
    assertThat(request.service()).isEqualTo("promptly-api");
    ReceivedSpan llmCall = OtlpTraceReceiver.first(trace, "llm.call").orElseThrow();
    assertThat(llmCall.service()).isEqualTo("promptly-worker");
    assertThat(llmCall.attributes())
        .containsEntry("llm.provider", "default")
        .containsEntry("llm.outcome", "success")
        .containsKey("llm.model");
    List<ReceivedSpan> path = OtlpTraceReceiver.ancestry(llmCall, trace);
    assertThat(path.getLast()).isEqualTo(request);
    assertThat(path)
        .extracting(ReceivedSpan::kind)
        .contains("SPAN_KIND_PRODUCER", "SPAN_KIND_CONSUMER");
    assertThat(path).extracting(ReceivedSpan::service).contains("promptly-api", "promptly-worker");
    assertThat(receiver.all().toString()).doesNotContain(MARKER, PROVIDER_KEY, tenantKey);
  }

  @Test
  @Order(5)
  void logLinesAreJsonWithRequestAndTraceIdsAndWithoutPromptsResultsOrKeys() throws Exception {
    List<JsonNode> workerLines = JsonLogLines.read(LOGS.resolve("worker.log"));
    List<JsonNode> apiLines = JsonLogLines.read(LOGS.resolve("api.log"));

    List<JsonNode> workerLinesOfJob =
        workerLines.stream()
            .filter(line -> tracedJobId.equals(JsonLogLines.text(line, "job_id")))
            .toList();
    List<JsonNode> apiLinesOfJob =
        apiLines.stream()
            .filter(line -> JsonLogLines.text(line, "message").contains(tracedJobId))
            .toList();
    assertThat(workerLinesOfJob).isNotEmpty();
    assertThat(apiLinesOfJob).isNotEmpty();
    String requestId = JsonLogLines.text(apiLinesOfJob.getFirst(), "request_id");
    assertThat(requestId).startsWith("req_");
    for (JsonNode line : JsonLogLines.both(workerLinesOfJob, apiLinesOfJob)) {
      assertThat(JsonLogLines.text(line, "traceId")).as("%s", line).isEqualTo(TRACE_ID);
      assertThat(JsonLogLines.text(line, "request_id")).as("%s", line).isEqualTo(requestId);
    }
    String everything =
        Files.readString(LOGS.resolve("api.log")) + Files.readString(LOGS.resolve("worker.log"));
    assertThat(everything).doesNotContain(MARKER, PROVIDER_KEY, tenantKey, ADMIN_KEY);
    for (String result : results) {
      assertThat(everything).doesNotContain(result.strip().lines().findFirst().orElseThrow());
    }
  }

  /** Last: it stops the worker. */
  @Test
  @Order(6)
  void readinessGoesDownWhileAStoppingWorkerFinishesItsJob() throws Exception {
    new EmulatorControl(emulator.baseUrl()).configure(Map.of("latency_ms", 8000));
    String id = submit(ChaosJobs.chatAsking("a slow question"), Map.of());
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> client.get("/v1/jobs/" + id).body().get("status").asString(), "running"::equals);

    worker.signalStop();

    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> worker.statusOf("/actuator/health/readiness") == 503);
    assertThat(worker.statusOf("/actuator/health/liveness")).isEqualTo(200);
    assertThat(waitForTerminal(id).get("status").asString()).isEqualTo("succeeded");
  }

  private ServiceProcess start(String name, String jar, List<String> extraArguments) {
    List<String> arguments = new ArrayList<>();
    services.springProperties().forEach((key, value) -> arguments.add("--" + key + "=" + value));
    arguments.addAll(extraArguments);
    ServiceProcess process = ServiceProcess.start(name, ROOT.resolve(jar), LOGS, arguments);
    processes.add(process);
    return process;
  }

  private static List<String> with(List<String> base, String... more) {
    List<String> all = new ArrayList<>(base);
    all.addAll(List.of(more));
    return all;
  }

  private String submit(Map<String, Object> body, Map<String, String> headers) {
    PromptlyClient.Response accepted = client.post("/v1/jobs", body, headers);
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    String id = accepted.body().get("id").asString();
    jobIds.add(id);
    return id;
  }

  private JsonNode waitForTerminal(String id) {
    JsonNode[] last = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              last[0] = client.get("/v1/jobs/" + id + "?wait=10").body();
              return Set.of("succeeded", "failed", "cancelled")
                  .contains(last[0].get("status").asString());
            });
    return last[0];
  }

  private static String sample(PrometheusScrape scrape) {
    return String.join(
        "\n",
        scrape
            .text()
            .lines()
            .filter(line -> line.startsWith("promptly_") && !line.contains("_bucket{"))
            .toList());
  }

  /** Random lower-case hex ids, as W3C trace context uses. */
  private static final class HexId {
    static String random(int digits) {
      StringBuilder id = new StringBuilder();
      while (id.length() < digits) {
        id.append(UUID.randomUUID().toString().replace("-", ""));
      }
      return id.substring(0, digits);
    }
  }
}
