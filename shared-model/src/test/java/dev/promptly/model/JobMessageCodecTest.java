package dev.promptly.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JobMessageCodecTest {

  @Test
  void messageSurvivesEncodeAndDecode() {
    JobMessage message = JobMessage.of("job_1", "ten_1", 2, "00-abc-def-01", "req-1");

    JobMessage decoded = JobMessageCodec.decode(JobMessageCodec.encode(message));

    assertThat(decoded).isEqualTo(message);
  }

  @Test
  void encodedMessageUsesSnakeCaseAndCarriesNoPrompt() {
    String json =
        new String(
            JobMessageCodec.encode(JobMessage.of("job_1", "ten_1", 1, null, null)),
            StandardCharsets.UTF_8);

    assertThat(json)
        .contains("\"schema_version\":1", "\"job_id\":\"job_1\"", "\"tenant_id\":\"ten_1\"")
        .doesNotContain("input", "text", "messages");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "not json",
        "{}",
        "{\"schema_version\":1,\"tenant_id\":\"t\",\"attempt\":1}",
        "{\"schema_version\":1,\"job_id\":\"j\",\"tenant_id\":\"t\",\"attempt\":0}",
        "{\"schema_version\":\"1\",\"job_id\":\"j\",\"tenant_id\":\"t\",\"attempt\":1}",
        "{\"schema_version\":99,\"job_id\":\"j\",\"tenant_id\":\"t\",\"attempt\":1}"
      })
  void undecodableBodiesAreMalformed(String body) {
    assertThatThrownBy(() -> JobMessageCodec.decode(body.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MalformedMessageException.class);
  }
}
