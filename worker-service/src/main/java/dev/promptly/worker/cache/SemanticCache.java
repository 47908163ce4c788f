package dev.promptly.worker.cache;

import dev.promptly.model.CacheMode;
import dev.promptly.model.ChatMessage;
import dev.promptly.model.ChatRole;
import dev.promptly.model.ModelSpec;
import dev.promptly.worker.llm.ChatCompletion;
import dev.promptly.worker.llm.Embedding;
import dev.promptly.worker.llm.EmbeddingGateway;
import dev.promptly.worker.notifications.TenantMemo;
import dev.promptly.worker.prompts.Prompt;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Answers a request from an earlier answer of the same tenant to a request that means the same: the
 * request's text (its conversation without the system prompt) is embedded, and compared with the
 * embeddings of earlier answered requests of the same partition: tenant, model, system prompt and
 * sampling settings, hashed. Above {@link SemanticCacheProperties#similarityThreshold} the earlier
 * answer is the answer. Refused and cut-off answers are never kept. The embedding call itself is
 * the caller's to make and bill ({@link #embed}), so that it is charged like any model call.
 */
public class SemanticCache {
  private static final Logger log = LoggerFactory.getLogger(SemanticCache.class);

  private final SemanticStore store;
  private final SemanticCacheProperties properties;
  private final Optional<EmbeddingGateway> embeddings;
  private final TenantMemo<TenantCacheSettings> settings;
  private final JdbcClient jdbc;
  private final Clock clock;
  private final ModelSpec embeddingSpec;
  private final Map<String, AtomicInteger> storesSincePrune = new ConcurrentHashMap<>();

  public SemanticCache(
      SemanticStore store,
      SemanticCacheProperties properties,
      Optional<EmbeddingGateway> embeddings,
      TenantMemo<TenantCacheSettings> settings,
      JdbcClient jdbc,
      Clock clock) {
    this.store = store;
    this.properties = properties;
    this.embeddings = embeddings;
    this.settings = settings;
    this.jdbc = jdbc;
    this.clock = clock;
    // The embedding model priced like a catalog entry, so that its calls are billed the same way.
    this.embeddingSpec =
        new ModelSpec(
            "embeddings",
            properties.embeddingModel(),
            8191,
            properties.inputMicrosPerMillion(),
            0,
            null,
            properties.provider());
    if (properties.enabled() && embeddings.isEmpty()) {
      log.warn(
          "semantic cache off: promptly.semantic-cache.provider '{}' is not a configured provider",
          properties.provider());
    }
  }

  /**
   * Whether this job's request may be answered from, and its answer kept in, the semantic cache:
   * the job asks for it (or asks for the default and its tenant uses it by default), the database
   * holds the cache, and the request does not sample unless its tenant allows that.
   */
  public boolean accepts(String tenantId, CacheMode mode, Prompt prompt) {
    if (!properties.enabled() || embeddings.isEmpty() || !store.isAvailable()) {
      return false;
    }
    if (mode == CacheMode.OFF) {
      return false;
    }
    TenantCacheSettings tenant = settings.valueOf(tenantId, this::readSettings);
    if (mode == CacheMode.EXACT && !tenant.semanticByDefault()) {
      return false;
    }
    boolean deterministic = prompt.temperature() != null && prompt.temperature() == 0.0;
    return deterministic || tenant.anyTemperature();
  }

  /** The embedding model's price, for the caller to reserve and bill its call. */
  public ModelSpec embeddingSpec() {
    return embeddingSpec;
  }

  /** Embeds the request; the caller bills it. Only after {@link #accepts} said yes. */
  public Embedding embed(Prompt prompt, Duration timeout) {
    return embeddings
        .orElseThrow()
        .embed(properties.embeddingModel(), properties.dimensions(), textOf(prompt), timeout);
  }

  /** The text that is embedded: the conversation without its system prompt. */
  public static String textOf(Prompt prompt) {
    return prompt.messages().stream()
        .filter(message -> message.role() != ChatRole.SYSTEM)
        .map(ChatMessage::content)
        .collect(Collectors.joining("\n"));
  }

  /** The tenant's earlier answer to a request that means the same, if one is close enough. */
  public Optional<SemanticHit> find(
      String tenantId, ModelSpec spec, Prompt prompt, float[] vector) {
    Optional<SemanticHit> nearest =
        store.nearest(tenantId, partitionOf(spec, prompt), vector, clock.instant());
    return nearest.filter(hit -> hit.similarity() >= properties.similarityThreshold());
  }

  /** Keeps an answer that finished; refusals and cut-off or filtered answers are not repeated. */
  public void store(
      String tenantId, ModelSpec spec, Prompt prompt, float[] vector, ChatCompletion completion) {
    if (completion.isRefusal() || !completion.finishReason().equals("stop")) {
      return;
    }
    Instant now = clock.instant();
    store.add(
        tenantId,
        partitionOf(spec, prompt),
        spec.model(),
        vector,
        completion,
        spec.costMicros(completion.promptTokens(), completion.completionTokens()),
        now,
        now.plus(properties.ttl()));
    AtomicInteger stores = storesSincePrune.computeIfAbsent(tenantId, id -> new AtomicInteger());
    if (stores.incrementAndGet() >= properties.pruneEvery()) {
      stores.set(0);
      store.prune(tenantId, properties.maxEntriesPerTenant(), now);
    }
  }

  /** Drops the tenant's expired entries and its oldest beyond the bound, now. */
  public int prune(String tenantId) {
    return store.prune(tenantId, properties.maxEntriesPerTenant(), clock.instant());
  }

  private TenantCacheSettings readSettings(String tenantId) {
    return jdbc.sql(
            "SELECT semantic_cache_default, semantic_cache_any_temperature FROM tenants"
                + " WHERE id = ?")
        .param(tenantId)
        .query((rs, row) -> new TenantCacheSettings(rs.getBoolean(1), rs.getBoolean(2)))
        .optional()
        .orElse(TenantCacheSettings.DEFAULTS);
  }

  // Everything but the conversation that can change the answer: the same question asked with
  // another system prompt, model, temperature or length limit is another question.
  static String partitionOf(ModelSpec spec, Prompt prompt) {
    RequestDigest digest = new RequestDigest();
    digest.add(spec.model());
    digest.add(String.valueOf(prompt.temperature()));
    digest.add(String.valueOf(prompt.maxTokens()));
    for (ChatMessage message : prompt.messages()) {
      if (message.role() == ChatRole.SYSTEM) {
        digest.add(message.content());
      }
    }
    return digest.hex();
  }
}
