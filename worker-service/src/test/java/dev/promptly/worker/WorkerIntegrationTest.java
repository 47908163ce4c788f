package dev.promptly.worker;

import static org.awaitility.Awaitility.await;

import dev.promptly.dispatch.JobPublisher;
import dev.promptly.jobevents.JobEventChannels;
import dev.promptly.jobstore.JobRecord;
import dev.promptly.jobstore.JobRepository;
import dev.promptly.model.JobStatus;
import dev.promptly.testsupport.TestInfrastructure;
import dev.promptly.testsupport.TestServices;
import dev.promptly.worker.TestJobs.TestJob;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The one Spring context every integration test shares: the worker against real Postgres, RabbitMQ
 * and Redis, and the LLM emulator in this JVM as its provider.
 */
@SpringBootTest(
    classes = PromptlyWorkerApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      // Only the worker's configuration: the emulator's application.properties is on this classpath
      // too.
      "spring.config.location=classpath:/application.yml",
      "promptly.worker.concurrency=6",
      // Retries wait until a test moves them forward, so their outbox rows can be inspected.
      "promptly.worker.retry.min-delay=1h",
      "promptly.worker.schema-wait=10s",
      "promptly.messaging.relay-interval=200ms",
      // Short enough that lost workers, cancels and shutdown show within a test's patience.
      "promptly.worker.lease.duration=3s",
      "promptly.worker.lease.heartbeat-interval=300ms",
      "promptly.worker.reaper.interval=300ms",
      "promptly.worker.shutdown-grace=1500ms",
      // A few provider faults open the circuit; every test starts with it closed.
      "promptly.worker.circuit.sliding-window-size=8",
      "promptly.worker.circuit.minimum-calls=4",
      "promptly.worker.circuit.open-wait=3s",
      "promptly.worker.circuit.delay-jitter=200ms",
      // Webhooks go to a receiver on this machine, and retry within a test's patience: five
      // attempts, 300 ms apart.
      "promptly.webhooks.allow-private-targets=true",
      "promptly.webhooks.retry-schedule=300ms,300ms,300ms,300ms",
      "promptly.webhooks.timeout=1s",
      "promptly.webhooks.lease=5s",
      // The default: answers stream while the job is watched (see ChatIT, LiveAnswersIT).
      "promptly.worker.streaming=when-watched",
      // Provider batches: a file as soon as a job has waited 300 ms, steps and polls within a
      // test's patience (see ProviderBatchRoutingIT).
      "promptly.provider-batches.max-age=300ms",
      "promptly.provider-batches.interval=150ms",
      "promptly.provider-batches.poll-interval=150ms",
      "promptly.provider-batches.retry-delay=200ms",
      // primary falls back to backup, served by a second emulator (the backup provider).
      "promptly.catalog.models.primary.model=primary-model",
      "promptly.catalog.models.primary.context-window=128000",
      "promptly.catalog.models.primary.input-micros-per-million=150000",
      "promptly.catalog.models.primary.output-micros-per-million=600000",
      "promptly.catalog.models.primary.fallback=backup",
      "promptly.catalog.models.backup.model=backup-model",
      "promptly.catalog.models.backup.context-window=128000",
      "promptly.catalog.models.backup.input-micros-per-million=1000000",
      "promptly.catalog.models.backup.output-micros-per-million=2000000",
      "promptly.catalog.models.backup.provider=backup",
      // A small model, so that long documents take many chunks and reduce passes.
      "promptly.catalog.models.small.model=small-model",
      "promptly.catalog.models.small.context-window=4096",
      "promptly.catalog.models.small.input-micros-per-million=150000",
      "promptly.catalog.models.small.output-micros-per-million=600000",
      // A large model that drafts a long document's chunk summaries with a cheap one.
      "promptly.catalog.models.finisher.model=finisher-model",
      "promptly.catalog.models.finisher.context-window=4096",
      "promptly.catalog.models.finisher.input-micros-per-million=5000000",
      "promptly.catalog.models.finisher.output-micros-per-million=15000000",
      "promptly.catalog.models.finisher.draft-model=drafter",
      "promptly.catalog.models.drafter.model=drafter-model",
      "promptly.catalog.models.drafter.context-window=4096",
      "promptly.catalog.models.drafter.input-micros-per-million=150000",
      "promptly.catalog.models.drafter.output-micros-per-million=600000",
      // A model whose catalog window is larger than what its provider accepts.
      "promptly.catalog.models.misjudged.model=misjudged-model",
      "promptly.catalog.models.misjudged.context-window=16000",
      "promptly.catalog.models.misjudged.input-micros-per-million=150000",
      "promptly.catalog.models.misjudged.output-micros-per-million=600000",
      // Billed by the answer only, one micro-dollar a token: a call cut at max_tokens costs
      // exactly its worst case, so budgets can be filled to the call. Served by the emulator of
      // the provider limited, whose calls only the tests that reset it make.
      "promptly.catalog.models.metered.model=metered-model",
      "promptly.catalog.models.metered.context-window=128000",
      "promptly.catalog.models.metered.input-micros-per-million=0",
      "promptly.catalog.models.metered.output-micros-per-million=1000000",
      "promptly.catalog.models.metered.provider=limited",
      // Rate limited by the catalog.
      "promptly.catalog.models.limited.model=limited-model",
      "promptly.catalog.models.limited.context-window=128000",
      "promptly.catalog.models.limited.input-micros-per-million=150000",
      "promptly.catalog.models.limited.output-micros-per-million=600000",
      "promptly.catalog.models.limited.provider=limited",
      "promptly.catalog.models.limited.requests-per-minute=3",
      // No limit in the catalog: what the provider's headers say is all the worker knows.
      "promptly.catalog.models.learned.model=learned-model",
      "promptly.catalog.models.learned.context-window=128000",
      "promptly.catalog.models.learned.input-micros-per-million=150000",
      "promptly.catalog.models.learned.output-micros-per-million=600000",
      "promptly.catalog.models.learned.provider=limited",
      "promptly.catalog.models.paused.model=paused-model",
      "promptly.catalog.models.paused.context-window=128000",
      "promptly.catalog.models.paused.input-micros-per-million=150000",
      "promptly.catalog.models.paused.output-micros-per-million=600000",
      "promptly.catalog.models.paused.provider=limited"
    })
public abstract class WorkerIntegrationTest {
  protected static final TestServices SERVICES = TestInfrastructure.shared();
  protected static final InProcessEmulator EMULATOR;

  /** The provider {@code backup}, which serves the model {@code backup}. */
  protected static final InProcessEmulator BACKUP_EMULATOR;

  /**
   * The provider {@code limited}, which serves the models {@code limited} (rate limited), {@code
   * metered}, {@code learned} and {@code paused} (limited only by what the provider says): tests
   * that count its calls reset it, and no other test leaves work behind for it.
   */
  protected static final InProcessEmulator LIMITED_EMULATOR;

  static {
    // The worker never migrates: the API does. Here the test plays the API.
    Flyway.configure()
        .dataSource(SERVICES.jdbcUrl(), SERVICES.databaseUser(), SERVICES.databasePassword())
        .locations("classpath:db/migration")
        .load()
        .migrate();
    EMULATOR = InProcessEmulator.start();
    BACKUP_EMULATOR = InProcessEmulator.start();
    LIMITED_EMULATOR = InProcessEmulator.start();
  }

  @DynamicPropertySource
  static void services(DynamicPropertyRegistry registry) {
    SERVICES.register(registry);
    registry.add("promptly.llm.base-url", EMULATOR::baseUrl);
    registry.add("promptly.providers.backup.base-url", BACKUP_EMULATOR::baseUrl);
    registry.add("promptly.providers.limited.base-url", LIMITED_EMULATOR::baseUrl);
  }

  @Autowired protected JdbcClient jdbc;
  @Autowired protected JobRepository jobs;
  @Autowired protected JobPublisher publisher;
  @Autowired protected MeterRegistry meters;
  @Autowired protected Clock clock;
  @Autowired protected CircuitBreakerRegistry circuitBreakers;
  @Autowired protected StringRedisTemplate redis;
  @Autowired protected JobEventChannels channels;

  protected TestJobs testJobs;

  @BeforeEach
  void resetEmulatorCircuitsAndFixtures() {
    EMULATOR.reset();
    BACKUP_EMULATOR.reset();
    circuitBreakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
    testJobs = new TestJobs(jdbc, clock);
  }

  protected TestJobs.Builder aQueuedJob() {
    return testJobs.aQueuedJob();
  }

  /** Marks the job as watched, as the API does while a listener is connected to its events. */
  protected TestJob watched(TestJob job) {
    redis.opsForValue().set(channels.watchKeyOf(job.id()), "1", Duration.ofMinutes(1));
    return job;
  }

  protected void publish(TestJob job) {
    publisher.publish(job.priority().wireName(), job.message());
  }

  protected JobRecord job(TestJob job) {
    return jobs.find(job.id()).orElseThrow();
  }

  protected JobRecord awaitStatus(TestJob job, JobStatus status) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> jobs.find(job.id()).orElseThrow().status(), s -> s == status);
    return jobs.find(job.id()).orElseThrow();
  }

  protected long count(String sql, Object... params) {
    JdbcClient.StatementSpec statement = jdbc.sql(sql);
    for (Object param : params) {
      statement = statement.param(param);
    }
    return statement.query(Long.class).single();
  }

  /** The job's events, oldest first, as {@code from>to: detail}. */
  protected java.util.List<String> events(TestJob job) {
    return jdbc.sql(
            "SELECT coalesce(from_status, '-') || '>' || to_status || ': ' || coalesce(detail, '')"
                + " FROM job_events WHERE job_id = ? ORDER BY id")
        .param(job.id())
        .query(String.class)
        .list();
  }

  /** Gives the tenant a budget of {@code limitMicros} a {@code period} (daily or monthly). */
  protected void setBudget(String tenant, String period, long limitMicros) {
    var now = clock.instant().atOffset(java.time.ZoneOffset.UTC);
    jdbc.sql(
            "INSERT INTO tenant_budgets (tenant_id, period, limit_micros, created_at, updated_at)"
                + " VALUES (?, ?, ?, ?, ?)")
        .params(tenant, period, limitMicros, now, now)
        .update();
  }

  /** How many messages the listener settled with this outcome, e.g. {@code duplicate}. */
  protected double messagesSettledAs(String outcome) {
    return meters.counter("promptly.worker.messages", "outcome", outcome).count();
  }
}
