// A webhook receiver for Promptly's tests. Every request is checked with the official Standard
// Webhooks library (not Promptly's code) against each secret the test registered, and logged.
//
//   node receiver.mjs PORT
//
// Behaviour by path (the last segment is the test's own name, so tests never share a log):
//   /ok/NAME               200
//   /fail/N/NAME           500 to the first N requests of each webhook-id, then 200
//   /gone/NAME             410
//   /redirect/NAME?to=URL  302 to URL
//   /slow/MS/NAME          200 after MS milliseconds
// Control: POST /_secrets {"name": "whsec_..."} adds secrets; GET /_log?prefix=/ok/NAME lists
// what arrived under that prefix.
import http from "node:http";
import { Webhook } from "standardwebhooks";

const port = Number(process.argv[2]);
const secrets = new Map();
const log = [];
const failures = new Map();

function verifiedWith(body, headers) {
  const names = [];
  for (const [name, secret] of secrets) {
    try {
      new Webhook(secret).verify(body, headers);
      names.push(name);
    } catch {
      // Not signed with this secret (or not at all): the name is left out.
    }
  }
  return names;
}

function reply(res, status, headers = {}) {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify({ status }));
}

function respond(req, res, url, body) {
  const parts = url.pathname.split("/").filter(Boolean);
  const id = req.headers["webhook-id"] ?? "";
  switch (parts[0]) {
    case "ok":
      return reply(res, 200);
    case "gone":
      return reply(res, 410);
    case "redirect":
      return reply(res, 302, { location: url.searchParams.get("to") });
    case "slow":
      return setTimeout(() => reply(res, 200), Number(parts[1]));
    case "fail": {
      const seen = (failures.get(id) ?? 0) + 1;
      failures.set(id, seen);
      return reply(res, seen <= Number(parts[1]) ? 500 : 200);
    }
    default:
      return reply(res, 404);
  }
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    const receivedAt = Date.now();
    const url = new URL(req.url, "http://receiver");
    const body = Buffer.concat(chunks).toString("utf8");
    if (url.pathname === "/_secrets" && req.method === "POST") {
      for (const [name, secret] of Object.entries(JSON.parse(body))) secrets.set(name, secret);
      return reply(res, 204);
    }
    if (url.pathname === "/_log") {
      const prefix = url.searchParams.get("prefix") ?? "/";
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(JSON.stringify(log.filter((entry) => entry.path.startsWith(prefix))));
    }
    let parsed = null;
    try {
      parsed = JSON.parse(body);
    } catch {
      // Logged as unparsed: the test decides whether that matters.
    }
    log.push({
      path: url.pathname,
      method: req.method,
      received_at_ms: receivedAt,
      webhook_id: req.headers["webhook-id"] ?? null,
      webhook_timestamp: req.headers["webhook-timestamp"] ?? null,
      signatures: (req.headers["webhook-signature"] ?? "").split(" ").filter(Boolean).length,
      content_type: req.headers["content-type"] ?? null,
      user_agent: req.headers["user-agent"] ?? null,
      verified_with: verifiedWith(body, req.headers),
      body,
      type: parsed?.type ?? null,
      job_id: parsed?.data?.id ?? null,
      job_status: parsed?.data?.status ?? null,
    });
    respond(req, res, url, body);
  });
});

server.listen(port, "127.0.0.1", () => console.log(`listening on ${port}`));
