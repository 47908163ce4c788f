package dev.promptly.worker.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {
  // The example of the Standard Webhooks specification and its libraries' tests.
  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  private static final long TIMESTAMP = 1614265330;
  private static final String BODY = "{\"test\": 2432232314}";

  @Test
  void signsLikeTheStandardWebhooksSpecificationExample() {
    String signature = WebhookSigner.signature(List.of(SECRET), ID, TIMESTAMP, BODY);

    assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  }

  @Test
  void signsWithEverySecretDuringARotationSpaceSeparatedNewestFirst() {
    String other = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]);

    String signature = WebhookSigner.signature(List.of(other, SECRET), ID, TIMESTAMP, BODY);

    String[] parts = signature.split(" ");
    assertThat(parts).hasSize(2);
    assertThat(parts[0]).startsWith("v1,").isNotEqualTo(parts[1]);
    assertThat(parts[1]).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  }

  @Test
  void anotherBodyGetsAnotherSignature() {
    String signature = WebhookSigner.signature(List.of(SECRET), ID, TIMESTAMP, BODY + " ");

    assertThat(signature).isNotEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  }

  @Test
  void refusesToSignWithoutASecret() {
    assertThatThrownBy(() -> WebhookSigner.signature(List.of(), ID, TIMESTAMP, BODY))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
