package dev.promptly.worker.cache;

import dev.promptly.jobstore.RedisProperties;
import dev.promptly.model.CacheMode;
import dev.promptly.model.ChatMessage;
import dev.promptly.worker.llm.ChatCompletion;
import dev.promptly.worker.prompts.Prompt;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers of deterministic requests (temperature 0) in Redis, one keyspace per tenant: {@code
 * <key-prefix>results:v2:<tenant>:<sha-256 of model, sampling settings and rendered prompt>}. A
 * tenant's request can only ever meet its own earlier answers, so the cache neither answers across
 * tenants nor tells one tenant what another asked. The key never holds the prompt. A Redis failure
 * is a miss.
 *
 * <p>{@code v2}: keys of the first format ({@code results:<hash>}, without the tenant) are never
 * read, so an upgrade cannot serve an entry that another tenant wrote; they expire by their TTL.
 */
public class ResultCache {
  private static final Logger log = LoggerFactory.getLogger(ResultCache.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final StringRedisTemplate redis;
  private final CacheProperties properties;
  private final String keyPrefix;
  private final MeterRegistry meters;
  private final boolean redisEnabled;

  public ResultCache(
      StringRedisTemplate redis,
      RedisProperties redisProperties,
      CacheProperties properties,
      MeterRegistry meters) {
    this.redis = redis;
    this.properties = properties;
    this.keyPrefix = redisProperties.keyPrefix() + "results:v2:";
    this.meters = meters;
    this.redisEnabled = redisProperties.enabled();
  }

  /**
   * Whether this job's answer to the prompt may come from and go to the cache: caching on for the
   * platform and for the job, and sampling deterministic. Without Redis there is no cache.
   */
  public boolean accepts(CacheMode mode, Prompt prompt) {
    return redisEnabled
        && properties.enabled()
        && mode.usesCache()
        && prompt.temperature() != null
        && prompt.temperature() == 0.0;
  }

  /** The tenant's earlier answer to the same request on the same model, if one is cached. */
  public Optional<ChatCompletion> find(String tenantId, String alias, String model, Prompt prompt) {
    String value;
    try {
      value = redis.opsForValue().get(keyOf(tenantId, model, prompt));
    } catch (RuntimeException e) {
      log.warn("result cache unreachable, calling the model: {}", e.getMessage());
      return Optional.empty();
    }
    meters
        .counter(
            "promptly.cache.lookups", "model", alias, "outcome", value == null ? "miss" : "hit")
        .increment();
    if (value == null) {
      return Optional.empty();
    }
    JsonNode node = JSON.readTree(value);
    return Optional.of(
        new ChatCompletion(
            node.get("text").asString(),
            node.get("finish_reason").asString(),
            node.get("prompt_tokens").asInt(),
            node.get("completion_tokens").asInt()));
  }

  /** Keeps an answer; refusals and filtered answers are not worth repeating. */
  public void store(String tenantId, String model, Prompt prompt, ChatCompletion completion) {
    if (completion.isRefusal() || completion.finishReason().equals("content_filter")) {
      return;
    }
    String value =
        JSON.createObjectNode()
            .put("text", completion.text())
            .put("finish_reason", completion.finishReason())
            .put("prompt_tokens", completion.promptTokens())
            .put("completion_tokens", completion.completionTokens())
            .toString();
    try {
      redis.opsForValue().set(keyOf(tenantId, model, prompt), value, properties.ttl());
    } catch (RuntimeException e) {
      log.warn("result cache unreachable, answer not cached: {}", e.getMessage());
    }
  }

  private String keyOf(String tenantId, String model, Prompt prompt) {
    RequestDigest digest = new RequestDigest();
    // Lengths before each part, so that no two different requests hash the same bytes. Every
    // setting that can change the answer is part of the hash; the system prompt is a message.
    digest.add(model);
    digest.add(String.valueOf(prompt.temperature()));
    digest.add(String.valueOf(prompt.maxTokens()));
    for (ChatMessage message : prompt.messages()) {
      digest.add(message.role().name());
      digest.add(message.content());
    }
    // The tenant in clear, not only hashed: an operator can see and drop one tenant's entries.
    return keyPrefix + tenantId + ":" + digest.hex();
  }
}
