package dev.promptly.api.batches;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The JSON body of {@code POST /v1/batches} as sent; for the OpenAPI document. {@link
 * BatchRequestReader} reads the jobs one by one, with the reader of {@code POST /v1/jobs}.
 */
@Schema(name = "BatchRequest")
record BatchRequest(
    @JsonProperty("jobs")
        @Schema(
            requiredMode = Schema.RequiredMode.REQUIRED,
            description =
                "1 to 10,000 jobs: each a POST /v1/jobs body plus an optional custom_id (at most"
                    + " 64 characters, unique within the batch)")
        List<JsonNode> jobs,
    @JsonProperty("webhook_url")
        @Schema(format = "uri", description = "Receives batch.completed (data: the batch)")
        String webhookUrl,
    @JsonProperty("metadata") @Schema(description = "At most 16 string pairs")
        Map<String, String> metadata,
    @JsonProperty("completion_window")
        @Schema(nullable = true, description = "null: run now (\"24h\" is not supported yet)")
        String completionWindow) {}
