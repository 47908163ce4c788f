package dev.promptly.worker.summaries;

/**
 * A finished summary and what it took.
 *
 * @param text the summary
 * @param finishReason the finish reason of the last call, the one that wrote {@code text}
 * @param refusal the model's refusal of the last call, or null
 * @param chunks how many parts the text was summarized in; 1 when it fit the model at once
 * @param passes rounds of model calls: 1 for a text that fit, else the map round plus each reduce
 *     round
 */
public record Summary(String text, String finishReason, String refusal, int chunks, int passes) {}
