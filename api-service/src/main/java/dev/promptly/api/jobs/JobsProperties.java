package dev.promptly.api.jobs;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Limits and defaults of job submission and polling.
 *
 * @param maxTextChars longest text a summarize job accepts, in characters
 * @param defaultModel model alias used when a job names none
 * @param defaultMaxAttempts attempts a job gets when it does not say
 * @param defaultTimeoutSeconds per-attempt timeout a job gets when it does not say
 * @param waitPollInterval how often {@code GET /v1/jobs/{id}?wait=N} looks at the job again
 * @param groupCommitters how many transactions write waiting submissions at once; each takes every
 *     submission that waits when it starts (group commit), so an idle instance adds no wait
 * @param groupMaxSize the most submissions one group-commit transaction writes
 * @param groupBacklog how many submissions may wait for a committer; beyond that this instance is
 *     taking more than it can write, and answers 503 with Retry-After instead of holding every
 *     request in memory. One full group per committer waiting keeps the committers busy; each
 *     waiting request holds its connection's buffers (about 100 KB of heap: a heap dump of a 384 MB
 *     API that ran out with 2,000 waiting showed 4,000 connections holding 250 MB)
 */
@Validated
@ConfigurationProperties("promptly.jobs")
public record JobsProperties(
    @DefaultValue("400000") @Positive int maxTextChars,
    @DefaultValue("default") @NotBlank String defaultModel,
    @DefaultValue("5") @Min(1) @Max(20) int defaultMaxAttempts,
    @DefaultValue("120") @Min(1) @Max(600) int defaultTimeoutSeconds,
    @DefaultValue("200ms") Duration waitPollInterval,
    @DefaultValue("2") @Min(1) @Max(16) int groupCommitters,
    @DefaultValue("256") @Min(1) @Max(5000) int groupMaxSize,
    @DefaultValue("512") @Min(1) int groupBacklog) {}
