package dev.promptly.emulator.completions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.model.output.FinishReason;
import dev.promptly.emulator.EmulatorServerTest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Streams through langchain4j's real client to prove the SSE format is what it parses. */
class LangChain4jStreamingTest extends EmulatorServerTest {

  private OpenAiStreamingChatModel model(Integer maxTokens) {
    return OpenAiStreamingChatModel.builder()
        .baseUrl(baseUrl() + "/v1")
        .apiKey("test")
        .modelName("gpt-4o-mini")
        .maxTokens(maxTokens)
        .build();
  }

  @Test
  void streamDeliversPartialResponsesAndACompleteResponseWithUsage() throws Exception {
    RecordingHandler handler = new RecordingHandler();

    model(null).chat("Please stream a reply about the weather today", handler);
    ChatResponse response = handler.completion.get(10, TimeUnit.SECONDS);

    assertThat(handler.partials).hasSizeGreaterThan(1);
    assertThat(String.join("", handler.partials)).isEqualTo(response.aiMessage().text());
    assertThat(response.aiMessage().text()).contains("weather today");
    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(response.tokenUsage().inputTokenCount()).isPositive();
    assertThat(response.tokenUsage().outputTokenCount()).isPositive();
  }

  @Test
  void streamStopsAtMaxTokensWithLengthFinishReason() throws Exception {
    RecordingHandler handler = new RecordingHandler();

    model(4).chat("Please stream a reply about the weather today", handler);
    ChatResponse response = handler.completion.get(10, TimeUnit.SECONDS);

    assertThat(response.finishReason()).isEqualTo(FinishReason.LENGTH);
    assertThat(response.tokenUsage().outputTokenCount()).isEqualTo(4);
  }

  @Test
  void streamFailsDuringAnOutage() throws Exception {
    configure("{\"outage\": true}");
    RecordingHandler handler = new RecordingHandler();

    model(null).chat("Hello", handler);

    assertThat(handler.completion).failsWithin(10, TimeUnit.SECONDS);
    assertThat(handler.partials).isEmpty();
  }

  private static final class RecordingHandler implements StreamingChatResponseHandler {

    final List<String> partials = new CopyOnWriteArrayList<>();
    final CompletableFuture<ChatResponse> completion = new CompletableFuture<>();

    @Override
    public void onPartialResponse(String partialResponse) {
      partials.add(partialResponse);
    }

    @Override
    public void onCompleteResponse(ChatResponse completeResponse) {
      completion.complete(completeResponse);
    }

    @Override
    public void onError(Throwable error) {
      completion.completeExceptionally(error);
    }
  }
}
