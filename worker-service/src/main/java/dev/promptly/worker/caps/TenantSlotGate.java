package dev.promptly.worker.caps;

import dev.promptly.jobstore.JobRepository;
import dev.promptly.jobstore.JobRepository.Claim;
import dev.promptly.model.JobMessage;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where a claim passes its tenant's concurrency cap: an uncapped tenant's job is claimed by the one
 * plain statement; a capped one's through {@link TenantSlots}, where it takes a slot or parks.
 */
public class TenantSlotGate {
  private final JobRepository jobs;
  private final TenantCaps caps;
  private final TenantSlots slots;

  TenantSlotGate(JobRepository jobs, TenantCaps caps, TenantSlots slots) {
    this.jobs = jobs;
    this.caps = caps;
    this.slots = slots;
  }

  /**
   * Claims the message's job for {@code workerId}; empty when it was not claimed: not waiting for
   * this message, or parked (queued, {@code waiting_for: tenant_concurrency}) because its tenant
   * runs as many jobs as it may.
   */
  public Optional<Claim> claim(
      JobMessage message, String workerId, Instant leaseUntil, String detail) {
    OptionalInt cap = caps.capOf(message.tenantId());
    if (cap.isEmpty()) {
      return jobs.claim(message.jobId(), message.attempt(), workerId, leaseUntil, detail);
    }
    return switch (slots.claim(
        message.tenantId(),
        cap.getAsInt(),
        message.jobId(),
        message.attempt(),
        workerId,
        leaseUntil,
        detail)) {
      case TenantSlots.Claimed claimed -> Optional.of(claimed.claim());
      case TenantSlots.Parked parked -> Optional.empty();
      case TenantSlots.NotWaiting notWaiting -> Optional.empty();
    };
  }

  /** A claimed job of the tenant stopped running, and its ending committed: its slot is free. */
  public void ended(String tenantId) {
    OptionalInt cap = caps.capOf(tenantId);
    if (cap.isPresent()) {
      slots.release(tenantId, cap);
    }
  }
}
