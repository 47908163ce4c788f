package dev.promptly.api.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class StrictJsonTest {
  private final StrictJson json = new StrictJson();

  record Item(@JsonProperty("name") String name, @JsonProperty("count") Integer count) {}

  record Shape(
      @JsonProperty("text") String text,
      @JsonProperty("words") Integer words,
      @JsonProperty("ratio") Double ratio,
      @JsonProperty("flag") Boolean flag,
      @JsonProperty("items") List<Item> items,
      @JsonProperty("tags") Map<String, String> tags) {}

  @Test
  void bindsWellTypedValues() {
    List<FieldProblem> problems = new ArrayList<>();

    Optional<StrictJson.Bound<Shape>> bound =
        json.bind(
            read(
                "{\"text\":\"a\",\"words\":3,\"ratio\":1,\"flag\":true,\"items\":[{\"name\":\"x\"}]}"),
            Shape.class,
            "",
            problems);

    assertThat(problems).isEmpty();
    assertThat(bound.orElseThrow().value().ratio()).isEqualTo(1.0);
    assertThat(bound.orElseThrow().value().items()).containsExactly(new Item("x", null));
  }

  @Test
  void rejectsAStringWhereAnIntegerBelongs() {
    assertThat(problemsOf("{\"words\":\"12\"}"))
        .containsExactly(new FieldProblem("words", "must be an integer"));
  }

  @Test
  void rejectsAFractionWhereAnIntegerBelongs() {
    assertThat(problemsOf("{\"words\":1.5}"))
        .containsExactly(new FieldProblem("words", "must be an integer"));
  }

  @Test
  void rejectsANumberOrBooleanWhereAStringBelongs() {
    assertThat(problemsOf("{\"text\":5,\"tags\":{\"k\":true}}"))
        .containsExactlyInAnyOrder(
            new FieldProblem("text", "must be a string"),
            new FieldProblem("tags.k", "must be a string"));
  }

  @Test
  void rejectsAStringWhereANumberOrBooleanBelongs() {
    assertThat(problemsOf("{\"ratio\":\"0.5\",\"flag\":\"true\"}"))
        .containsExactlyInAnyOrder(
            new FieldProblem("ratio", "must be a number"),
            new FieldProblem("flag", "must be a boolean"));
  }

  @Test
  void reportsEveryUnknownFieldWithItsPath() {
    assertThat(
            problemsOf("{\"bogus\":1,\"items\":[{\"name\":\"x\"},{\"name\":\"y\",\"extra\":2}]}"))
        .containsExactlyInAnyOrder(
            new FieldProblem("bogus", "is not a known field"),
            new FieldProblem("items[1].extra", "is not a known field"));
  }

  @Test
  void prefixesNestedPathsWithThePathOfTheBoundNode() {
    List<FieldProblem> problems = new ArrayList<>();

    json.bind(read("{\"items\":[{\"count\":\"1\"}]}"), Shape.class, "input", problems);

    assertThat(problems)
        .containsExactly(new FieldProblem("input.items[0].count", "must be an integer"));
  }

  @Test
  void remembersWhichFieldsWereDroppedSoTheyAreNotReportedTwice() {
    List<FieldProblem> problems = new ArrayList<>();

    StrictJson.Bound<Shape> bound =
        json.bind(read("{\"text\":1,\"words\":2}"), Shape.class, "", problems).orElseThrow();

    assertThat(bound.rejected("text")).isTrue();
    assertThat(bound.value().words()).isEqualTo(2);
  }

  @Test
  void leavesTheCallersTreeUntouched() {
    JsonNode tree = read("{\"bogus\":1}");

    json.bind(tree, Shape.class, "", new ArrayList<>());

    assertThat(tree.has("bogus")).isTrue();
  }

  @Test
  void rejectsTrailingTextAfterTheJson() {
    assertThatThrownBy(() -> read("{\"text\":\"a\"} x"))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.code()).isEqualTo("invalid_request"));
  }

  @Test
  void rejectsASecondJsonValueWithoutNamingJavaTypes() {
    assertThatThrownBy(() -> read("{\"text\":\"a\"}{\"text\":\"b\"}"))
        .isInstanceOf(ApiException.class)
        .hasMessage("The request body is not valid JSON: it must be exactly one JSON value.");
  }

  @Test
  void rejectsDuplicateKeys() {
    assertThatThrownBy(() -> read("{\"text\":\"a\",\"text\":\"b\"}"))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("Duplicate");
  }

  @Test
  void rejectsABodyThatIsNotAnObject() {
    assertThatThrownBy(() -> read("[1,2]"))
        .isInstanceOfSatisfying(
            ApiException.class,
            e ->
                assertThat(e.errors())
                    .containsExactly(new FieldProblem("body", "must be a JSON object")));
  }

  @Test
  void rejectsAnEmptyBody() {
    assertThatThrownBy(() -> read("")).isInstanceOf(ApiException.class);
  }

  @Test
  void rejectsBytesThatAreNotWellFormedUtf8() {
    byte[] overlongSlash = {'{', '"', 't', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'};

    assertThatThrownBy(() -> json.readObject(overlongSlash))
        .isInstanceOf(ApiException.class)
        .hasMessage("The request body is not well-formed UTF-8.");
  }

  @Test
  void rejectsUtf16EvenThoughJacksonCouldGuessIt() {
    assertThatThrownBy(() -> json.readObject("{\"text\":\"a\"}".getBytes(StandardCharsets.UTF_16)))
        .isInstanceOf(ApiException.class);
  }

  @Test
  void namesEveryStringHoldingNulOrAnUnpairedSurrogate() {
    assertThatThrownBy(
            () ->
                read(
                    "{\"text\":\"a\\u0000\",\"items\":[{\"name\":\"\\ud800\"}],"
                        + "\"tags\":{\"\\udc00\":\"v\"}}"))
        .isInstanceOfSatisfying(
            ApiException.class,
            e ->
                assertThat(e.errors())
                    .extracting(FieldProblem::field)
                    .containsExactly("text", "items[0].name", "tags"));
  }

  @Test
  void acceptsPairedSurrogatesAndRightToLeftText() {
    JsonNode tree = read("{\"text\":\"\\ud83d\\udca5 \u05e9\u05dc\u05d5\u05dd \u200f\"}");

    assertThat(tree.get("text").asString())
        .isEqualTo("\ud83d\udca5 \u05e9\u05dc\u05d5\u05dd \u200f");
  }

  private List<FieldProblem> problemsOf(String body) {
    List<FieldProblem> problems = new ArrayList<>();
    json.bind(read(body), Shape.class, "", problems);
    return problems;
  }

  private JsonNode read(String body) {
    return json.readObject(body.getBytes(StandardCharsets.UTF_8));
  }
}
