package dev.promptly.emulator.completions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.output.FinishReason;
import dev.promptly.emulator.EmulatorServerTest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Drives the emulator with langchain4j's real OpenAI client, as the worker does. */
class LangChain4jChatTest extends EmulatorServerTest {

  private static final String ARTICLE =
      """
      The city council approved a new budget for public transport on Monday. \
      The budget doubles the number of night buses and extends two tram lines. \
      Critics said the plan ignores cyclists. \
      The transport budget will be financed by a small increase in parking fees. \
      Construction of the tram extensions starts next spring and should take two years. \
      The mayor called the transport budget the largest investment in a decade.\
      """;

  private OpenAiChatModel model(Integer maxTokens) {
    return OpenAiChatModel.builder()
        .baseUrl(baseUrl() + "/v1")
        .apiKey("test")
        .modelName("gpt-4o-mini")
        .maxTokens(maxTokens)
        .maxRetries(0)
        .build();
  }

  @Test
  void chatReturnsTextAndTokenUsage() {
    ChatResponse response =
        model(null).chat(ChatRequest.builder().messages(UserMessage.from("Hello there")).build());

    assertThat(response.aiMessage().text()).contains("Hello there").contains("1 message");
    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(response.tokenUsage().inputTokenCount()).isPositive();
    assertThat(response.tokenUsage().outputTokenCount()).isPositive();
    assertThat(response.tokenUsage().totalTokenCount())
        .isEqualTo(
            response.tokenUsage().inputTokenCount() + response.tokenUsage().outputTokenCount());
  }

  @Test
  void sameConversationGetsSameReply() {
    String first = model(null).chat("What is the capital of France?");

    String second = model(null).chat("What is the capital of France?");

    assertThat(second).isEqualTo(first);
  }

  @Test
  void summarizationReturnsBulletedSentencesOfTheInput() {
    ChatRequest request =
        ChatRequest.builder()
            .messages(
                SystemMessage.from("Summarize the user's text as bullets, in at most 40 words."),
                UserMessage.from(ARTICLE))
            .build();

    String summary = model(null).chat(request).aiMessage().text();

    assertThat(summary.lines())
        .isNotEmpty()
        .allSatisfy(
            line -> {
              assertThat(line).startsWith("- ");
              assertThat(ARTICLE).contains(line.substring(2));
            });
    assertThat(summary.split("\\s+")).hasSizeLessThanOrEqualTo(40);
  }

  @Test
  void maxTokensCutsTheReplyWithLengthFinishReason() {
    ChatResponse response =
        model(5)
            .chat(ChatRequest.builder().messages(UserMessage.from("Tell me a long story")).build());

    assertThat(response.finishReason()).isEqualTo(FinishReason.LENGTH);
    assertThat(response.tokenUsage().outputTokenCount()).isEqualTo(5);
    assertThat(Arrays.asList(response.aiMessage().text().split("\\s+"))).hasSizeLessThan(8);
  }
}
