package dev.promptly.worker.jobs;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long a claim on a job lasts.
 *
 * @param margin added to the job's timeout_seconds: the model call cannot outlive the timeout, so a
 *     lease that has expired means its worker is gone
 */
@Validated
@ConfigurationProperties("promptly.worker.lease")
public record LeaseProperties(@DefaultValue("30s") @NotNull Duration margin) {}
