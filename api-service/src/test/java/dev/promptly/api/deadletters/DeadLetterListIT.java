package dev.promptly.api.deadletters;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.api.ApiIntegrationTest;
import dev.promptly.api.HttpResult;
import dev.promptly.jobstore.JobRepository;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class DeadLetterListIT extends ApiIntegrationTest {
  private static final String DEAD_LETTERS = "/v1/admin/dead-letters";

  @Autowired JobRepository jobs;
  private FailedJobs failedJobs;

  @BeforeEach
  void failedJobs() {
    failedJobs = new FailedJobs(jobs, jdbc);
  }

  @Test
  void listsATenantsUnreplayedDeadLettersNewestFirstWithTheirFailure() {
    String key = aTenantKey();
    String tenant = tenantOfKey(key);
    String older = aFailedJob(key, "attempts_exhausted");
    String newer = aFailedJob(key, "provider_rejected");

    HttpResult result = api.get(DEAD_LETTERS + "?tenant_id=" + tenant, ADMIN_KEY);

    assertThat(result.status()).isEqualTo(200);
    JsonNode page = result.json();
    assertThat(page.get("object").asString()).isEqualTo("list");
    assertThat(jobIdsOf(page)).containsExactly(newer, older);
    assertThat(page.get("has_more").asBoolean()).isFalse();
    assertThat(page.get("next_cursor").isNull()).isTrue();
    JsonNode deadLetter = page.get("data").get(0);
    assertThat(deadLetter.get("id").asString()).matches("dl_\\d+");
    assertThat(deadLetter.get("object").asString()).isEqualTo("dead_letter");
    assertThat(deadLetter.get("tenant_id").asString()).isEqualTo(tenant);
    assertThat(deadLetter.get("error").get("code").asString()).isEqualTo("provider_rejected");
    assertThat(deadLetter.get("error").get("message").asString())
        .isEqualTo(FailedJobs.ERROR_MESSAGE);
    assertThat(deadLetter.get("attempts").asInt()).isEqualTo(1);
    assertThat(Instant.parse(deadLetter.get("failed_at").asString())).isBefore(Instant.now());
    assertThat(deadLetter.get("replayed_at").isNull()).isTrue();
  }

  @Test
  void withoutATenantFilterListsEveryTenant() {
    String first = aFailedJob(aTenantKey(), "timeout");
    String second = aFailedJob(aTenantKey(), "timeout");

    JsonNode page = api.get(DEAD_LETTERS + "?limit=2", ADMIN_KEY).json();

    assertThat(jobIdsOf(page)).containsExactly(second, first);
  }

  @Test
  void pagesThroughDeadLettersWithTheCursor() {
    String key = aTenantKey();
    String tenant = tenantOfKey(key);
    String oldest = aFailedJob(key, "timeout");
    String middle = aFailedJob(key, "timeout");
    String newest = aFailedJob(key, "timeout");

    JsonNode first = api.get(DEAD_LETTERS + "?limit=2&tenant_id=" + tenant, ADMIN_KEY).json();
    String cursor = first.get("next_cursor").asString();
    JsonNode second =
        api.get(DEAD_LETTERS + "?limit=2&tenant_id=" + tenant + "&after=" + cursor, ADMIN_KEY)
            .json();

    assertThat(jobIdsOf(first)).containsExactly(newest, middle);
    assertThat(first.get("has_more").asBoolean()).isTrue();
    assertThat(cursor).isEqualTo(first.get("data").get(1).get("id").asString());
    assertThat(jobIdsOf(second)).containsExactly(oldest);
    assertThat(second.get("has_more").asBoolean()).isFalse();
  }

  @Test
  void replayedDeadLettersAreListedOnlyWhenAskedFor() {
    String key = aTenantKey();
    String tenant = tenantOfKey(key);
    String replayed = aFailedJob(key, "timeout");
    String waiting = aFailedJob(key, "timeout");
    assertThat(api.post("/v1/admin/jobs/" + replayed + "/retry", ADMIN_KEY).status())
        .isEqualTo(200);

    JsonNode unreplayed = api.get(DEAD_LETTERS + "?tenant_id=" + tenant, ADMIN_KEY).json();
    JsonNode all =
        api.get(DEAD_LETTERS + "?include_replayed=true&tenant_id=" + tenant, ADMIN_KEY).json();

    assertThat(jobIdsOf(unreplayed)).containsExactly(waiting);
    assertThat(jobIdsOf(all)).containsExactly(waiting, replayed);
    assertThat(all.get("data").get(1).get("replayed_at").asString()).endsWith("Z");
  }

  @Test
  void refusesInvalidListParameters() {
    HttpResult result =
        api.get(DEAD_LETTERS + "?tenant_id=&include_replayed=yes&after=job_1&limit=101", ADMIN_KEY);

    assertThat(result.status()).isEqualTo(400);
    assertThat(result.json().get("errors").findValuesAsString("field"))
        .containsExactly("tenant_id", "include_replayed", "after", "limit");
  }

  @Test
  void listingDeadLettersNeedsTheAdminKey() {
    assertThat(api.get(DEAD_LETTERS, aTenantKey()).status()).isEqualTo(403);
    assertThat(api.get(DEAD_LETTERS, null).status()).isEqualTo(401);
  }

  private String aFailedJob(String key, String errorCode) {
    return failedJobs.fail(submitted(key, SUMMARIZE).get("id").asString(), errorCode);
  }

  private static List<String> jobIdsOf(JsonNode page) {
    return page.get("data").findValuesAsString("job_id");
  }
}
