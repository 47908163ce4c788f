package dev.promptly.emulator.batches;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class FilesApiTest extends BatchServerTest {

  private static final String CONTENT = jsonl(chatLine("a", "Hello"));

  @Test
  void uploadAnswersWithOpenAisFileObject() {
    JsonNode file = json(upload("batch", CONTENT));

    assertThat(file.get("id").asString()).startsWith("file-");
    assertThat(file.get("object").asString()).isEqualTo("file");
    assertThat(file.get("purpose").asString()).isEqualTo("batch");
    assertThat(file.get("filename").asString()).isEqualTo("in.jsonl");
    assertThat(file.get("bytes").asLong()).isEqualTo(CONTENT.length());
    assertThat(file.get("created_at").asLong()).isPositive();
  }

  @Test
  void uploadedFileIsDescribedAndReadBack() {
    String id = uploadBatchFile(CONTENT);

    assertThat(json(get("/v1/files/" + id)).get("id").asString()).isEqualTo(id);
    assertThat(get("/v1/files/" + id + "/content").body()).isEqualTo(CONTENT);
  }

  @Test
  void unknownFileIsOpenAis404() {
    HttpResponse<String> response = get("/v1/files/file-nope");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(json(response).at("/error/message").asString())
        .isEqualTo("No such File object: file-nope");
  }

  @Test
  void deletedFileIsGone() {
    String id = uploadBatchFile(CONTENT);

    JsonNode deleted = json(send(request("/v1/files/" + id).DELETE().build()));

    assertThat(deleted.get("deleted").asBoolean()).isTrue();
    assertThat(get("/v1/files/" + id).statusCode()).isEqualTo(404);
  }

  @Test
  void unknownPurposeIsRejected() {
    HttpResponse<String> response = upload("homework", CONTENT);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).at("/error/param").asString()).isEqualTo("purpose");
  }

  @Test
  void resetForgetsTheFiles() {
    String id = uploadBatchFile(CONTENT);

    post("/emulator/reset", "");

    assertThat(get("/v1/files/" + id).statusCode()).isEqualTo(404);
  }
}
