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
 * @param releaseBatch the most parked jobs of one tenant let go at once
 */
@Validated
@ConfigurationProperties("promptly.worker.caps")
public record CapsProperties(
    @DefaultValue("60s") @NotNull Duration lookupTtl,
    @DefaultValue("1000") @Positive int releaseBatch) {}
