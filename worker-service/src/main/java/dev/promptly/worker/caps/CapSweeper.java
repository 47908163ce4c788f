package dev.promptly.worker.caps;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets go of parked jobs whose tenant has a free slot that no ending announced: a running job the
 * reaper took back or a cancel finished, a cap raised or removed. One query for all tenants at a
 * bounded rate; endings release their tenant's slot at once (see {@link TenantSlotGate#ended}).
 */
class CapSweeper {
  private static final Logger log = LoggerFactory.getLogger(CapSweeper.class);

  private final TenantSlots slots;
  private final TenantCaps caps;
  private final CapsProperties properties;

  CapSweeper(TenantSlots slots, TenantCaps caps, CapsProperties properties) {
    this.slots = slots;
    this.caps = caps;
    this.properties = properties;
  }

  void sweep() {
    try {
      for (String tenant : slots.tenantsWaiting()) {
        slots.release(tenant, caps.capOf(tenant), properties.releaseBatch());
      }
    } catch (RuntimeException e) {
      // Keep the schedule alive through database outages; the next pass tries again.
      log.warn("could not look for parked jobs with a free slot: {}", e.getMessage());
    }
  }
}
