package dev.promptly.worker.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.jobstore.JobRecord;
import dev.promptly.jobstore.RedisProperties;
import dev.promptly.model.CacheMode;
import dev.promptly.model.ChatInput;
import dev.promptly.model.ChatMessage;
import dev.promptly.model.ChatRole;
import dev.promptly.model.JobStatus;
import dev.promptly.worker.TestJobs.TestJob;
import dev.promptly.worker.WorkerIntegrationTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class ResultCacheIT extends WorkerIntegrationTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Autowired private RedisProperties redisProperties;

  @Test
  void aRepeatedDeterministicChatIsAnsweredFromTheCacheAtNoCost() {
    ChatInput input = chat(0.0, 50);
    TestJob first = run(aQueuedJob().withInput(input).insert());
    TestJob second = aQueuedJob().withInput(input).forTenant(first.tenantId()).insert();

    JobRecord repeated = run(second, JobStatus.SUCCEEDED);

    assertThat(repeated.cached()).isTrue();
    assertThat(job(first).cached()).isFalse();
    assertThat(EMULATOR.requests()).isEqualTo(1);
    assertThat(
            meters.counter("promptly.cache.lookups", "model", "default", "outcome", "hit").count())
        .isPositive();
    ObjectNode result = (ObjectNode) JSON.readTree(repeated.resultJson());
    assertThat(result.remove("cache_hit").asString()).isEqualTo("exact");
    assertThat(result).isEqualTo(JSON.readTree(job(first).resultJson()));
    assertThat(
            count(
                "SELECT count(*) FROM usage_ledger WHERE job_id = ? AND tenant_id = ? AND cached"
                    + " AND cost_micros = 0",
                second.id(),
                first.tenantId()))
        .isEqualTo(1);
  }

  @Test
  void anotherTenantsIdenticalChatIsAModelCallOfItsOwn() {
    ChatInput input = chat(0.0, 50);
    TestJob ofTenantA = run(aQueuedJob().withInput(input).insert());
    TestJob ofTenantB = aQueuedJob().withInput(input).insert();

    JobRecord answered = run(ofTenantB, JobStatus.SUCCEEDED);

    assertThat(ofTenantB.tenantId()).isNotEqualTo(ofTenantA.tenantId());
    assertThat(answered.cached()).isFalse();
    assertThat(answered.costMicros()).isPositive();
    assertThat(EMULATOR.requests()).isEqualTo(2);
    assertThat(
            count(
                "SELECT count(*) FROM usage_ledger WHERE tenant_id = ? AND NOT cached"
                    + " AND cost_micros > 0",
                ofTenantB.tenantId()))
        .isEqualTo(1);
  }

  @Test
  void aJobWithTheCacheOffCallsTheModelEachTime() {
    ChatInput input = chat(0.0, 50);
    TestJob first = run(aQueuedJob().withInput(input).withCacheMode(CacheMode.OFF).insert());
    TestJob second =
        aQueuedJob()
            .withInput(input)
            .withCacheMode(CacheMode.OFF)
            .forTenant(first.tenantId())
            .insert();

    JobRecord repeated = run(second, JobStatus.SUCCEEDED);

    assertThat(repeated.cached()).isFalse();
    assertThat(EMULATOR.requests()).isEqualTo(2);
  }

  @Test
  void aJobWithTheCacheOffNeverFillsItForOthers() {
    ChatInput input = chat(0.0, 50);
    TestJob uncached = run(aQueuedJob().withInput(input).withCacheMode(CacheMode.OFF).insert());
    TestJob cacheable = aQueuedJob().withInput(input).forTenant(uncached.tenantId()).insert();

    JobRecord answered = run(cacheable, JobStatus.SUCCEEDED);

    assertThat(answered.cached()).isFalse();
    assertThat(EMULATOR.requests()).isEqualTo(2);
  }

  @Test
  void anotherMaxTokensIsAMiss() {
    String text = "Repeat after me: " + UUID.randomUUID();
    TestJob first = run(aQueuedJob().withInput(chat(text, 0.0, 50)).insert());
    TestJob second =
        aQueuedJob().withInput(chat(text, 0.0, 60)).forTenant(first.tenantId()).insert();

    JobRecord answered = run(second, JobStatus.SUCCEEDED);

    assertThat(answered.cached()).isFalse();
    assertThat(EMULATOR.requests()).isEqualTo(2);
  }

  @Test
  void anotherTemperatureIsAMiss() {
    String text = "Repeat after me: " + UUID.randomUUID();
    TestJob first = run(aQueuedJob().withInput(chat(text, 0.0, 50)).insert());
    TestJob second =
        aQueuedJob().withInput(chat(text, 0.7, 50)).forTenant(first.tenantId()).insert();

    JobRecord answered = run(second, JobStatus.SUCCEEDED);

    assertThat(answered.cached()).isFalse();
    assertThat(EMULATOR.requests()).isEqualTo(2);
  }

  @Test
  void anEntryOfTheFormerKeyFormatIsNeverRead() {
    ChatInput input = chat(0.0, 50);
    TestJob first = run(aQueuedJob().withInput(input).insert());
    String current =
        redis
            .keys(redisProperties.keyPrefix() + "results:v2:" + first.tenantId() + ":*")
            .iterator()
            .next();
    String hash = current.substring(current.lastIndexOf(':') + 1);
    // What a worker before the fix wrote: no tenant, no version; reachable by any tenant.
    redis
        .opsForValue()
        .set(redisProperties.keyPrefix() + "results:" + hash, redis.opsForValue().get(current));
    TestJob ofAnotherTenant = aQueuedJob().withInput(input).insert();

    JobRecord answered = run(ofAnotherTenant, JobStatus.SUCCEEDED);

    assertThat(answered.cached()).isFalse();
    assertThat(EMULATOR.requests()).isEqualTo(2);
  }

  @Test
  void aChatThatSamplesIsNeverCached() {
    ChatInput input = chat(0.7, 50);
    TestJob first = run(aQueuedJob().withInput(input).insert());
    TestJob second = aQueuedJob().withInput(input).forTenant(first.tenantId()).insert();

    JobRecord answered = run(second, JobStatus.SUCCEEDED);

    assertThat(answered.cached()).isFalse();
    assertThat(EMULATOR.requests()).isEqualTo(2);
  }

  private TestJob run(TestJob job) {
    run(job, JobStatus.SUCCEEDED);
    return job;
  }

  private JobRecord run(TestJob job, JobStatus status) {
    publish(job);
    return awaitStatus(job, status);
  }

  private static ChatInput chat(double temperature, int maxTokens) {
    return chat("Repeat after me: " + UUID.randomUUID(), temperature, maxTokens);
  }

  private static ChatInput chat(String text, double temperature, int maxTokens) {
    return new ChatInput(List.of(new ChatMessage(ChatRole.USER, text)), temperature, maxTokens);
  }
}
