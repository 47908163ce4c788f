package dev.promptly.emulator.completions;

import dev.promptly.emulator.completions.ChatCompletionChunk.Delta;
import dev.promptly.emulator.replies.TextChunk;
import dev.promptly.emulator.replies.TokenCounter;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a completion as OpenAI's server-sent events: a role delta, content deltas of a few tokens,
 * a delta with the finish reason, an optional usage chunk and {@code [DONE]}; a refusal streams in
 * {@code refusal} deltas, and an answer without choices is one event with empty {@code choices}.
 * Every event is flushed on its own so clients see tokens as they are "generated". The writing
 * happens on the request's own virtual thread, so the pauses between events block nothing else.
 */
@Component
class CompletionStreamWriter {

  private static final Logger log = LoggerFactory.getLogger(CompletionStreamWriter.class);
  private static final int TOKENS_PER_CHUNK = 3;
  private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);

  private final TokenCounter tokens;
  private final JsonMapper jsonMapper;

  CompletionStreamWriter(TokenCounter tokens, JsonMapper jsonMapper) {
    this.tokens = tokens;
    this.jsonMapper = jsonMapper;
  }

  void write(
      Completion completion, boolean includeUsage, Pacer pacer, HttpServletResponse response) {
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType(MediaType.TEXT_EVENT_STREAM_VALUE);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.setHeader("Cache-Control", "no-cache");
    // Proxies such as nginx would otherwise buffer the stream and defeat the pacing.
    response.setHeader("X-Accel-Buffering", "no");
    try {
      writeEvents(completion, includeUsage, pacer, response.getOutputStream());
    } catch (IOException e) {
      // The client went away mid-stream; there is nobody left to tell.
      log.debug("Stream {} aborted: {}", completion.id(), e.toString());
    }
  }

  private void writeEvents(
      Completion completion, boolean includeUsage, Pacer pacer, OutputStream out)
      throws IOException {
    if (completion.hasChoices()) {
      writeChoice(completion, pacer, out);
    } else {
      send(out, ChatCompletionChunk.withoutChoices(completion, null));
    }
    if (includeUsage) {
      // OpenAI's closing usage chunk has no choices at all.
      send(out, ChatCompletionChunk.withoutChoices(completion, completion.usage()));
    }
    out.write(DONE);
    out.flush();
  }

  private void writeChoice(Completion completion, Pacer pacer, OutputStream out)
      throws IOException {
    boolean refused = completion.refusal() != null;
    List<TextChunk> chunks =
        tokens.chunk(refused ? completion.refusal() : completion.text(), TOKENS_PER_CHUNK);
    // The role delta goes out at once, so ttft_ms measures the wait for content only.
    send(out, ChatCompletionChunk.delta(completion, Delta.opening(), null));
    pacer.awaitFirstToken();
    for (int i = 0; i < chunks.size(); i++) {
      if (i > 0) {
        pacer.awaitTokens(chunks.get(i).tokens());
      }
      String text = chunks.get(i).text();
      send(
          out,
          ChatCompletionChunk.delta(
              completion, refused ? Delta.ofRefusal(text) : Delta.ofContent(text), null));
    }
    send(out, ChatCompletionChunk.delta(completion, Delta.closing(), completion.finishReason()));
  }

  private void send(OutputStream out, ChatCompletionChunk chunk) throws IOException {
    out.write(
        ("data: " + jsonMapper.writeValueAsString(chunk) + "\n\n")
            .getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
