package dev.promptly.worker.attempts;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the worker's completer writes the ends of attempts.
 *
 * @param batchSize the most endings one completer transaction writes; it takes every ending waiting
 *     when it becomes free, so a quiet worker writes each ending at once
 * @param backlog how many endings may wait for the completer; a job whose ending finds it full
 *     waits (with its message unacknowledged), which slows consumption instead of piling up work
 */
@Validated
@ConfigurationProperties("promptly.worker.completer")
public record CompleterProperties(
    @DefaultValue("200") @Min(1) @Max(5000) int batchSize,
    @DefaultValue("20000") @Min(1) int backlog) {}
