package dev.promptly.worker.prompts;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How job inputs become prompts.
 *
 * @param summaryTemperature sampling temperature of summarization calls; low, so that summaries
 *     stay close to the text
 * @param summaryTokensPerWord generation budget per requested summary word ({@code max_tokens} =
 *     words × this + 50), generous so that a summary within its word limit is never cut off
 */
@Validated
@ConfigurationProperties("promptly.prompts")
public record PromptProperties(
    @DefaultValue("0.2") @DecimalMin("0") @DecimalMax("2") double summaryTemperature,
    @DefaultValue("2.0") @DecimalMin("1") double summaryTokensPerWord) {}
