package dev.promptly.emulator.replies;

/**
 * A reply after the output limit.
 *
 * @param text the text kept
 * @param tokens how many tokens were kept
 * @param truncated whether the limit cut the reply short
 */
public record TokenSlice(String text, int tokens, boolean truncated) {}
