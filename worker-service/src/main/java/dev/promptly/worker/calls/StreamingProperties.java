package dev.promptly.worker.calls;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How answers are received from the provider.
 *
 * @param streaming {@code always}, {@code when-watched} (while a listener is connected to the job's
 *     events, as the API marks in Redis) or {@code never}
 */
@Validated
@ConfigurationProperties("promptly.worker")
public record StreamingProperties(@DefaultValue("when-watched") @NotNull StreamingMode streaming) {}
