package dev.promptly.api.web;

import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * HTTP-level limits of the API.
 *
 * @param maxBodyBytes largest request body accepted; larger ones get 413 before they are read
 * @param maxSubmissionsInFlight submissions ({@code POST /v1/jobs}, {@code POST /v1/batches}) this
 *     instance handles at once; one more is answered 503 with {@code Retry-After: 1} at once. Each
 *     one in flight holds its request's buffers (about 70 KB of heap, per a heap dump of a 384 MB
 *     API that an open-loop burst ran out of memory with 2,400 submissions in flight)
 * @param maxBatchBodyBytes largest body of {@code POST /v1/batches} (up to 10,000 jobs)
 * @param maxBatchesInFlight batch submissions this instance handles at once, within {@code
 *     maxSubmissionsInFlight}; one more is answered 503 with {@code Retry-After: 1}. A batch in
 *     flight holds its body (up to {@code maxBatchBodyBytes}) and its parsed jobs, several times
 *     that: a thousand of them would need a thousand times the heap of a job submission, and one
 *     batch at a time already keeps Postgres' COPY busy
 */
@Validated
@ConfigurationProperties("promptly.web")
public record WebProperties(
    @DefaultValue("1048576") @Positive long maxBodyBytes,
    @DefaultValue("1024") @Positive int maxSubmissionsInFlight,
    @DefaultValue("67108864") @Positive long maxBatchBodyBytes,
    @DefaultValue("2") @Positive int maxBatchesInFlight) {}
