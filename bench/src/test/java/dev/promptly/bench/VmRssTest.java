package dev.promptly.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VmRssTest {
  @Test
  void residentSetSizeIsReadInMegabytes() {
    String status = "Name:\tjava\nVmPeak:\t 9999999 kB\nVmRSS:\t  307200 kB\nRssAnon:\t 1 kB\n";

    assertThat(VmRss.parseMb(status)).isEqualTo(300.0);
  }

  @Test
  void statusWithoutAnRssLineIsAnError() {
    assertThatThrownBy(() -> VmRss.parseMb("Name:\tjava\n"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
