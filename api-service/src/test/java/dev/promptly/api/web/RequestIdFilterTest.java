package dev.promptly.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestIdFilterTest {

  @Test
  void acceptsVisibleAsciiUpTo128Characters() {
    assertThat(RequestIdFilter.isSane("abc-123_XYZ:/.")).isTrue();
    assertThat(RequestIdFilter.isSane("a".repeat(128))).isTrue();
  }

  @Test
  void rejectsEmptyLongOrUnprintableIds() {
    assertThat(RequestIdFilter.isSane(null)).isFalse();
    assertThat(RequestIdFilter.isSane("")).isFalse();
    assertThat(RequestIdFilter.isSane("a".repeat(129))).isFalse();
    assertThat(RequestIdFilter.isSane("has space")).isFalse();
    assertThat(RequestIdFilter.isSane("line\nbreak")).isFalse();
    assertThat(RequestIdFilter.isSane("ünicode")).isFalse();
  }
}
