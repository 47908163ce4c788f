package dev.promptly.emulator.batches;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.promptly.emulator.ApiErrorException;
import dev.promptly.emulator.BatchEvent;
import dev.promptly.emulator.completions.ApiKeyVerifier;
import dev.promptly.emulator.control.EmulatorStats;
import java.io.IOException;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** OpenAI's Files endpoints, as far as batches use them: upload, look up, read, delete. */
@RestController
class FilesController {

  private static final Set<String> PURPOSES =
      Set.of("batch", "assistants", "fine-tune", "vision", "user_data", "evals");

  private final ApiKeyVerifier apiKeys;
  private final FileStore files;
  private final EmulatorStats stats;

  FilesController(ApiKeyVerifier apiKeys, FileStore files, EmulatorStats stats) {
    this.apiKeys = apiKeys;
    this.files = files;
    this.stats = stats;
  }

  @PostMapping(path = "/v1/files", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  FileObject upload(
      @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      @RequestParam("purpose") String purpose,
      @RequestParam("file") MultipartFile file)
      throws IOException {
    apiKeys.verify(authorization);
    if (!PURPOSES.contains(purpose)) {
      throw ApiErrorException.invalidRequest(
          "Invalid value for 'purpose': '" + purpose + "'. Supported values are: " + PURPOSES,
          "purpose");
    }
    String filename = file.getOriginalFilename() == null ? "upload" : file.getOriginalFilename();
    StoredFile stored = files.store(filename, purpose, file.getBytes());
    stats.record(BatchEvent.FILE_CREATED);
    return stored.toWire();
  }

  @GetMapping("/v1/files/{id}")
  FileObject retrieve(
      @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      @PathVariable String id) {
    apiKeys.verify(authorization);
    return files.require(id, "id").toWire();
  }

  @GetMapping("/v1/files/{id}/content")
  ResponseEntity<byte[]> content(
      @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      @PathVariable String id) {
    apiKeys.verify(authorization);
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_OCTET_STREAM)
        .body(files.require(id, "id").content());
  }

  @DeleteMapping("/v1/files/{id}")
  DeletedFile delete(
      @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      @PathVariable String id) {
    apiKeys.verify(authorization);
    files.require(id, "id");
    return new DeletedFile(id, "file", files.delete(id));
  }

  record DeletedFile(
      @JsonProperty("id") String id,
      @JsonProperty("object") String object,
      @JsonProperty("deleted") boolean deleted) {}
}
