package dev.promptly.emulator.batches;

import dev.promptly.emulator.ApiErrorException;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A batch's {@code metadata}, within OpenAI's limits: at most 16 string values, keys of at most 64
 * characters, values of at most 512. A client that passes here would pass at OpenAI too.
 */
final class BatchMetadata {

  static final int MAX_PAIRS = 16;
  static final int MAX_KEY = 64;
  static final int MAX_VALUE = 512;

  private BatchMetadata() {}

  /** The pairs, or null for no metadata; OpenAI's 400 for metadata outside the limits. */
  static Map<String, String> check(JsonNode metadata) {
    if (metadata == null || metadata.isNull()) {
      return null;
    }
    if (!metadata.isObject() || metadata.size() > MAX_PAIRS) {
      throw ApiErrorException.invalidRequest(
          "Invalid 'metadata': expected an object of at most " + MAX_PAIRS + " string values.",
          "metadata");
    }
    Map<String, String> pairs = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> pair : metadata.properties()) {
      if (!pair.getValue().isString()
          || pair.getKey().length() > MAX_KEY
          || pair.getValue().stringValue().length() > MAX_VALUE) {
        throw ApiErrorException.invalidRequest(
            "Invalid 'metadata."
                + pair.getKey()
                + "': expected a string of at most "
                + MAX_VALUE
                + " characters under a key of at most "
                + MAX_KEY
                + ".",
            "metadata");
      }
      pairs.put(pair.getKey(), pair.getValue().stringValue());
    }
    return pairs;
  }
}
