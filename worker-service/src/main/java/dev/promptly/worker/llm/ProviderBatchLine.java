package dev.promptly.worker.llm;

import java.util.Objects;

/**
 * One request of a provider batch file.
 *
 * @param customId the caller's id for the line, unique within the file; the result carries it back
 * @param request the chat call; its timeout is not used, since the provider sets the pace
 */
public record ProviderBatchLine(String customId, ChatRequest request) {

  public ProviderBatchLine {
    Objects.requireNonNull(request, "request");
    if (customId == null || customId.isBlank()) {
      throw new IllegalArgumentException("a batch line needs a custom_id");
    }
  }
}
