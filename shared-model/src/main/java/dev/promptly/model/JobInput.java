package dev.promptly.model;

/**
 * The input of a job. A sealed interface so that every {@code switch} over the kinds is exhaustive:
 * a new kind fails to compile wherever it is not handled.
 */
public sealed interface JobInput permits SummarizeInput, ChatInput {

  /** The kind of job this input belongs to. */
  JobKind kind();
}
