package dev.promptly.emulator.batches;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class BatchInputParserTest {
  private static final String ENDPOINT = "/v1/chat/completions";

  private final BatchInputParser parser = new BatchInputParser(JsonMapper.builder().build());

  private static String line(String customId, String method, String url, String body) {
    return "{\"custom_id\":%s,\"method\":%s,\"url\":%s,\"body\":%s}"
        .formatted(customId, method, url, body);
  }

  @Test
  void validLinesKeepTheirNumberCustomIdAndBody() {
    String content =
        line("\"a\"", "\"POST\"", "\"" + ENDPOINT + "\"", "{\"model\":\"m\"}")
            + "\n\n"
            + line("\"b\"", "\"POST\"", "\"" + ENDPOINT + "\"", "{\"model\":\"n\"}")
            + "\n";

    BatchInputParser.ParsedInput parsed = parser.parse(content, ENDPOINT);

    assertThat(parsed.isValid()).isTrue();
    assertThat(parsed.lines())
        .containsExactly(
            new BatchRequestLine(1, "a", "{\"model\":\"m\"}"),
            new BatchRequestLine(3, "b", "{\"model\":\"n\"}"));
  }

  @Test
  void lineWithoutCustomIdIsMissingARequiredParameter() {
    BatchInputParser.ParsedInput parsed =
        parser.parse(line("null", "\"POST\"", "\"" + ENDPOINT + "\"", "{}"), ENDPOINT);

    assertThat(parsed.errors())
        .containsExactly(
            new BatchError(
                "missing_required_parameter",
                "Missing required parameter: 'custom_id'.",
                "custom_id",
                1));
  }

  @Test
  void lineWithAnotherMethodIsRefused() {
    BatchInputParser.ParsedInput parsed =
        parser.parse(line("\"a\"", "\"GET\"", "\"" + ENDPOINT + "\"", "{}"), ENDPOINT);

    assertThat(parsed.errors()).extracting(BatchError::code).containsExactly("invalid_method");
  }

  @Test
  void lineWhoseBodyIsNoObjectIsRefused() {
    BatchInputParser.ParsedInput parsed =
        parser.parse(line("\"a\"", "\"POST\"", "\"" + ENDPOINT + "\"", "\"hi\""), ENDPOINT);

    assertThat(parsed.errors()).extracting(BatchError::param).containsExactly("body");
  }

  @Test
  void jsonThatIsNoObjectIsAnInvalidLine() {
    BatchInputParser.ParsedInput parsed = parser.parse("[1, 2]\n", ENDPOINT);

    assertThat(parsed.errors()).extracting(BatchError::code).containsExactly("invalid_json_line");
  }
}
