package dev.promptly.api.usage;

/** Micro-dollars, as stored, to the USD amounts the API shows. */
final class Money {
  private static final double MICROS_PER_USD = 1_000_000.0;

  private Money() {}

  static double usd(long micros) {
    return micros / MICROS_PER_USD;
  }
}
