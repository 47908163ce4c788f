package dev.promptly.emulator.batches;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** OpenAI's file object, as {@code POST /v1/files} and {@code GET /v1/files/{id}} answer it. */
@JsonInclude(JsonInclude.Include.ALWAYS)
record FileObject(
    @JsonProperty("id") String id,
    @JsonProperty("object") String object,
    @JsonProperty("bytes") long bytes,
    @JsonProperty("created_at") long createdAt,
    @JsonProperty("filename") String filename,
    @JsonProperty("purpose") String purpose,
    @JsonProperty("status") String status) {}
