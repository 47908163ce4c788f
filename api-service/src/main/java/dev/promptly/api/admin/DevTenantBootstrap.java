package dev.promptly.api.admin;

import dev.promptly.api.auth.ApiKeyRepository;
import dev.promptly.api.auth.ApiKeys;
import dev.promptly.api.webhooks.WebhookSecrets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes sure the dev tenant and its key exist when {@code promptly.dev.api-key} is set. Runs after
 * the migrations, and is safe on every restart: existing rows are left as they are.
 */
@Component
class DevTenantBootstrap implements ApplicationRunner {
  static final String TENANT_ID = "ten_dev";
  static final String TENANT_NAME = "dev";
  private static final Logger log = LoggerFactory.getLogger(DevTenantBootstrap.class);

  private final DevProperties properties;
  private final TenantRepository tenants;
  private final ApiKeyRepository keys;
  private final TransactionTemplate transactions;
  private final Clock clock;

  DevTenantBootstrap(
      DevProperties properties,
      TenantRepository tenants,
      ApiKeyRepository keys,
      TransactionTemplate transactions,
      Clock clock) {
    this.properties = properties;
    this.tenants = tenants;
    this.keys = keys;
    this.transactions = transactions;
    this.clock = clock;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (properties.hasApiKey()) {
      transactions.executeWithoutResult(status -> ensureDevTenant(properties.apiKey()));
    }
  }

  void ensureDevTenant(String key) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    tenants.insert(
        TENANT_ID, TENANT_NAME, AdminRequests.DEFAULT_RATE_LIMIT, WebhookSecrets.generate(), now);
    if (tenants.find(TENANT_ID).isEmpty()) {
      log.warn(
          "a tenant named '{}' exists with another id; the dev key was not stored", TENANT_NAME);
      return;
    }
    String hash = ApiKeys.hash(key);
    // The id derives from the hash, so a restart with the same key finds the same row.
    keys.insert(
        "key_dev_" + hash.substring(0, 16), TENANT_ID, hash, ApiKeys.displayPrefix(key), now);
    log.info("dev tenant '{}' ready with key {}...", TENANT_ID, ApiKeys.displayPrefix(key));
  }
}
