package dev.promptly.emulator.batches;

import java.nio.charset.StandardCharsets;

/**
 * A file held in memory: an uploaded batch input, or a batch's output or error file.
 *
 * @param id {@code file-…}
 * @param filename the name it was uploaded under, or the name the emulator gave it
 * @param purpose {@code batch} for inputs, {@code batch_output} for what a batch wrote
 * @param createdAt Unix seconds
 * @param content the bytes, never changed once stored
 */
record StoredFile(String id, String filename, String purpose, long createdAt, byte[] content) {

  FileObject toWire() {
    return new FileObject(id, "file", content.length, createdAt, filename, purpose, "processed");
  }

  String text() {
    return new String(content, StandardCharsets.UTF_8);
  }
}
