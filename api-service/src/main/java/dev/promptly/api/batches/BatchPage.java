package dev.promptly.api.batches;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.promptly.batches.BatchResource;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** One page of batches, newest first. */
@Schema(name = "BatchList")
@JsonPropertyOrder({"object", "data", "has_more", "next_cursor"})
record BatchPage(
    @JsonProperty("object") @Schema(allowableValues = "list") String object,
    @JsonProperty("data") List<BatchResource> data,
    @JsonProperty("has_more") boolean hasMore,
    @JsonProperty("next_cursor") @Schema(nullable = true) String nextCursor) {}
