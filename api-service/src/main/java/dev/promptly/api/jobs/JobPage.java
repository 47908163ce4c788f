package dev.promptly.api.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.promptly.jobstore.JobResource;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** One page of jobs, newest first. */
@Schema(name = "JobList")
@JsonPropertyOrder({"object", "data", "has_more", "next_cursor"})
public record JobPage(
    @JsonProperty("object") @Schema(allowableValues = "list") String object,
    @JsonProperty("data") List<JobResource> data,
    @JsonProperty("has_more") boolean hasMore,
    @JsonProperty("next_cursor") @Schema(nullable = true) String nextCursor) {}
