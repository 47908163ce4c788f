package dev.promptly.api.web;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.type.LogicalType;

/**
 * Reads request bodies with no leniency: unknown fields, duplicate keys, trailing text, strings for
 * numbers, fractions for integers and numbers for strings are all errors, reported as {@link
 * FieldProblem}s with the JSON path of the offending field.
 */
@Component
public class StrictJson {
  private final JsonMapper mapper = strictMapper();

  /**
   * Parses a body that must be one JSON object in strict UTF-8, whose strings hold no NUL and no
   * unpaired surrogate.
   *
   * @throws ApiException 400 when the body is not well-formed UTF-8 JSON, not an object, or holds a
   *     string that could not be stored
   */
  public JsonNode readObject(byte[] body) {
    String text =
        StorableText.decodeUtf8(body)
            .orElseThrow(
                () ->
                    new ApiException(
                        HttpStatus.BAD_REQUEST,
                        "invalid_request",
                        "The request body is not well-formed UTF-8."));
    JsonNode tree;
    try {
      // Parsed from the decoded text, so Jackson cannot take other bytes for UTF-16 or UTF-32.
      tree = mapper.readTree(text);
    } catch (JacksonException e) {
      throw new ApiException(
          HttpStatus.BAD_REQUEST,
          "invalid_request",
          "The request body is not valid JSON" + describe(e) + ".");
    }
    if (tree == null || !tree.isObject()) {
      throw ApiException.invalid("body", "must be a JSON object");
    }
    List<FieldProblem> problems = new ArrayList<>();
    StorableText.check(tree, "", problems);
    if (!problems.isEmpty()) {
      throw ApiException.invalid(problems);
    }
    return tree;
  }

  /**
   * A bound value and the fields that were dropped because they did not fit (each already
   * reported), so a caller does not report a dropped required field a second time as missing.
   */
  public record Bound<T>(T value, Set<String> rejected) {
    public Bound {
      rejected = Set.copyOf(rejected);
    }

    /** Whether the top-level field {@code name} was dropped. */
    public boolean rejected(String name) {
      return rejected.contains(name);
    }
  }

  /**
   * Binds a JSON value to a record, adding a problem to {@code problems} for every top-level field
   * that does not fit: such a field is dropped and the binding retried, so one request reports all
   * of its misfits at once. {@code node} itself is never changed.
   *
   * @param path the JSON path of {@code node}, prefixed to the paths of nested problems
   * @return empty when {@code node} as a whole cannot be bound
   */
  public <T> Optional<Bound<T>> bind(
      JsonNode node, Class<T> type, String path, List<FieldProblem> problems) {
    JsonNode current = node;
    Set<String> rejected = new LinkedHashSet<>();
    while (true) {
      try {
        return Optional.of(new Bound<>(mapper.treeToValue(current, type), rejected));
      } catch (JacksonException e) {
        problems.add(new FieldProblem(pathOf(path, e), messageOf(e)));
        String field = topLevelField(e);
        if (field == null || !current.has(field) || rejected.contains(field)) {
          return Optional.empty();
        }
        ObjectNode copy = current == node ? (ObjectNode) node.deepCopy() : (ObjectNode) current;
        copy.remove(field);
        rejected.add(field);
        current = copy;
      }
    }
  }

  private static String topLevelField(JacksonException e) {
    return e.getPath().isEmpty() ? null : e.getPath().getFirst().getPropertyName();
  }

  // Parser messages describe the JSON text; anything naming a Java type (in backticks) is withheld.
  private static String describe(JacksonException e) {
    String message = e.getOriginalMessage();
    return e instanceof StreamReadException && message != null && !message.contains("`")
        ? ": " + message
        : ": it must be exactly one JSON value";
  }

  static String pathOf(String prefix, JacksonException e) {
    StringBuilder path = new StringBuilder(prefix);
    for (JacksonException.Reference reference : e.getPath()) {
      if (reference.getPropertyName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.isEmpty() ? "body" : path.toString();
  }

  // Jackson's own messages name Java types; clients get JSON words instead.
  static String messageOf(JacksonException e) {
    if (e instanceof UnrecognizedPropertyException) {
      return "is not a known field";
    }
    if (e instanceof InputCoercionException) {
      return "is out of range";
    }
    if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      return "must be " + jsonTypeOf(mismatch.getTargetType());
    }
    return "is not valid";
  }

  private static String jsonTypeOf(Class<?> type) {
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "an integer";
    }
    if (Number.class.isAssignableFrom(type) || type == double.class) {
      return "a number";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "a boolean";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "an array";
    }
    return "an object";
  }

  private static JsonMapper strictMapper() {
    return JsonMapper.builder()
        .enable(
            DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
            DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
            DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .withCoercionConfig(
            LogicalType.Textual,
            config ->
                config
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
        .withCoercionConfig(
            LogicalType.Integer,
            config ->
                config
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
        .withCoercionConfig(
            LogicalType.Float,
            config ->
                config
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
        .withCoercionConfig(
            LogicalType.Boolean,
            config ->
                config
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
        .build();
  }
}
