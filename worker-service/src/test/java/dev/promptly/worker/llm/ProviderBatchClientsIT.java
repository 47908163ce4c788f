package dev.promptly.worker.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.model.ChatMessage;
import dev.promptly.model.ChatRole;
import dev.promptly.model.ModelCatalog;
import dev.promptly.model.ModelSpec;
import dev.promptly.worker.WorkerIntegrationTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The worker's batch clients reach each provider where its live calls go. */
class ProviderBatchClientsIT extends WorkerIntegrationTest {
  @Autowired ProviderBatchClients clients;
  @Autowired ModelCatalog catalog;

  @Test
  void batchFileOfAModelGoesToThatModelsProvider() {
    ModelSpec backup = catalog.resolve("backup").orElseThrow();
    long backupFiles = BACKUP_EMULATOR.batchCount("files_created");
    long defaultFiles = EMULATOR.batchCount("files_created");
    ChatRequest request =
        new ChatRequest(
            backup.model(),
            List.of(new ChatMessage(ChatRole.USER, "Hello")),
            null,
            null,
            Duration.ofSeconds(10));

    String fileId =
        clients.clientFor(backup).uploadBatchFile(List.of(new ProviderBatchLine("a", request)));

    assertThat(fileId).startsWith("file-");
    assertThat(BACKUP_EMULATOR.batchCount("files_created")).isEqualTo(backupFiles + 1);
    assertThat(EMULATOR.batchCount("files_created")).isEqualTo(defaultFiles);
  }
}
