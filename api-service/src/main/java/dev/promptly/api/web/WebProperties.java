package dev.promptly.api.web;

import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * HTTP-level limits of the API.
 *
 * @param maxBodyBytes largest request body accepted; larger ones get 413 before they are read
 */
@Validated
@ConfigurationProperties("promptly.web")
public record WebProperties(@DefaultValue("1048576") @Positive long maxBodyBytes) {}
