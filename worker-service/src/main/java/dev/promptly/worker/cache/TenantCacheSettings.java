package dev.promptly.worker.cache;

/**
 * What an admin set for a tenant's semantic cache ({@code PUT /v1/admin/tenants/{id}/cache}).
 *
 * @param semanticByDefault whether jobs submitted with the default cache mode ({@code exact}) also
 *     use the semantic cache
 * @param anyTemperature whether a sampling request (temperature above 0, or the provider's default)
 *     may be answered from the semantic cache
 */
public record TenantCacheSettings(boolean semanticByDefault, boolean anyTemperature) {
  /** A tenant no admin has set anything for. */
  public static final TenantCacheSettings DEFAULTS = new TenantCacheSettings(false, false);
}
