package dev.promptly.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.api.ApiIntegrationTest;
import dev.promptly.api.HttpResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class JobQueryIT extends ApiIntegrationTest {

  @Test
  void anotherTenantsJobDoesNotExistForYou() {
    String owner = aTenantKey();
    String stranger = aTenantKey();
    String id = submitted(owner, SUMMARIZE).get("id").asString();

    HttpResult read = api.get("/v1/jobs/" + id, stranger);
    HttpResult cancel = api.post("/v1/jobs/" + id + "/cancel", stranger);

    assertThat(read.status()).isEqualTo(404);
    assertThat(read.json().get("code").asString()).isEqualTo("not_found");
    assertThat(cancel.status()).isEqualTo(404);
    assertThat(api.get("/v1/jobs/" + id, owner).status()).isEqualTo(200);
  }

  @Test
  void malformedOrUnknownIdsAreNotFound() {
    String key = aTenantKey();

    assertThat(api.get("/v1/jobs/not-a-job-id", key).status()).isEqualTo(404);
    assertThat(api.get("/v1/jobs/job_" + "0".repeat(32), key).status()).isEqualTo(404);
  }

  @Test
  void listingPagesThroughJobsNewestFirstWithoutDuplicates() {
    String key = aTenantKey();
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      created.add(submitted(key, SUMMARIZE).get("id").asString());
    }

    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    boolean hasMore;
    do {
      JsonNode page = listed(key, "?limit=2" + (cursor == null ? "" : "&after=" + cursor));
      pages++;
      page.get("data").forEach(job -> seen.add(job.get("id").asString()));
      hasMore = page.get("has_more").asBoolean();
      cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asString();
      assertThat(page.get("object").asString()).isEqualTo("list");
      assertThat(cursor == null).isEqualTo(!hasMore);
    } while (hasMore);

    assertThat(pages).isEqualTo(3);
    assertThat(seen).containsExactlyElementsOf(created.reversed());
  }

  @Test
  void listingFiltersByStatusAndKind() {
    String key = aTenantKey();
    String chat = submitted(key, CHAT).get("id").asString();
    String summary = submitted(key, SUMMARIZE).get("id").asString();
    api.post("/v1/jobs/" + summary + "/cancel", key);

    assertThat(ids(listed(key, "?kind=chat"))).containsExactly(chat);
    assertThat(ids(listed(key, "?status=cancelled"))).containsExactly(summary);
    assertThat(ids(listed(key, "?status=queued&kind=summarize"))).isEmpty();
    assertThat(ids(listed(key, ""))).containsExactly(summary, chat);
  }

  @Test
  void listingRefusesInvalidFilters() {
    String key = aTenantKey();

    HttpResult result = api.get("/v1/jobs?status=done&kind=poem&limit=101&after=nope", key);

    assertThat(result.status()).isEqualTo(400);
    List<String> fields = new ArrayList<>();
    result.json().get("errors").forEach(error -> fields.add(error.get("field").asString()));
    assertThat(fields).containsExactly("status", "kind", "limit", "after");
    assertThat(api.get("/v1/jobs?limit=0", key).status()).isEqualTo(400);
    assertThat(api.get("/v1/jobs?limit=2.5", key).status()).isEqualTo(400);
  }

  @Test
  void waitingOnAQueuedJobReturnsItStillQueuedAfterTheWait() {
    String key = aTenantKey();
    String id = submitted(key, SUMMARIZE).get("id").asString();

    long start = System.nanoTime();
    HttpResult result = api.get("/v1/jobs/" + id + "?wait=1", key);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(result.status()).isEqualTo(200);
    assertThat(result.json().get("status").asString()).isEqualTo("queued");
    assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));
  }

  @Test
  void waitingOnAFinishedJobReturnsAtOnce() {
    String key = aTenantKey();
    String id = submitted(key, SUMMARIZE).get("id").asString();
    api.post("/v1/jobs/" + id + "/cancel", key);

    long start = System.nanoTime();
    HttpResult result = api.get("/v1/jobs/" + id + "?wait=30", key);

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(result.json().get("status").asString()).isEqualTo("cancelled");
  }

  @Test
  void waitOutsideZeroToSixtySecondsIsRefused() {
    String key = aTenantKey();
    String id = submitted(key, SUMMARIZE).get("id").asString();

    for (String wait : List.of("61", "-1", "abc", "1.5")) {
      HttpResult result = api.get("/v1/jobs/" + id + "?wait=" + wait, key);
      assertThat(result.status()).as("wait=" + wait).isEqualTo(400);
      assertThat(result.json().get("errors").get(0).get("field").asString()).isEqualTo("wait");
    }
  }

  private JsonNode listed(String key, String query) {
    HttpResult result = api.get("/v1/jobs" + query, key);
    assertThat(result.status()).as(result.body()).isEqualTo(200);
    return result.json();
  }

  private static List<String> ids(JsonNode page) {
    List<String> ids = new ArrayList<>();
    page.get("data").forEach(job -> ids.add(job.get("id").asString()));
    return ids;
  }
}
