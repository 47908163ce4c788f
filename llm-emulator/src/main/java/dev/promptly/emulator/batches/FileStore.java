package dev.promptly.emulator.batches;

import dev.promptly.emulator.ApiError;
import dev.promptly.emulator.ApiErrorException;
import dev.promptly.emulator.Outcome;
import dev.promptly.emulator.control.EmulatorResetListener;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;

/** The files of {@code /v1/files}, in memory until deleted or until the emulator is reset. */
@Component
class FileStore implements EmulatorResetListener {

  private final Clock clock;
  private final Map<String, StoredFile> files = new ConcurrentHashMap<>();

  FileStore(Clock clock) {
    this.clock = clock;
  }

  StoredFile store(String filename, String purpose, byte[] content) {
    String id = "file-" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    StoredFile file =
        new StoredFile(id, filename, purpose, clock.instant().getEpochSecond(), content.clone());
    files.put(id, file);
    return file;
  }

  Optional<StoredFile> find(String id) {
    return Optional.ofNullable(files.get(id));
  }

  /** The file, or OpenAI's 404 naming {@code param}. */
  StoredFile require(String id, String param) {
    return find(id).orElseThrow(() -> noSuchFile(id, param));
  }

  boolean delete(String id) {
    return files.remove(id) != null;
  }

  @Override
  public void onEmulatorReset() {
    files.clear();
  }

  private static ApiErrorException noSuchFile(String id, String param) {
    return new ApiErrorException(
        HttpStatusCode.valueOf(404),
        Outcome.BAD_REQUEST,
        new ApiError("No such File object: " + id, "invalid_request_error", param, null),
        new HttpHeaders());
  }
}
