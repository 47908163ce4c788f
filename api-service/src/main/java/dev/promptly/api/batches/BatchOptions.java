package dev.promptly.api.batches;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** The options of a batch, bound strictly (an unknown field is an error). */
record BatchOptions(
    @JsonProperty("webhook_url") String webhookUrl,
    @JsonProperty("metadata") Map<String, String> metadata,
    @JsonProperty("completion_window") String completionWindow) {}
