package dev.promptly.worker.providerbatches;

import dev.promptly.model.ModelSpec;
import dev.promptly.worker.llm.ProviderBatch;
import dev.promptly.worker.llm.ProviderBatchClients;
import dev.promptly.worker.llm.ProviderBatchLine;
import dev.promptly.worker.llm.ProviderBatchResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The provider batch calls the router makes, per catalog entry: {@link
 * dev.promptly.worker.llm.ProviderBatchClient}'s, behind a seam that a test can break between two
 * steps.
 */
public interface ProviderBatchApi {
  String upload(ModelSpec spec, List<ProviderBatchLine> lines);

  ProviderBatch create(ModelSpec spec, String inputFileId, String fileKey, Map<String, String> m);

  Optional<ProviderBatch> findByFileKey(ModelSpec spec, String fileKey, Instant since);

  ProviderBatch retrieve(ModelSpec spec, String batchId);

  ProviderBatch cancel(ModelSpec spec, String batchId);

  Stream<ProviderBatchResult> download(ModelSpec spec, String fileId);

  /** The calls of the configured providers' clients. */
  static ProviderBatchApi of(ProviderBatchClients clients) {
    return new ProviderBatchApi() {
      @Override
      public String upload(ModelSpec spec, List<ProviderBatchLine> lines) {
        return clients.clientFor(spec).uploadBatchFile(lines);
      }

      @Override
      public ProviderBatch create(
          ModelSpec spec, String inputFileId, String fileKey, Map<String, String> m) {
        return clients.clientFor(spec).createBatch(inputFileId, fileKey, m);
      }

      @Override
      public Optional<ProviderBatch> findByFileKey(ModelSpec spec, String fileKey, Instant since) {
        return clients.clientFor(spec).findBatchByFileKey(fileKey, since);
      }

      @Override
      public ProviderBatch retrieve(ModelSpec spec, String batchId) {
        return clients.clientFor(spec).retrieve(batchId);
      }

      @Override
      public ProviderBatch cancel(ModelSpec spec, String batchId) {
        return clients.clientFor(spec).cancel(batchId);
      }

      @Override
      public Stream<ProviderBatchResult> download(ModelSpec spec, String fileId) {
        return clients.clientFor(spec).download(fileId);
      }
    };
  }
}
