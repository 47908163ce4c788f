package dev.promptly.api.jobs;

import dev.promptly.api.web.FieldProblem;
import dev.promptly.api.web.StrictJson;
import dev.promptly.model.ChatInput;
import dev.promptly.model.ChatMessage;
import dev.promptly.model.ChatRole;
import dev.promptly.model.JobInput;
import dev.promptly.model.JobKind;
import dev.promptly.model.SummarizeInput;
import dev.promptly.model.SummaryStyle;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/** Binds and checks the {@code input} of a job, whose shape depends on the job's kind. */
@Component
class JobInputReader {
  static final int MAX_CONTENT_CHARS = 100_000;
  private static final List<String> STYLES = List.of("bullets", "paragraph", "tldr");
  private static final List<String> ROLES = List.of("system", "user", "assistant");

  private final StrictJson json;
  private final JobsProperties properties;

  JobInputReader(StrictJson json, JobsProperties properties) {
    this.json = json;
    this.properties = properties;
  }

  /** The input, or null after adding to {@code problems} what is wrong with it. */
  JobInput read(JobKind kind, JsonNode input, List<FieldProblem> problems) {
    if (input == null || input.isNull()) {
      problems.add(new FieldProblem("input", "is required"));
      return null;
    }
    if (!input.isObject()) {
      problems.add(new FieldProblem("input", "must be an object"));
      return null;
    }
    return switch (kind) {
      case SUMMARIZE -> summarize(input, problems);
      case CHAT -> chat(input, problems);
    };
  }

  private SummarizeInput summarize(JsonNode node, List<FieldProblem> problems) {
    int before = problems.size();
    StrictJson.Bound<JobRequest.SummarizeInputRequest> bound =
        json.bind(node, JobRequest.SummarizeInputRequest.class, "input", problems).orElse(null);
    if (bound == null) {
      return null;
    }
    JobRequest.SummarizeInputRequest request = bound.value();
    String text = request.text();
    if (!bound.rejected("text") && FieldRules.required(text, "input.text", problems)) {
      if (text.isBlank()) {
        problems.add(new FieldProblem("input.text", "must not be blank"));
      } else if (text.length() > properties.maxTextChars()) {
        problems.add(
            new FieldProblem(
                "input.text", "must be at most " + properties.maxTextChars() + " characters"));
      }
    }
    SummaryStyle style =
        FieldRules.oneOf(
            request.style(),
            "input.style",
            STYLES,
            SummaryStyle::fromWireName,
            SummaryStyle.PARAGRAPH,
            problems);
    Integer maxWords =
        FieldRules.intInRange(
            request.maxWords(),
            "input.max_words",
            SummarizeInput.MIN_WORDS,
            SummarizeInput.MAX_WORDS,
            SummarizeInput.DEFAULT_MAX_WORDS,
            problems);
    return problems.size() > before ? null : new SummarizeInput(text, style, maxWords);
  }

  private ChatInput chat(JsonNode node, List<FieldProblem> problems) {
    int before = problems.size();
    StrictJson.Bound<JobRequest.ChatInputRequest> bound =
        json.bind(node, JobRequest.ChatInputRequest.class, "input", problems).orElse(null);
    if (bound == null) {
      return null;
    }
    JobRequest.ChatInputRequest request = bound.value();
    List<ChatMessage> messages =
        bound.rejected("messages") ? List.of() : messages(request.messages(), problems);
    Double temperature = request.temperature();
    if (temperature != null && !(temperature >= 0 && temperature <= 2)) {
      problems.add(new FieldProblem("input.temperature", "must be between 0 and 2"));
    }
    Integer maxTokens =
        FieldRules.intInRange(
            request.maxTokens(), "input.max_tokens", 1, ChatInput.MAX_TOKENS_LIMIT, null, problems);
    return problems.size() > before ? null : new ChatInput(messages, temperature, maxTokens);
  }

  private List<ChatMessage> messages(
      List<JobRequest.ChatMessageRequest> requested, List<FieldProblem> problems) {
    if (!FieldRules.required(requested, "input.messages", problems)) {
      return List.of();
    }
    if (requested.isEmpty() || requested.size() > ChatInput.MAX_MESSAGES) {
      problems.add(
          new FieldProblem(
              "input.messages", "must hold 1 to " + ChatInput.MAX_MESSAGES + " messages"));
      return List.of();
    }
    List<ChatMessage> messages = new ArrayList<>();
    for (int i = 0; i < requested.size(); i++) {
      String path = "input.messages[" + i + "]";
      JobRequest.ChatMessageRequest message = requested.get(i);
      if (message == null) {
        problems.add(new FieldProblem(path, "must be an object"));
        continue;
      }
      ChatRole role = null;
      if (FieldRules.required(message.role(), path + ".role", problems)) {
        role =
            FieldRules.oneOf(
                message.role(), path + ".role", ROLES, ChatRole::fromWireName, null, problems);
      }
      String content = message.content();
      if (FieldRules.required(content, path + ".content", problems)) {
        if (content.isEmpty()) {
          problems.add(new FieldProblem(path + ".content", "must not be empty"));
        } else if (content.length() > MAX_CONTENT_CHARS) {
          problems.add(
              new FieldProblem(
                  path + ".content", "must be at most " + MAX_CONTENT_CHARS + " characters"));
        }
      }
      if (role != null && content != null) {
        messages.add(new ChatMessage(role, content));
      }
    }
    return messages;
  }
}
