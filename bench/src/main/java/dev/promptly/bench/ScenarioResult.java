package dev.promptly.bench;

import java.util.List;
import java.util.Map;

/**
 * One scenario's file in a run directory.
 *
 * @param settings how the stack was set up for it (workers, concurrency, model latency ...)
 * @param endToEnd null for a scenario that only submits, or until its jobs are awaited
 * @param submissions kept only while the jobs are still to be awaited by a later command
 */
record ScenarioResult(
    String name,
    Map<String, String> settings,
    String tenantId,
    SubmitResult submit,
    EndToEndResult endToEnd,
    List<Submission> submissions) {

  ScenarioResult {
    settings = Map.copyOf(settings);
  }
}
