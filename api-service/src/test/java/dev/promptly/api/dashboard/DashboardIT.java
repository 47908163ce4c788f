package dev.promptly.api.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.api.ApiIntegrationTest;
import dev.promptly.api.deadletters.FailedJobs;
import dev.promptly.jobstore.JobRepository;
import dev.promptly.testsupport.TestInfrastructure;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The dashboard's server side over HTTP: sign-in, sessions, CSRF, tenant isolation, escaping. */
class DashboardIT extends ApiIntegrationTest {
  private static final String HOSTILE =
      "<script>alert('x')</script><img src=x onerror=\"alert(1)\">";

  @Autowired JobRepository jobs;
  @Autowired StringRedisTemplate redis;
  private DashboardClient browser;

  @BeforeEach
  void aFreshBrowser() {
    browser = new DashboardClient(port);
  }

  @Test
  void pagesSendAnUnsignedVisitorToTheSignInForm() {
    HttpResponse<String> page = browser.get("/dashboard/jobs");

    assertThat(page.statusCode()).isEqualTo(302);
    assertThat(page.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).endsWith("/dashboard/login"));
  }

  @Test
  void signInFormHasAnApiKeyFieldAndAStrictPolicy() {
    HttpResponse<String> page = browser.get("/dashboard/login");

    assertThat(page.body()).contains("<label for=\"api_key\">API key</label>");
    String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
    assertThat(policy).contains("script-src 'self'").doesNotContain("unsafe-inline");
    assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
  }

  @Test
  void signingInSetsAnHttpOnlyStrictSessionCookieWithoutTheKey() {
    String key = aTenantKey();

    HttpResponse<String> signedIn = browser.signIn(key);

    assertThat(signedIn.statusCode()).isEqualTo(302);
    String cookie =
        signedIn.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith("JSESSIONID="))
            .findFirst()
            .orElseThrow();
    assertThat(cookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict");
    assertThat(cookie).doesNotContain(key);
    assertThat(browser.get("/dashboard").statusCode()).isEqualTo(200);
  }

  @Test
  void aWrongKeyIsRefused() {
    HttpResponse<String> answer = browser.signIn("pk_not-a-key");

    assertThat(answer.statusCode()).isEqualTo(401);
    assertThat(answer.body()).contains("That API key is not valid.");
    assertThat(browser.get("/dashboard").statusCode()).isEqualTo(302);
  }

  @Test
  void signInWithoutTheCsrfTokenIsRejected() {
    String key = aTenantKey();
    browser.get("/dashboard/login");

    HttpResponse<String> answer = browser.post("/dashboard/login", Map.of("api_key", key));

    assertThat(answer.statusCode()).isEqualTo(403);
  }

  @Test
  void cancelWithoutTheCsrfTokenChangesNothing() {
    String key = aTenantKey();
    String jobId = submitted(key, SUMMARIZE).get("id").asString();
    browser.signIn(key);

    HttpResponse<String> answer = browser.post("/dashboard/jobs/" + jobId + "/cancel", Map.of());

    assertThat(answer.statusCode()).isEqualTo(403);
    assertThat(jobs.find(jobId).orElseThrow().status().wireName()).isEqualTo("queued");
  }

  @Test
  void cancelFromAnotherOriginIsRejectedEvenWithTheToken() {
    String key = aTenantKey();
    String jobId = submitted(key, SUMMARIZE).get("id").asString();
    browser.signIn(key);
    String token = DashboardClient.csrfOf(browser.get("/dashboard/jobs/" + jobId).body());

    HttpResponse<String> answer =
        browser.post(
            "/dashboard/jobs/" + jobId + "/cancel",
            Map.of("_csrf", token),
            Map.of("Origin", "https://evil.example"));

    assertThat(answer.statusCode()).isEqualTo(403);
    assertThat(jobs.find(jobId).orElseThrow().status().wireName()).isEqualTo("queued");
  }

  @Test
  void cancelWithTheTokenCancelsAQueuedJob() {
    String key = aTenantKey();
    String jobId = submitted(key, SUMMARIZE).get("id").asString();
    browser.signIn(key);

    HttpResponse<String> answer =
        browser.postFrom(
            "/dashboard/jobs/" + jobId, "/dashboard/jobs/" + jobId + "/cancel", Map.of());

    assertThat(answer.statusCode()).isEqualTo(302);
    assertThat(jobs.find(jobId).orElseThrow().status().wireName()).isEqualTo("cancelled");
  }

  @Test
  void aTenantSeesItsOwnJobsOnly() {
    String mine = aTenantKey();
    String theirs = aTenantKey();
    String myJob = submitted(mine, SUMMARIZE).get("id").asString();
    String theirJob = submitted(theirs, SUMMARIZE).get("id").asString();
    browser.signIn(mine);

    String list = browser.get("/dashboard/jobs").body();
    HttpResponse<String> theirPage = browser.get("/dashboard/jobs/" + theirJob);
    HttpResponse<String> theirEvents = browser.get("/dashboard/jobs/" + theirJob + "/events");

    assertThat(list).contains(myJob).doesNotContain(theirJob);
    assertThat(theirPage.statusCode()).isEqualTo(404);
    assertThat(theirPage.body()).doesNotContain("summary");
    assertThat(theirEvents.statusCode()).isEqualTo(404);
  }

  @Test
  void aTenantFilterDoesNotWidenATenantsView() {
    String mine = aTenantKey();
    String theirs = aTenantKey();
    String theirJob = submitted(theirs, SUMMARIZE).get("id").asString();
    browser.signIn(mine);

    String list = browser.get("/dashboard/jobs?tenant=" + tenantOfKey(theirs)).body();

    assertThat(list).doesNotContain(theirJob);
  }

  @Test
  void aTenantKeyCannotReachTheAdminPages() {
    String key = aTenantKey();
    browser.signIn(key);

    assertThat(browser.get("/dashboard/tenants").statusCode()).isEqualTo(403);
    assertThat(browser.get("/dashboard/dead-letters").statusCode()).isEqualTo(403);
    assertThat(browser.get("/dashboard/tenants/" + tenantOfKey(key)).statusCode()).isEqualTo(403);
  }

  @Test
  void jobTextIsShownEscaped() {
    String key = aTenantKey();
    String body =
        "{\"kind\":\"summarize\",\"input\":{\"text\":\"Some text to sum up.\"},"
            + "\"metadata\":{\"note\":\""
            + HOSTILE.replace("\"", "\\\"")
            + "\"}}";
    String jobId = submitted(key, body).get("id").asString();
    browser.signIn(key);

    String page = browser.get("/dashboard/jobs/" + jobId).body();

    assertThat(page).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    assertThat(page).doesNotContain("<script>alert").doesNotContain("<img src=x");
  }

  @Test
  void aRevokedKeyEndsItsSession() {
    String tenantId = aTenantId();
    var issued = api.post("/v1/admin/tenants/" + tenantId + "/api-keys", ADMIN_KEY).json();
    browser.signIn(issued.get("key").asString());
    assertThat(browser.get("/dashboard").statusCode()).isEqualTo(200);

    api.delete("/v1/admin/api-keys/" + issued.get("id").asString(), ADMIN_KEY);

    assertThat(browser.get("/dashboard").statusCode()).isEqualTo(302);
  }

  @Test
  void theAdminSeesEveryTenantAndReplaysADeadLetter() {
    String key = aTenantKey();
    String jobId = submitted(key, SUMMARIZE).get("id").asString();
    new FailedJobs(jobs, jdbc).fail(jobId, "provider_rejected");
    browser.signIn(ADMIN_KEY);
    assertThat(browser.get("/dashboard/jobs?tenant=" + tenantOfKey(key)).body()).contains(jobId);
    assertThat(browser.get("/dashboard/dead-letters").body()).contains(jobId);

    HttpResponse<String> replayed =
        browser.postFrom(
            "/dashboard/dead-letters", "/dashboard/dead-letters/" + jobId + "/replay", Map.of());

    assertThat(replayed.statusCode()).isEqualTo(302);
    assertThat(jobs.find(jobId).orElseThrow().status().wireName()).isEqualTo("queued");
  }

  @Test
  void theAdminSetsAndRemovesATenantsConcurrencyCap() {
    String tenant = tenantOfKey(aTenantKey());
    String page = "/dashboard/tenants/" + tenant;
    browser.signIn(ADMIN_KEY);

    HttpResponse<String> set =
        browser.postFrom(page, page + "/concurrency", Map.of("max_concurrent_jobs", "3"));
    String shown = browser.get(page).body();
    HttpResponse<String> refused =
        browser.postFrom(page, page + "/concurrency", Map.of("max_concurrent_jobs", "0"));
    Integer afterRefusal = capOf(tenant);
    HttpResponse<String> removed =
        browser.postFrom(page, page + "/concurrency", Map.of("max_concurrent_jobs", ""));

    assertThat(set.statusCode()).isEqualTo(302);
    assertThat(shown)
        .contains(
            "name=\"max_concurrent_jobs\" inputmode=\"numeric\" placeholder=\"no cap\" value=\"3\"");
    assertThat(refused.statusCode()).isEqualTo(302);
    assertThat(afterRefusal).isEqualTo(3);
    assertThat(removed.statusCode()).isEqualTo(302);
    assertThat(capOf(tenant)).isNull();
  }

  private Integer capOf(String tenant) {
    return jdbc.sql("SELECT max_concurrent_jobs FROM tenants WHERE id = ?")
        .param(tenant)
        .query((rs, row) -> rs.getObject(1, Integer.class))
        .list()
        .getFirst();
  }

  @Test
  void theOverviewShowsWhatEachWorkersCircuitsSay() {
    String key = TestInfrastructure.shared().redisKeyPrefix() + "circuits:worker-a-1-abc";
    redis.opsForHash().putAll(key, Map.of("http://provider.example/v1", "open"));
    try {
      browser.signIn(ADMIN_KEY);

      String overview = browser.get("/dashboard").body();

      assertThat(overview)
          .contains("id=\"circuits\"")
          .contains("http://provider.example/v1")
          .contains("worker-a-1-abc")
          .contains(">open<");
    } finally {
      redis.delete(key);
    }
  }

  @Test
  void everyAdminPageRenders() {
    String tenantId = aTenantId();
    browser.signIn(ADMIN_KEY);

    for (String page :
        new String[] {
          "/dashboard",
          "/dashboard/jobs",
          "/dashboard/tenants",
          "/dashboard/tenants/" + tenantId,
          "/dashboard/dead-letters"
        }) {
      assertThat(browser.get(page).statusCode()).as(page).isEqualTo(200);
    }
  }
}
