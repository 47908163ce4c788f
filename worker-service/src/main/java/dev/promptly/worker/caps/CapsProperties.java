package dev.promptly.worker.caps;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How tenants' concurrency caps ({@code max_concurrent_jobs}) are kept.
 *
 * @param lookupTtl how long a tenant's cap is remembered without a change notification; the
 *     notification normally drops it at once
 * @param sweepInterval how often waiting jobs of tenants with a free slot are let go even though no
 *     ending of theirs said so (a job the reaper took back, a cap raised or removed): the bounded
 *     re-check rate, one query for all tenants, not a poll per job
 * @param releaseBatch the most waiting jobs of one tenant let go at once when its cap is removed
 */
@Validated
@ConfigurationProperties("promptly.worker.caps")
public record CapsProperties(
    @DefaultValue("60s") @NotNull Duration lookupTtl,
    @DefaultValue("5s") @NotNull Duration sweepInterval,
    @DefaultValue("1000") @Positive int releaseBatch) {}
