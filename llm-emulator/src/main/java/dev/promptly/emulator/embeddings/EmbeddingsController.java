package dev.promptly.emulator.embeddings;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.promptly.emulator.ApiErrorException;
import dev.promptly.emulator.completions.ApiKeyVerifier;
import dev.promptly.emulator.replies.TokenCounter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/embeddings} in OpenAI's shape: {@code input} a string or an array of strings,
 * {@code dimensions} optional (default 1536, as {@code text-embedding-3-small}), {@code
 * encoding_format} {@code float} or {@code base64} (little-endian float32, what the official
 * clients ask for by default). Usage counts the input's tokens; vectors come from {@link
 * TextEmbedder}.
 */
@RestController
class EmbeddingsController {
  private static final int DEFAULT_DIMENSIONS = 1536;
  private static final int MAX_DIMENSIONS = 3072;
  private static final int MAX_INPUTS = 2048;

  private final ApiKeyVerifier apiKeys;
  private final TokenCounter tokens;
  private final TextEmbedder embedder = new TextEmbedder();

  EmbeddingsController(ApiKeyVerifier apiKeys, TokenCounter tokens) {
    this.apiKeys = apiKeys;
    this.tokens = tokens;
  }

  @PostMapping("/v1/embeddings")
  EmbeddingList create(
      @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      @RequestBody JsonNode body) {
    apiKeys.verify(authorization);
    String model = text(body, "model");
    List<String> inputs = inputs(body.get("input"));
    int dimensions = dimensions(body.get("dimensions"));
    boolean base64 = encodingIsBase64(body.get("encoding_format"));
    List<Embedding> data = new ArrayList<>(inputs.size());
    int promptTokens = 0;
    for (int i = 0; i < inputs.size(); i++) {
      float[] vector = embedder.embed(inputs.get(i), dimensions);
      data.add(new Embedding("embedding", i, base64 ? encoded(vector) : vector));
      promptTokens += tokens.count(inputs.get(i));
    }
    return new EmbeddingList("list", data, model, new Usage(promptTokens, promptTokens));
  }

  private static String text(JsonNode body, String field) {
    JsonNode node = body.get(field);
    if (node == null || !node.isString() || node.asString().isBlank()) {
      throw ApiErrorException.invalidRequest("'" + field + "' is a required string", field);
    }
    return node.asString();
  }

  private static List<String> inputs(JsonNode input) {
    if (input != null && input.isString()) {
      return List.of(input.asString());
    }
    if (input == null || !input.isArray() || input.isEmpty() || input.size() > MAX_INPUTS) {
      throw ApiErrorException.invalidRequest(
          "'input' must be a string or an array of 1 to " + MAX_INPUTS + " strings", "input");
    }
    List<String> inputs = new ArrayList<>();
    for (JsonNode item : input) {
      if (!item.isString()) {
        throw ApiErrorException.invalidRequest(
            "this emulator embeds strings only, not token arrays", "input");
      }
      inputs.add(item.asString());
    }
    return inputs;
  }

  private static int dimensions(JsonNode node) {
    if (node == null || node.isNull()) {
      return DEFAULT_DIMENSIONS;
    }
    if (!node.isIntegralNumber() || node.asInt() < 1 || node.asInt() > MAX_DIMENSIONS) {
      throw ApiErrorException.invalidRequest(
          "'dimensions' must be an integer from 1 to " + MAX_DIMENSIONS, "dimensions");
    }
    return node.asInt();
  }

  private static boolean encodingIsBase64(JsonNode node) {
    if (node == null || node.isNull() || node.asString().equals("float")) {
      return false;
    }
    if (node.asString().equals("base64")) {
      return true;
    }
    throw ApiErrorException.invalidRequest(
        "'encoding_format' must be 'float' or 'base64'", "encoding_format");
  }

  private static String encoded(float[] vector) {
    ByteBuffer buffer = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float value : vector) {
      buffer.putFloat(value);
    }
    return Base64.getEncoder().encodeToString(buffer.array());
  }

  record EmbeddingList(
      @JsonProperty("object") String object,
      @JsonProperty("data") List<Embedding> data,
      @JsonProperty("model") String model,
      @JsonProperty("usage") Usage usage) {}

  /** One vector: a float array, or its bytes in base64. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Embedding(
      @JsonProperty("object") String object,
      @JsonProperty("index") int index,
      @JsonProperty("embedding") Object embedding) {}

  record Usage(
      @JsonProperty("prompt_tokens") int promptTokens,
      @JsonProperty("total_tokens") int totalTokens) {}
}
