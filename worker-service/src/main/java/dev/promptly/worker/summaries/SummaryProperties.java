package dev.promptly.worker.summaries;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Summaries of texts longer than the model's context window: split, summarize the chunks
 * concurrently (map), then summarize the summaries (reduce) until one is left.
 *
 * @param maxParallelChunks model calls one job makes at the same time
 * @param maxParallelCalls model calls of all summaries of this worker at the same time
 * @param chunkSummaryWords word limit of each chunk's summary and of each intermediate reduce
 * @param overlapTokens at most this many tokens of a chunk's tail (a whole sentence or paragraph)
 *     are repeated at the start of the next chunk
 */
@Validated
@ConfigurationProperties("promptly.worker.summaries")
public record SummaryProperties(
    @DefaultValue("4") @Min(1) int maxParallelChunks,
    @DefaultValue("32") @Min(1) int maxParallelCalls,
    @DefaultValue("200") @Min(10) int chunkSummaryWords,
    @DefaultValue("64") @Min(0) int overlapTokens) {}
