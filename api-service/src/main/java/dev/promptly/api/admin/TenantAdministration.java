package dev.promptly.api.admin;

import dev.promptly.api.auth.ActiveKeyCache;
import dev.promptly.api.auth.ApiKeyRepository;
import dev.promptly.api.auth.ApiKeys;
import dev.promptly.api.web.ApiException;
import dev.promptly.api.webhooks.WebhookSecrets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Creates tenants and manages their budgets, rate limits and API keys. */
@Service
public class TenantAdministration {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final TenantRepository tenants;
  private final ApiKeyRepository keys;
  private final ActiveKeyCache keyCache;
  private final TransactionTemplate transactions;
  private final Clock clock;

  TenantAdministration(
      TenantRepository tenants,
      ApiKeyRepository keys,
      ActiveKeyCache keyCache,
      TransactionTemplate transactions,
      Clock clock) {
    this.tenants = tenants;
    this.keys = keys;
    this.keyCache = keyCache;
    this.transactions = transactions;
    this.clock = clock;
  }

  AdminResources.Tenant create(AdminRequests.CreateTenant request) {
    String id = "ten_" + randomHex(12);
    String secret = WebhookSecrets.generate();
    return transactions.execute(
        status -> {
          Instant now = now();
          if (!tenants.insert(id, request.name(), request.rateLimitOrDefault(), secret, now)) {
            throw ApiException.conflict(
                "conflict", "A tenant named '" + request.name() + "' already exists.");
          }
          if (request.budget() != null) {
            tenants.upsertBudget(
                id, request.budget().period(), request.budget().limitMicros(), now);
          }
          return render(id, secret);
        });
  }

  public AdminResources.Tenant setBudget(String tenantId, AdminRequests.Budget budget) {
    return transactions.execute(
        status -> {
          requireTenant(tenantId);
          tenants.upsertBudget(tenantId, budget.period(), budget.limitMicros(), now());
          return render(tenantId, null);
        });
  }

  public AdminResources.Tenant setRateLimit(
      String tenantId, int rateLimitPerMinute, Integer readRateLimitPerMinute) {
    if (!tenants.updateRateLimit(tenantId, rateLimitPerMinute, readRateLimitPerMinute)) {
      throw noSuchTenant(tenantId);
    }
    // Authentication hands each request its tenant's limit: no replica may keep the old one.
    keyCache.changed();
    return render(tenantId, null);
  }

  /** Caps the tenant's running jobs; workers hear of it from the table's trigger (V24). */
  public AdminResources.Tenant setConcurrency(String tenantId, Integer maxConcurrentJobs) {
    if (!tenants.updateConcurrency(tenantId, maxConcurrentJobs)) {
      throw noSuchTenant(tenantId);
    }
    return render(tenantId, null);
  }

  /** Sets the tenant's semantic cache settings; workers hear of it from the trigger (V38). */
  public AdminResources.CacheSettings setCacheSettings(
      String tenantId, Boolean semanticByDefault, Boolean anyTemperature) {
    return tenants
        .updateCacheSettings(tenantId, semanticByDefault, anyTemperature)
        .orElseThrow(() -> noSuchTenant(tenantId));
  }

  public AdminResources.ApiKey issueKey(String tenantId) {
    requireTenant(tenantId);
    String key = ApiKeys.generate();
    String id = "key_" + randomHex(12);
    Instant now = now();
    keys.insert(id, tenantId, ApiKeys.hash(key), ApiKeys.displayPrefix(key), now);
    return new AdminResources.ApiKey(
        id, "api_key", key, ApiKeys.displayPrefix(key), now.toString());
  }

  public AdminResources.KeyList listKeys(String tenantId) {
    requireTenant(tenantId);
    return new AdminResources.KeyList(
        "list",
        keys.listForTenant(tenantId).stream()
            .map(
                key ->
                    new AdminResources.StoredKey(
                        key.id(),
                        "api_key",
                        key.prefix(),
                        key.createdAt().toString(),
                        key.revokedAt() == null ? null : key.revokedAt().toString()))
            .toList());
  }

  public void revokeKey(String keyId) {
    if (!keys.revoke(keyId, now())) {
      throw ApiException.notFound("No API key with id '" + keyId + "'.");
    }
    keyCache.changed();
  }

  private AdminResources.Tenant render(String tenantId, String webhookSecret) {
    TenantRepository.TenantRow tenant =
        tenants.find(tenantId).orElseThrow(() -> noSuchTenant(tenantId));
    AdminResources.Budget budget =
        tenants
            .findBudget(tenantId)
            .map(row -> new AdminResources.Budget(row.limitMicros() / 1_000_000.0, row.period()))
            .orElse(null);
    return new AdminResources.Tenant(
        tenant.id(),
        "tenant",
        tenant.name(),
        tenant.rateLimits().submissionsPerMinute(),
        tenant.rateLimits().readsPerMinute(),
        tenant.maxConcurrentJobs(),
        budget,
        webhookSecret,
        tenant.createdAt().toString());
  }

  private void requireTenant(String tenantId) {
    if (tenants.find(tenantId).isEmpty()) {
      throw noSuchTenant(tenantId);
    }
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  private static ApiException noSuchTenant(String tenantId) {
    return ApiException.notFound("No tenant with id '" + tenantId + "'.");
  }

  private static String randomHex(int bytes) {
    byte[] random = new byte[bytes];
    RANDOM.nextBytes(random);
    return HexFormat.of().formatHex(random);
  }
}
