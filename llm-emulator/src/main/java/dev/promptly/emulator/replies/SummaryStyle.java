package dev.promptly.emulator.replies;

/** How an extractive summary is laid out. */
enum SummaryStyle {
  PARAGRAPH,
  BULLETS,
  TLDR
}
