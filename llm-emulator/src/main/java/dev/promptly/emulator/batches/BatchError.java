package dev.promptly.emulator.batches;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One reason a batch input file was refused, in OpenAI's {@code errors.data[]} shape.
 *
 * @param code e.g. {@code invalid_json_line}, {@code duplicate_custom_id}
 * @param message what is wrong, for a person
 * @param param the line's field at fault, or null
 * @param line the 1-based line of the input file, or null when the file as a whole is at fault
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record BatchError(
    @JsonProperty("code") String code,
    @JsonProperty("message") String message,
    @JsonProperty("param") String param,
    @JsonProperty("line") Integer line) {}
