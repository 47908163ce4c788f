package dev.promptly.model;

/** How a summary is laid out. */
public enum SummaryStyle {
  BULLETS,
  PARAGRAPH,
  TLDR;

  /** The lower-case name used in the HTTP API. */
  public String wireName() {
    return WireEnums.wireName(this);
  }

  /** Parses a wire name; throws {@link IllegalArgumentException} for an unknown one. */
  public static SummaryStyle fromWireName(String wireName) {
    return WireEnums.fromWireName(SummaryStyle.class, wireName);
  }
}
