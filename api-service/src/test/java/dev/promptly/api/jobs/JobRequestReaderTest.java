package dev.promptly.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.promptly.api.web.ApiException;
import dev.promptly.api.web.FieldProblem;
import dev.promptly.api.web.StrictJson;
import dev.promptly.model.CacheMode;
import dev.promptly.model.ChatInput;
import dev.promptly.model.ChatRole;
import dev.promptly.model.ModelCatalog;
import dev.promptly.model.ModelSpec;
import dev.promptly.model.Priority;
import dev.promptly.model.SummarizeInput;
import dev.promptly.model.SummaryStyle;
import dev.promptly.webhooks.WebhookUrlPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobRequestReaderTest {
  private static final String TEXT = "{\"text\":\"Some text to summarize.\"}";
  private static final String MESSAGES = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

  private final StrictJson json = new StrictJson();
  private final JobsProperties properties =
      new JobsProperties(1000, "default", 5, 120, Duration.ofMillis(200), 2, 256, 2000);
  private final JobRequestReader reader =
      new JobRequestReader(
          json,
          new JobInputReader(json, properties),
          new ModelCatalog(
              List.of(
                  new ModelSpec("default", "gpt-4o-mini", 128000, 150000, 600000, null),
                  new ModelSpec("quality", "gpt-4o", 128000, 2500000, 10000000, "default"))),
          new WebhookUrlPolicy(false),
          properties);

  @Test
  void appliesDefaultsToAMinimalSummarizeRequest() {
    JobSubmission job = read("{\"kind\":\"summarize\",\"input\":" + TEXT + "}");

    assertThat(job.input())
        .isEqualTo(new SummarizeInput("Some text to summarize.", SummaryStyle.PARAGRAPH, 120));
    assertThat(job.model().alias()).isEqualTo("default");
    assertThat(job.priority()).isEqualTo(Priority.NORMAL);
    assertThat(job.cache()).isEqualTo(CacheMode.EXACT);
    assertThat(job.maxAttempts()).isEqualTo(5);
    assertThat(job.timeoutSeconds()).isEqualTo(120);
    assertThat(job.metadata()).isEmpty();
    assertThat(job.webhookUrl()).isNull();
  }

  @Test
  void readsEveryFieldOfAFullChatRequest() {
    JobSubmission job =
        read(
            """
            {"kind":"chat","input":{"messages":[{"role":"system","content":"be brief"},
             {"role":"user","content":"hi"}],"temperature":0.5,"max_tokens":64},
             "model":"gpt-4o","priority":"high","cache":"off","metadata":{"order":"42"},"max_attempts":3,
             "timeout_seconds":30,"webhook_url":"https://93.184.215.14/hook"}
            """);

    ChatInput input = (ChatInput) job.input();
    assertThat(input.messages()).hasSize(2);
    assertThat(input.messages().getFirst().role()).isEqualTo(ChatRole.SYSTEM);
    assertThat(input.temperature()).isEqualTo(0.5);
    assertThat(input.maxTokens()).isEqualTo(64);
    assertThat(job.model().alias()).isEqualTo("quality");
    assertThat(job.priority()).isEqualTo(Priority.HIGH);
    assertThat(job.cache()).isEqualTo(CacheMode.OFF);
    assertThat(job.metadata()).containsEntry("order", "42");
    assertThat(job.maxAttempts()).isEqualTo(3);
    assertThat(job.timeoutSeconds()).isEqualTo(30);
    assertThat(job.webhookUrl()).isEqualTo("https://93.184.215.14/hook");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          missing kind            | {"input":{"text":"x"}}                                          | kind
          null kind               | {"kind":null,"input":{"text":"x"}}                              | kind
          unknown kind            | {"kind":"translate","input":{"text":"x"}}                       | kind
          missing input           | {"kind":"summarize"}                                            | input
          input not an object     | {"kind":"summarize","input":"text"}                             | input
          unknown field           | {"kind":"summarize","input":{"text":"x"},"colour":"red"}        | colour
          unknown input field     | {"kind":"summarize","input":{"text":"x","lang":"en"}}           | input.lang
          missing text            | {"kind":"summarize","input":{}}                                 | input.text
          null text               | {"kind":"summarize","input":{"text":null}}                      | input.text
          blank text              | {"kind":"summarize","input":{"text":"  "}}                      | input.text
          number for text         | {"kind":"summarize","input":{"text":5}}                         | input.text
          bad style               | {"kind":"summarize","input":{"text":"x","style":"haiku"}}       | input.style
          string for max_words    | {"kind":"summarize","input":{"text":"x","max_words":"50"}}      | input.max_words
          max_words too small     | {"kind":"summarize","input":{"text":"x","max_words":9}}         | input.max_words
          max_words too large     | {"kind":"summarize","input":{"text":"x","max_words":2001}}      | input.max_words
          missing messages        | {"kind":"chat","input":{}}                                      | input.messages
          empty messages          | {"kind":"chat","input":{"messages":[]}}                         | input.messages
          null message            | {"kind":"chat","input":{"messages":[null]}}                     | input.messages[0]
          bad role                | {"kind":"chat","input":{"messages":[{"role":"bot","content":"x"}]}} | input.messages[0].role
          missing content         | {"kind":"chat","input":{"messages":[{"role":"user"}]}}          | input.messages[0].content
          empty content           | {"kind":"chat","input":{"messages":[{"role":"user","content":""}]}} | input.messages[0].content
          unknown message field   | {"kind":"chat","input":{"messages":[{"role":"user","content":"x","name":"a"}]}} | input.messages[0].name
          temperature too high    | {"kind":"chat","input":{"messages":[{"role":"user","content":"x"}],"temperature":2.5}} | input.temperature
          negative temperature    | {"kind":"chat","input":{"messages":[{"role":"user","content":"x"}],"temperature":-0.1}} | input.temperature
          fraction for max_tokens | {"kind":"chat","input":{"messages":[{"role":"user","content":"x"}],"max_tokens":1.5}} | input.max_tokens
          max_tokens too large    | {"kind":"chat","input":{"messages":[{"role":"user","content":"x"}],"max_tokens":32769}} | input.max_tokens
          unknown model           | {"kind":"summarize","input":{"text":"x"},"model":"gpt-9"}       | model
          bad priority            | {"kind":"summarize","input":{"text":"x"},"priority":"urgent"}   | priority
          bad cache mode          | {"kind":"summarize","input":{"text":"x"},"cache":"always"}      | cache
          boolean for cache       | {"kind":"summarize","input":{"text":"x"},"cache":false}         | cache
          number metadata value   | {"kind":"summarize","input":{"text":"x"},"metadata":{"a":1}}     | metadata.a
          long metadata value     | {"kind":"summarize","input":{"text":"x"},"metadata":{"a":"LONG"}} | metadata.a
          long metadata key       | {"kind":"summarize","input":{"text":"x"},"metadata":{"KEY41":"v"}} | metadata
          max_attempts zero       | {"kind":"summarize","input":{"text":"x"},"max_attempts":0}      | max_attempts
          max_attempts too many   | {"kind":"summarize","input":{"text":"x"},"max_attempts":21}     | max_attempts
          string max_attempts     | {"kind":"summarize","input":{"text":"x"},"max_attempts":"5"}    | max_attempts
          timeout too long        | {"kind":"summarize","input":{"text":"x"},"timeout_seconds":601} | timeout_seconds
          file webhook            | {"kind":"summarize","input":{"text":"x"},"webhook_url":"file:///etc/passwd"} | webhook_url
          loopback webhook        | {"kind":"summarize","input":{"text":"x"},"webhook_url":"http://127.0.0.1/x"} | webhook_url
          metadata webhook        | {"kind":"summarize","input":{"text":"x"},"webhook_url":"http://169.254.169.254/"} | webhook_url
          number for webhook      | {"kind":"summarize","input":{"text":"x"},"webhook_url":7}       | webhook_url
          """)
  void reportsTheInvalidField(String description, String body, String field) {
    String expanded = body.replace("LONG", "v".repeat(501)).replace("KEY41", "k".repeat(41));

    assertThat(problemsOf(expanded)).extracting(FieldProblem::field).containsExactly(field);
  }

  @Test
  void refusesTextLongerThanTheConfiguredLimit() {
    String body = "{\"kind\":\"summarize\",\"input\":{\"text\":\"" + "a".repeat(1001) + "\"}}";

    assertThat(problemsOf(body))
        .containsExactly(new FieldProblem("input.text", "must be at most 1000 characters"));
  }

  @Test
  void refusesMoreThan100Messages() {
    String messages =
        IntStream.range(0, 101)
            .mapToObj(i -> "{\"role\":\"user\",\"content\":\"m" + i + "\"}")
            .collect(Collectors.joining(","));

    assertThat(problemsOf("{\"kind\":\"chat\",\"input\":{\"messages\":[" + messages + "]}}"))
        .extracting(FieldProblem::field)
        .containsExactly("input.messages");
  }

  @Test
  void refusesMoreThan16MetadataPairs() {
    String pairs =
        IntStream.range(0, 17)
            .mapToObj(i -> "\"k" + i + "\":\"v\"")
            .collect(Collectors.joining(","));

    assertThat(
            problemsOf(
                "{\"kind\":\"summarize\",\"input\":" + TEXT + ",\"metadata\":{" + pairs + "}}"))
        .extracting(FieldProblem::field)
        .containsExactly("metadata");
  }

  @Test
  void reportsAllProblemsOfOneRequestAtOnce() {
    List<FieldProblem> problems =
        problemsOf(
            """
            {"kind":"chat","input":{"messages":[{"role":"bot","content":""}],"temperature":3,
             "top_p":1},"model":"nope","priority":"urgent","max_attempts":"5","metadata":{"a":1}}
            """);

    assertThat(problems)
        .extracting(FieldProblem::field)
        .containsExactlyInAnyOrder(
            "max_attempts",
            "metadata.a",
            "input.top_p",
            "input.messages[0].role",
            "input.messages[0].content",
            "input.temperature",
            "model",
            "priority");
  }

  @Test
  void doesNotReportADroppedRequiredFieldAsMissing() {
    assertThat(problemsOf("{\"kind\":7,\"input\":" + TEXT + "}"))
        .containsExactly(new FieldProblem("kind", "must be a string"));
    assertThat(problemsOf("{\"kind\":\"chat\",\"input\":" + MESSAGES.replace("\"hi\"", "1") + "}}"))
        .containsExactly(new FieldProblem("input.messages[0].content", "must be a string"));
  }

  private JobSubmission read(String body) {
    return reader.read(json.readObject(body.getBytes(StandardCharsets.UTF_8)));
  }

  private List<FieldProblem> problemsOf(String body) {
    ApiException e = catchThrowableOfType(ApiException.class, () -> read(body));
    assertThat(e).as("expected %s to be refused", body).isNotNull();
    assertThat(e.code()).isEqualTo("invalid_request");
    return e.errors();
  }
}
