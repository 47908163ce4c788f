package dev.promptly.worker.jobs;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How chat answers are received.
 *
 * @param streaming whether chat jobs stream their answer from the provider, delta by delta, rather
 *     than receive it whole
 */
@ConfigurationProperties("promptly.worker")
public record StreamingProperties(@DefaultValue("false") boolean streaming) {}
