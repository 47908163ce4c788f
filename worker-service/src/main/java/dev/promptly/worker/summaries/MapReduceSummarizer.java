package dev.promptly.worker.summaries;

import dev.promptly.model.JobErrorCode;
import dev.promptly.model.SummarizeInput;
import dev.promptly.tracing.TraceContexts;
import dev.promptly.worker.failures.PermanentJobException;
import dev.promptly.worker.llm.ChatCompletion;
import dev.promptly.worker.llm.TokenEstimator;
import dev.promptly.worker.prompts.Prompt;
import dev.promptly.worker.prompts.PromptRenderer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Summarizes a text of any length. One that fits the model (with the prompt and the room for the
 * answer) is one call. A longer one is split into chunks that fit, summarized chunk by chunk in
 * parallel (map), and the chunk summaries are merged (reduce) in as many rounds as it takes until
 * they fit one final call, which honours the job's style and word limit.
 *
 * <p>When the provider says the context was exceeded anyway (its window is smaller than the catalog
 * says), the text is split again for half the window, twice at most.
 */
public class MapReduceSummarizer {
  private static final int MAX_SHRINKS = 2;
  // A chunk smaller than this is not worth a call: the prompt would dwarf the text.
  private static final int MIN_CHUNK_TOKENS = 256;

  private final PromptRenderer prompts;
  private final SummaryProperties properties;
  private final ParallelCalls parallel;
  private final TextSplitter splitter = new TextSplitter();
  private final TokenEstimator tokens = new TokenEstimator();

  public MapReduceSummarizer(PromptRenderer prompts, SummaryProperties properties) {
    this(prompts, properties, TraceContexts.none());
  }

  /**
   * @param traces carries the job's trace and log context to the threads that make chunk calls
   */
  public MapReduceSummarizer(
      PromptRenderer prompts, SummaryProperties properties, TraceContexts traces) {
    this.prompts = prompts;
    this.properties = properties;
    this.parallel = new ParallelCalls(properties.maxParallelCalls(), traces);
  }

  /**
   * @param contextWindow the model's context window in tokens, from the catalog
   * @param calls makes each model call
   * @param progress told what happens, e.g. {@code map 3/12}, as it happens
   */
  public Summary summarize(
      SummarizeInput input, int contextWindow, SummaryCalls calls, Consumer<String> progress) {
    int window = contextWindow;
    for (int shrinks = 0; ; shrinks++) {
      try {
        return summarizeWithin(input, window, calls, progress);
      } catch (PermanentJobException e) {
        if (e.code() != JobErrorCode.CONTEXT_LENGTH_EXCEEDED
            || shrinks == MAX_SHRINKS
            || window / 2 < MIN_CHUNK_TOKENS * 2) {
          throw e;
        }
        window /= 2;
        progress.accept(
            "provider reported the context window exceeded; splitting for " + window + " tokens");
      }
    }
  }

  private Summary summarizeWithin(
      SummarizeInput input, int window, SummaryCalls calls, Consumer<String> progress) {
    Prompt whole = prompts.render(input);
    if (fits(whole, window)) {
      ChatCompletion answer = calls.completeAnswer(whole);
      return new Summary(answer.text(), answer.finishReason(), answer.refusal(), 1, 1);
    }
    int words = properties.chunkSummaryWords();
    int budget = room(prompts.summarizeChunk("", 1, 1, words), window);
    List<String> chunks = splitter.split(input.text(), budget, properties.overlapTokens());
    progress.accept("split into " + chunks.size() + " chunks of at most " + budget + " tokens");
    List<String> partials = map(chunks, words, calls, progress);
    for (int pass = 1; ; pass++) {
      String joined = String.join("\n\n", partials);
      Prompt last = prompts.reduceSummaries(joined, input.style(), input.maxWords());
      if (fits(last, window)) {
        progress.accept("reduce pass " + pass + ": " + partials.size() + " summaries into 1");
        ChatCompletion answer = calls.completeAnswer(last);
        return new Summary(
            answer.text(), answer.finishReason(), answer.refusal(), chunks.size(), pass + 1);
      }
      List<String> merged = combine(partials, words, window, calls);
      progress.accept(
          "reduce pass " + pass + ": " + partials.size() + " summaries into " + merged.size());
      partials = merged;
    }
  }

  private List<String> map(
      List<String> chunks, int words, SummaryCalls calls, Consumer<String> progress) {
    int parts = chunks.size();
    return parallel.run(
        parts,
        properties.maxParallelChunks(),
        i -> {
          ChatCompletion answer =
              calls.completeChunk(prompts.summarizeChunk(chunks.get(i), i + 1, parts, words));
          progress.accept("map " + (i + 1) + "/" + parts);
          return answer.text();
        });
  }

  /** One reduce round that does not yet fit the final call: merges neighbours in groups. */
  private List<String> combine(List<String> partials, int words, int window, SummaryCalls calls) {
    int budget = room(prompts.combineSummaries("", words), window);
    List<String> groups = new ArrayList<>();
    StringBuilder group = new StringBuilder();
    int groupTokens = 0;
    for (String partial : partials) {
      int partialTokens = splitter.count(partial) + 2;
      if (groupTokens > 0 && groupTokens + partialTokens > budget) {
        groups.add(group.toString());
        group.setLength(0);
        groupTokens = 0;
      }
      group.append(group.isEmpty() ? "" : "\n\n").append(partial);
      groupTokens += partialTokens;
    }
    groups.add(group.toString());
    if (groups.size() >= partials.size()) {
      throw new PermanentJobException(
          JobErrorCode.CONTEXT_LENGTH_EXCEEDED,
          "the model's context window is too small to merge the summaries of the parts",
          null);
    }
    return parallel.run(
        groups.size(),
        properties.maxParallelChunks(),
        i -> calls.complete(prompts.combineSummaries(groups.get(i), words)).text());
  }

  /** Tokens left for the text in a prompt, after its instructions, the answer and a margin. */
  private int room(Prompt emptyPrompt, int window) {
    int room = window - tokens.promptTokens(emptyPrompt.messages()) - answerRoom(emptyPrompt);
    room -= margin(window);
    if (room < MIN_CHUNK_TOKENS) {
      throw new PermanentJobException(
          JobErrorCode.CONTEXT_LENGTH_EXCEEDED,
          "the model's context window of " + window + " tokens is too small to summarize in parts",
          null);
    }
    return room;
  }

  private boolean fits(Prompt prompt, int window) {
    return tokens.promptTokens(prompt.messages()) + answerRoom(prompt) + margin(window) <= window;
  }

  private static int answerRoom(Prompt prompt) {
    return prompt.maxTokens() == null ? 0 : prompt.maxTokens();
  }

  // Tokenizers of other providers, and how each frames messages, differ a little from ours.
  private static int margin(int window) {
    return Math.max(32, window / 50);
  }
}
