package dev.promptly.bench;

import java.util.Locale;

/** Numbers as the report prints them, the same on every machine's locale. */
final class Format {
  private Format() {}

  static String number(double value) {
    return number(value, value >= 100 || value == Math.rint(value) ? 0 : 1);
  }

  static String number(double value, int decimals) {
    if (Double.isNaN(value)) {
      return "–";
    }
    return String.format(Locale.ROOT, "%,." + decimals + "f", value);
  }

  static String percent(double ratio) {
    return number(ratio * 100, 1) + " %";
  }
}
