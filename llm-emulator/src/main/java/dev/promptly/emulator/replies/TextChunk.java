package dev.promptly.emulator.replies;

/**
 * One content delta of a stream.
 *
 * @param text the delta
 * @param tokens how many tokens it carries, which paces the stream
 */
public record TextChunk(String text, int tokens) {}
