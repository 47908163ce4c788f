package dev.promptly.emulator.control;

import dev.promptly.emulator.ApiErrorException;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parses {@code PUT /emulator/config} strictly: a misspelt field would otherwise be ignored and a
 * test would silently run against the wrong configuration.
 */
@Component
class ConfigPatchReader {

  private final ObjectReader reader;

  ConfigPatchReader(JsonMapper jsonMapper) {
    this.reader =
        jsonMapper
            .readerFor(ConfigPatch.class)
            .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .without(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
  }

  ConfigPatch read(String body) {
    if (body == null || body.isBlank()) {
      throw ApiErrorException.invalidRequest("The body must be a JSON object.", null);
    }
    try {
      ConfigPatch patch = reader.readValue(body);
      if (patch == null) {
        throw ApiErrorException.invalidRequest("The body must be a JSON object.", null);
      }
      return patch;
    } catch (UnrecognizedPropertyException e) {
      throw ApiErrorException.invalidRequest(
          "Unknown field '" + e.getPropertyName() + "'.", e.getPropertyName());
    } catch (MismatchedInputException e) {
      String field = fieldOf(e);
      throw ApiErrorException.invalidRequest("Invalid value for '" + field + "'.", field);
    } catch (JacksonException e) {
      throw ApiErrorException.invalidRequest("The body is not valid JSON.", null);
    }
  }

  private static String fieldOf(MismatchedInputException e) {
    return e.getPath().isEmpty() ? null : e.getPath().getLast().getPropertyName();
  }
}
