package dev.promptly.model;

import java.util.Locale;

/** Maps enums to and from the lower-case names the HTTP API and the database use. */
final class WireEnums {
  private WireEnums() {}

  static String wireName(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  static <E extends Enum<E>> E fromWireName(Class<E> type, String wireName) {
    if (wireName != null) {
      for (E value : type.getEnumConstants()) {
        if (wireName(value).equals(wireName)) {
          return value;
        }
      }
    }
    throw new IllegalArgumentException("unknown " + type.getSimpleName() + ": " + wireName);
  }
}
