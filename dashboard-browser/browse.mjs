// The dashboard in a real browser: playwright-core driving the machine's chromium against a running
// Promptly (API, worker, emulator). Usage:
//   node browse.mjs <api base url> <admin key> <emulator base url> <screenshot dir>
// Prints one line per check and exits non-zero on the first failure.
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";

const [apiUrl, adminKey, emulatorUrl, shots] = process.argv.slice(2);
const CHROMIUM = process.env.PROMPTLY_CHROMIUM || "/usr/bin/chromium";
const HOSTILE = `<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">`;
mkdirSync(shots, { recursive: true });

function check(condition, message) {
  if (!condition) {
    throw new Error("check failed: " + message);
  }
  console.log("ok: " + message);
}

async function api(method, path, key, body) {
  const response = await fetch(apiUrl + path, {
    method,
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

async function emulator(settings) {
  const response = await fetch(emulatorUrl + "/emulator/config", {
    method: "PUT",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(settings),
  });
  if (response.status !== 200) {
    throw new Error("emulator config: " + response.status);
  }
}

async function newTenant(name) {
  const tenant = await api("POST", "/v1/admin/tenants", adminKey, {
    name: `${name}-${Date.now()}-${Math.random().toString(16).slice(2)}`,
    rate_limit_per_minute: 6000,
  });
  const key = await api("POST", `/v1/admin/tenants/${tenant.body.id}/api-keys`, adminKey);
  return { id: tenant.body.id, key: key.body.key };
}

async function submit(key, job) {
  const accepted = await api("POST", "/v1/jobs", key, job);
  if (accepted.status !== 202) {
    throw new Error("submit: " + JSON.stringify(accepted));
  }
  return accepted.body.id;
}

async function waitFor(key, id, statuses) {
  for (let i = 0; i < 60; i++) {
    const job = await api("GET", `/v1/jobs/${id}?wait=5`, key);
    if (statuses.includes(job.body.status)) {
      return job.body;
    }
  }
  throw new Error(`job ${id} never reached ${statuses}`);
}

const chat = (content, extra = {}) => ({
  kind: "chat",
  input: { messages: [{ role: "user", content }], max_tokens: 40, temperature: 0.7 },
  cache: "off",
  ...extra,
});

// Every page of a signed-in session reports console errors and uncaught exceptions here.
const problems = [];
function watch(page, who) {
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`${who}: console error: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`${who}: page error: ${error.message}`));
  page.on("dialog", (dialog) => {
    problems.push(`${who}: a dialog opened: ${dialog.message()}`);
    dialog.dismiss();
  });
}

async function signIn(browser, key, who) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  watch(page, who);
  await page.goto(apiUrl + "/dashboard");
  check(page.url().endsWith("/dashboard/login"), `${who}: an unsigned visit lands on the sign-in form`);
  await page.screenshot({ path: `${shots}/sign-in.png` });
  await page.getByLabel("API key").fill(key);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(apiUrl + "/dashboard");
  check(await page.getByRole("heading", { name: /Overview/ }).isVisible(), `${who}: signed in, sees the overview`);
  return { context, page };
}

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const alice = await newTenant("alice");
  const bob = await newTenant("bob");
  const first = await submit(alice.key, {
    kind: "summarize",
    input: { text: "Lighthouses guide ships. They stand on rocks. Keepers once lived in them." },
    metadata: { note: HOSTILE },
  });
  await waitFor(alice.key, first, ["succeeded", "failed"]);

  // A tenant: sign in, find the job submitted through the API, open it.
  const { page } = await signIn(browser, alice.key, "tenant");
  await page.screenshot({ path: `${shots}/overview-tenant.png`, fullPage: true });
  await page.getByRole("link", { name: "Jobs", exact: true }).click();
  await page.screenshot({ path: `${shots}/jobs.png`, fullPage: true });
  await page.getByRole("link", { name: first }).click();
  await page.waitForURL(`${apiUrl}/dashboard/jobs/${first}`);
  check((await page.locator("#job-status").textContent()) === "succeeded", "tenant: the job page shows the job succeeded");
  check((await page.locator("#result-text").textContent()).length > 0, "tenant: the job page shows the result");
  check((await page.locator("#metadata dd").first().textContent()) === HOSTILE, "tenant: hostile metadata is shown as text");
  check((await page.locator("#metadata script, #metadata img").count()) === 0, "tenant: hostile metadata made no element");
  check((await page.evaluate(() => window.__pwned)) === undefined, "tenant: hostile metadata ran no script");
  await page.screenshot({ path: `${shots}/job.png`, fullPage: true });

  // A running chat's answer arrives live.
  await emulator({ ttft_ms: 1500, per_token_ms: 80 });
  const running = await submit(alice.key, chat("Tell me about lighthouses."));
  await page.goto(`${apiUrl}/dashboard/jobs/${running}`);
  await page.waitForFunction(() => Number(document.getElementById("live")?.dataset.deltas || 0) >= 3, null, { timeout: 30000 });
  const partial = await page.locator("#live-text").textContent();
  check(partial.length > 0 && (await page.locator("#live").getAttribute("data-done")) === null,
    "tenant: the running chat's answer streams in before it is done");
  await page.screenshot({ path: `${shots}/job-live.png`, fullPage: true });
  await page.waitForFunction(() => document.getElementById("live").dataset.done === "true", null, { timeout: 30000 });
  const final = await page.locator("#live-text").textContent();
  check((await page.locator("#job-status").textContent()) === "succeeded" && final.length >= partial.length,
    "tenant: the live answer ends with the job succeeded");

  // Cancel one.
  await emulator({ ttft_ms: 4000, per_token_ms: 0 });
  const doomed = await submit(alice.key, chat("A question nobody needs answered."));
  await page.goto(`${apiUrl}/dashboard/jobs/${doomed}`);
  await page.getByRole("button", { name: "Cancel" }).click();
  await page.waitForURL(`${apiUrl}/dashboard/jobs/${doomed}`);
  check(/cancel/i.test(await page.locator(".notice").textContent()), "tenant: cancel is acknowledged");
  const cancelled = await waitFor(alice.key, doomed, ["cancelled", "succeeded", "failed"]);
  check(cancelled.status === "cancelled", "tenant: the job ends cancelled");
  await emulator({ ttft_ms: 0, per_token_ms: 0 });

  // Another tenant sees none of it, and no admin page.
  const other = await browser.newContext();
  const bobPage = await other.newPage();
  await bobPage.goto(apiUrl + "/dashboard/login");
  await bobPage.getByLabel("API key").fill(bob.key);
  await bobPage.getByRole("button", { name: "Sign in" }).click();
  await bobPage.waitForURL(apiUrl + "/dashboard");
  const foreign = await bobPage.goto(`${apiUrl}/dashboard/jobs/${first}`);
  check(foreign.status() === 404 && !(await bobPage.content()).includes("Lighthouses"), "other tenant: the job is not found");
  await bobPage.goto(apiUrl + "/dashboard/jobs");
  check(!(await bobPage.content()).includes(first), "other tenant: the job is not listed");
  const adminPage = await bobPage.goto(apiUrl + "/dashboard/dead-letters");
  check(adminPage.status() === 403, "other tenant: the dead letters page is refused");
  check((await bobPage.goto(apiUrl + "/dashboard/tenants")).status() === 403, "other tenant: the tenants page is refused");
  await other.close();

  // A job that fails for good, replayed from the dead letters by the admin.
  await emulator({ error_rate: 1.0, error_status: 400 });
  const broken = await submit(alice.key, chat("This one the provider refuses.", { max_attempts: 1 }));
  const failed = await waitFor(alice.key, broken, ["failed", "succeeded"]);
  await emulator({ error_rate: 0.0 });
  check(failed.status === "failed", "api: the refused job failed");
  const admin = await signIn(browser, adminKey, "admin");
  await admin.page.screenshot({ path: `${shots}/overview.png`, fullPage: true });
  await admin.page.getByRole("link", { name: "Dead letters" }).click();
  const row = admin.page.locator(`tr[data-job="${broken}"]`);
  check(await row.isVisible(), "admin: the failed job is a dead letter");
  await admin.page.screenshot({ path: `${shots}/dead-letters.png`, fullPage: true });
  await row.getByRole("button", { name: "Replay" }).click();
  check(/queued again/.test(await admin.page.locator(".notice").textContent()), "admin: replay is acknowledged");
  const replayed = await waitFor(alice.key, broken, ["succeeded", "failed"]);
  check(replayed.status === "succeeded", "admin: the replayed job succeeded");
  await admin.page.getByRole("link", { name: "Tenants" }).click();
  await admin.page.screenshot({ path: `${shots}/tenants.png`, fullPage: true });
  await admin.page.getByRole("link", { name: /alice-/ }).first().click();
  check(await admin.page.getByRole("heading", { name: /Tenant alice-/ }).isVisible(), "admin: a tenant's page opens");
  await admin.page.screenshot({ path: `${shots}/tenant.png`, fullPage: true });
  await admin.page.goto(`${apiUrl}/dashboard/jobs/${broken}`);
  await admin.page.screenshot({ path: `${shots}/job-admin.png`, fullPage: true });

  check(problems.length === 0, "no console errors, page errors or dialogs" + (problems.length ? ":\n" + problems.join("\n") : ""));
} finally {
  await browser.close();
}
