package dev.promptly.worker.caps;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets go of parked jobs ({@code waiting_for: tenant_concurrency}) into the room their tenant has:
 * jobs parked beyond its window at submission as its released ones are claimed, and jobs parked by
 * its cap when a slot frees that no ending announced (a running job the reaper took back, a cap
 * raised or removed). One index probe per tenant with parked jobs, every {@code
 * promptly.scheduling.refill-interval}; a capped tenant's endings release its slot at once (see
 * {@link TenantSlotGate#ended}).
 */
class CapSweeper {
  private static final Logger log = LoggerFactory.getLogger(CapSweeper.class);

  private final TenantSlots slots;

  CapSweeper(TenantSlots slots) {
    this.slots = slots;
  }

  void sweep() {
    try {
      for (String tenant : slots.tenantsWaiting()) {
        slots.release(tenant);
      }
    } catch (RuntimeException e) {
      // Keep the schedule alive through database outages; the next pass tries again.
      log.warn("could not look for parked jobs with a free slot: {}", e.getMessage());
    }
  }
}
