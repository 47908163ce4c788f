package dev.promptly.emulator.embeddings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.emulator.EmulatorServerTest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class EmbeddingsApiTest extends EmulatorServerTest {

  @Test
  void eachInputGetsAVectorOfTheAskedLengthAndItsTokensAreCounted() {
    JsonNode list =
        json(
            post(
                "/v1/embeddings",
                "{\"model\": \"text-embedding-3-small\", \"input\": [\"one text\", \"another"
                    + " text\"], \"dimensions\": 64}"));

    assertThat(list.get("object").asString()).isEqualTo("list");
    assertThat(list.get("model").asString()).isEqualTo("text-embedding-3-small");
    assertThat(list.get("data")).hasSize(2);
    assertThat(list.at("/data/1/index").asInt()).isEqualTo(1);
    assertThat(list.at("/data/0/object").asString()).isEqualTo("embedding");
    assertThat(list.at("/data/0/embedding")).hasSize(64);
    assertThat(list.at("/usage/prompt_tokens").asInt()).isPositive();
    assertThat(list.at("/usage/total_tokens").asInt())
        .isEqualTo(list.at("/usage/prompt_tokens").asInt());
  }

  @Test
  void base64IsTheSameVectorAsLittleEndianFloats() {
    String body = "{\"model\": \"m\", \"input\": \"the same text\", \"dimensions\": 8";
    JsonNode floats = json(post("/v1/embeddings", body + "}"));
    JsonNode encoded = json(post("/v1/embeddings", body + ", \"encoding_format\": \"base64\"}"));

    ByteBuffer bytes =
        ByteBuffer.wrap(Base64.getDecoder().decode(encoded.at("/data/0/embedding").asString()))
            .order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 8; i++) {
      assertThat(bytes.getFloat()).isEqualTo(floats.at("/data/0/embedding/" + i).floatValue());
    }
  }

  @Test
  void aRequestWithoutInputIsOpenAis400() {
    HttpResponse<String> response = post("/v1/embeddings", "{\"model\": \"m\"}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).at("/error/param").asString()).isEqualTo("input");
  }

  @Test
  void tooManyDimensionsAreRejected() {
    HttpResponse<String> response =
        post("/v1/embeddings", "{\"model\": \"m\", \"input\": \"x\", \"dimensions\": 5000}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).at("/error/param").asString()).isEqualTo("dimensions");
  }
}
