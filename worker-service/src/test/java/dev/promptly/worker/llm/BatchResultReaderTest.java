package dev.promptly.worker.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promptly.worker.failures.PermanentJobException;
import dev.promptly.worker.failures.RetryableJobException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class BatchResultReaderTest {
  private final BatchResultReader reader = new BatchResultReader(JsonMapper.builder().build());

  private static String answered(String message, String finishReason) {
    return """
        {"id":"batch_req_1","custom_id":"a","response":{"status_code":200,"request_id":"req_1",\
        "body":{"object":"chat.completion","choices":[{"index":0,"message":%s,\
        "finish_reason":"%s"}],"usage":{"prompt_tokens":12,"completion_tokens":5}}},"error":null}
        """
        .formatted(message, finishReason);
  }

  @Test
  void answeredLineCarriesTextFinishReasonAndUsage() {
    ProviderBatchResult result =
        reader.read(answered("{\"role\":\"assistant\",\"content\":\"Hi there\"}", "length"));

    assertThat(result.customId()).isEqualTo("a");
    assertThat(result.answer()).isEqualTo(new ChatCompletion("Hi there", "length", 12, 5));
  }

  @Test
  void refusalIsAnAnswerWithContentFilterAsForLiveCalls() {
    ProviderBatchResult result =
        reader.read(
            answered("{\"role\":\"assistant\",\"content\":null,\"refusal\":\"No.\"}", "stop"));

    assertThat(result.answer()).isEqualTo(new ChatCompletion("", "content_filter", 12, 5, "No."));
  }

  @Test
  void answerWithoutChoicesIsARetryableLineError() {
    ProviderBatchResult result =
        reader.read(
            "{\"custom_id\":\"a\",\"response\":{\"status_code\":200,\"body\":{\"choices\":[]}}}");

    assertThat(result.isAnswered()).isFalse();
    assertThat(result.error().toFailure()).isInstanceOf(RetryableJobException.class);
  }

  @Test
  void rejectedLineIsPermanent() {
    ProviderBatchResult result =
        reader.read(
            "{\"custom_id\":\"a\",\"response\":{\"status_code\":400,\"body\":{\"error\":"
                + "{\"message\":\"Bad\",\"type\":\"invalid_request_error\",\"code\":null}}}}");

    assertThat(result.error().status()).isEqualTo(400);
    assertThat(result.error().toFailure()).isInstanceOf(PermanentJobException.class);
  }

  @Test
  void lineTheProviderNeverRanIsRetryable() {
    ProviderBatchResult result =
        reader.read(
            "{\"custom_id\":\"a\",\"response\":null,\"error\":{\"code\":\"batch_expired\","
                + "\"message\":\"This request could not be executed before the completion window"
                + " expired.\"}}");

    assertThat(result.error().status()).isNull();
    assertThat(result.error().code()).isEqualTo("batch_expired");
    assertThat(result.error().toFailure()).isInstanceOf(RetryableJobException.class);
  }

  @Test
  void lineWithoutCustomIdIsNoResult() {
    assertThatThrownBy(() -> reader.read("{\"response\":null}"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
