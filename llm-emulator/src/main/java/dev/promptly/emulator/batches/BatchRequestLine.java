package dev.promptly.emulator.batches;

/**
 * One valid line of a batch input file.
 *
 * @param line its 1-based position in the file, for {@code batch_fail_every}
 * @param customId the caller's id, echoed in the output line
 * @param body the chat-completion request, as JSON text
 */
record BatchRequestLine(int line, String customId, String body) {}
