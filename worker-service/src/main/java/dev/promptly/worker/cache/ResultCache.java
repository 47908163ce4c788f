package dev.promptly.worker.cache;

import dev.promptly.jobstore.RedisProperties;
import dev.promptly.model.ChatMessage;
import dev.promptly.worker.llm.ChatCompletion;
import dev.promptly.worker.prompts.Prompt;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers of deterministic requests (temperature 0) in Redis, under {@code
 * <key-prefix>results:<sha-256 of model and rendered prompt>}: the key never holds the prompt, and
 * the value is the answer, which only a request with the very same prompt can reach. A Redis
 * failure is a miss.
 */
public class ResultCache {
  private static final Logger log = LoggerFactory.getLogger(ResultCache.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final StringRedisTemplate redis;
  private final CacheProperties properties;
  private final String keyPrefix;
  private final MeterRegistry meters;

  public ResultCache(
      StringRedisTemplate redis,
      RedisProperties redisProperties,
      CacheProperties properties,
      MeterRegistry meters) {
    this.redis = redis;
    this.properties = properties;
    this.keyPrefix = redisProperties.keyPrefix() + "results:";
    this.meters = meters;
  }

  /** Whether answers to this prompt may be cached: caching on, and sampling deterministic. */
  public boolean accepts(Prompt prompt) {
    return properties.enabled() && prompt.temperature() != null && prompt.temperature() == 0.0;
  }

  public Optional<ChatCompletion> find(String alias, String model, Prompt prompt) {
    String value;
    try {
      value = redis.opsForValue().get(keyOf(model, prompt));
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
  public void store(String model, Prompt prompt, ChatCompletion completion) {
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
      redis.opsForValue().set(keyOf(model, prompt), value, properties.ttl());
    } catch (RuntimeException e) {
      log.warn("result cache unreachable, answer not cached: {}", e.getMessage());
    }
  }

  private String keyOf(String model, Prompt prompt) {
    MessageDigest digest = sha256();
    // Lengths before each part, so that no two different prompts hash the same bytes.
    update(digest, model);
    update(digest, String.valueOf(prompt.maxTokens()));
    for (ChatMessage message : prompt.messages()) {
      update(digest, message.role().name());
      update(digest, message.content());
    }
    return keyPrefix + HexFormat.of().formatHex(digest.digest());
  }

  private static void update(MessageDigest digest, String part) {
    byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
    digest.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
    digest.update(bytes);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
