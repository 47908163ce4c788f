package dev.promptly.emulator.replies;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a summarization request asks for, read from the prompt the way a model would: the text is
 * the last user message (or a delimited block inside it), and the word limit and style are phrases
 * in the instructions.
 *
 * @param text the text to summarize
 * @param style the requested layout, {@link SummaryStyle#PARAGRAPH} when none is named
 * @param maxWords the requested word limit, {@value #DEFAULT_MAX_WORDS} when none is named
 */
record SummaryPrompt(String text, SummaryStyle style, int maxWords) {

  static final int DEFAULT_MAX_WORDS = 120;

  private static final Pattern SUMMARIZATION = Pattern.compile("(?i)summar");
  private static final Pattern DELIMITED_TEXT =
      Pattern.compile(
          "(?s)<(text|document|article)>(?<body>.*?)</\\1>"
              + "|\"\"\"(?<quoted>.*?)\"\"\""
              + "|```[a-zA-Z]*\\n?(?<fenced>.*?)```");
  private static final Pattern WORD_LIMIT =
      Pattern.compile(
          "(?i)\\b(?:at most|no more than|not more than|up to|maximum of|maximum|max|under"
              + "|fewer than|less than|within|limited to|in)\\s+(?<phrase>\\d{1,5})\\s+words?\\b"
              + "|\\bmax[_ ]?words\"?\\s*[:=]?\\s*(?<field>\\d{1,5})\\b"
              + "|\\b(?<adjective>\\d{1,5})[- ]word\\b");
  private static final Pattern EXPLICIT_STYLE =
      Pattern.compile("(?i)\\bstyle\"?\\s*[:=]\\s*\"?(bullets?|tl;?dr|paragraph)");
  private static final Pattern STYLE_MENTION =
      Pattern.compile(
          "(?i)\\b(?:(?<bullets>bullet(?:s|ed)?)\\b|(?<tldr>tl;?\\s?dr)\\b|(?<paragraph>paragraph)\\b)");

  SummaryPrompt {
    if (maxWords < 1) {
      throw new IllegalArgumentException("maxWords must be positive");
    }
  }

  /** A summarization request is one whose system (or developer) message mentions "summar". */
  static Optional<SummaryPrompt> parse(List<ConversationMessage> conversation) {
    boolean summarization =
        conversation.stream()
            .anyMatch(m -> m.isInstruction() && SUMMARIZATION.matcher(m.content()).find());
    if (!summarization) {
      return Optional.empty();
    }
    int last = lastUserMessage(conversation);
    String userContent = last < 0 ? "" : conversation.get(last).content();
    UserMessageParts parts = UserMessageParts.of(userContent);
    StringBuilder instructions = new StringBuilder();
    for (int i = 0; i < conversation.size(); i++) {
      if (i != last) {
        instructions.append(conversation.get(i).content()).append('\n');
      }
    }
    instructions.append(parts.instructions());
    String everything = instructions + "\n" + parts.text();
    int maxWords =
        wordLimitIn(instructions.toString())
            .or(() -> wordLimitIn(everything))
            .orElse(DEFAULT_MAX_WORDS);
    return Optional.of(new SummaryPrompt(parts.text(), styleIn(instructions.toString()), maxWords));
  }

  private static int lastUserMessage(List<ConversationMessage> conversation) {
    for (int i = conversation.size() - 1; i >= 0; i--) {
      if (conversation.get(i).isUser()) {
        return i;
      }
    }
    return -1;
  }

  private static Optional<Integer> wordLimitIn(String text) {
    Matcher matcher = WORD_LIMIT.matcher(text);
    if (!matcher.find()) {
      return Optional.empty();
    }
    String digits =
        firstNonNull(matcher.group("phrase"), matcher.group("field"), matcher.group("adjective"));
    return Optional.of(Math.max(1, Integer.parseInt(digits)));
  }

  private static SummaryStyle styleIn(String instructions) {
    Matcher explicit = EXPLICIT_STYLE.matcher(instructions);
    if (explicit.find()) {
      return styleNamed(explicit.group(1));
    }
    Matcher mention = STYLE_MENTION.matcher(instructions);
    if (!mention.find()) {
      return SummaryStyle.PARAGRAPH;
    }
    if (mention.group("bullets") != null) {
      return SummaryStyle.BULLETS;
    }
    return mention.group("tldr") != null ? SummaryStyle.TLDR : SummaryStyle.PARAGRAPH;
  }

  private static SummaryStyle styleNamed(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.startsWith("bullet")) {
      return SummaryStyle.BULLETS;
    }
    return lower.startsWith("tl") ? SummaryStyle.TLDR : SummaryStyle.PARAGRAPH;
  }

  /** The last user message split into the text to summarize and any instructions around it. */
  private record UserMessageParts(String text, String instructions) {

    static UserMessageParts of(String content) {
      Matcher delimited = DELIMITED_TEXT.matcher(content);
      if (delimited.find()) {
        String body =
            firstNonNull(
                delimited.group("body"), delimited.group("quoted"), delimited.group("fenced"));
        return new UserMessageParts(
            body.strip(),
            content.substring(0, delimited.start()) + "\n" + content.substring(delimited.end()));
      }
      String stripped = content.strip();
      int newline = stripped.indexOf('\n');
      if (newline > 0) {
        String firstLine = stripped.substring(0, newline).strip();
        if (firstLine.endsWith(":") && SUMMARIZATION.matcher(firstLine).find()) {
          return new UserMessageParts(stripped.substring(newline + 1).strip(), firstLine);
        }
      }
      return new UserMessageParts(stripped, "");
    }
  }

  private static String firstNonNull(String... candidates) {
    for (String candidate : candidates) {
      if (candidate != null) {
        return candidate;
      }
    }
    throw new IllegalStateException("a matched alternative has no group");
  }
}
