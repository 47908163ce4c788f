package dev.promptly.worker.caps;

import dev.promptly.worker.notifications.TenantMemo;
import java.util.List;
import java.util.OptionalInt;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Each tenant's {@code max_concurrent_jobs}, remembered until a change is notified (V24). */
public class TenantCaps {
  /** The channel of V24's trigger on {@code tenants.max_concurrent_jobs}. */
  static final String CHANNEL = "promptly_tenant_caps";

  private final JdbcClient jdbc;
  private final TenantMemo<OptionalInt> memo;

  TenantCaps(JdbcClient jdbc, TenantMemo<OptionalInt> memo) {
    this.jdbc = jdbc;
    this.memo = memo;
  }

  /** The tenant's cap; empty when it has none (or no longer exists). */
  public OptionalInt capOf(String tenantId) {
    return memo.valueOf(tenantId, this::read);
  }

  private OptionalInt read(String tenantId) {
    List<Integer> caps =
        jdbc.sql("SELECT max_concurrent_jobs FROM tenants WHERE id = :id")
            .param("id", tenantId)
            .query((rs, row) -> rs.getObject("max_concurrent_jobs", Integer.class))
            .list();
    return caps.isEmpty() || caps.getFirst() == null
        ? OptionalInt.empty()
        : OptionalInt.of(caps.getFirst());
  }
}
