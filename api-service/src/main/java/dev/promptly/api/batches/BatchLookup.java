package dev.promptly.api.batches;

import dev.promptly.api.web.ApiException;
import dev.promptly.batches.BatchIds;
import dev.promptly.batches.BatchReads;
import dev.promptly.batches.BatchRecord;
import org.springframework.stereotype.Component;

/** Finds a tenant's batch; another tenant's batch is reported exactly like a missing one. */
@Component
class BatchLookup {
  private final BatchReads reads;

  BatchLookup(BatchReads reads) {
    this.reads = reads;
  }

  /**
   * @throws ApiException 404 when the batch does not exist or belongs to another tenant
   */
  BatchRecord require(String tenantId, String batchId) {
    if (!BatchIds.isWellFormed(batchId)) {
      throw notFound(batchId);
    }
    return reads
        .find(batchId)
        .filter(batch -> batch.isOwnedBy(tenantId))
        .orElseThrow(() -> notFound(batchId));
  }

  private static ApiException notFound(String batchId) {
    return ApiException.notFound("No batch with id '" + batchId + "'.");
  }
}
