// Promptly dashboard: the one script, same origin (the Content-Security-Policy allows no other and
// no inline script). It streams a running job's answer into its page from the job's event stream.
"use strict";

(function () {
  const live = document.getElementById("live");
  if (!live) {
    return;
  }
  const text = document.getElementById("live-text");
  const status = document.getElementById("job-status");
  let deltas = 0;
  const source = new EventSource(live.dataset.events);

  function showStatus(job) {
    status.textContent = job.status;
    status.className = "status status-" + job.status;
  }

  source.addEventListener("status", (event) => showStatus(JSON.parse(event.data)));
  source.addEventListener("delta", (event) => {
    // textContent, never innerHTML: the answer is the model's text, shown as text.
    text.textContent += JSON.parse(event.data).text;
    deltas += 1;
    live.dataset.deltas = String(deltas);
  });
  source.addEventListener("done", (event) => {
    source.close();
    const job = JSON.parse(event.data);
    showStatus(job);
    if (job.result && typeof job.result.text === "string") {
      text.textContent = job.result.text;
    } else if (job.error) {
      text.textContent = job.error.code + ": " + (job.error.message || "");
    }
    live.dataset.done = "true";
  });
})();
