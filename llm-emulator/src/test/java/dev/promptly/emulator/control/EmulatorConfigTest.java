package dev.promptly.emulator.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EmulatorConfigTest {

  private final EmulatorConfig config = new EmulatorConfig(FaultInjectorTest.defaultProperties());

  @Test
  void patchChangesOnlyTheGivenFields() {
    EmulatorSettings settings =
        config.apply(
            new ConfigPatch(100L, null, null, null, null, null, 7, null, null, null, null));

    assertThat(settings).isEqualTo(new EmulatorSettings(100, 0, 0, 0, 500, false, 7));
  }

  @Test
  void invalidPatchLeavesTheConfigUnchanged() {
    assertThatThrownBy(
            () ->
                config.apply(
                    new ConfigPatch(
                        100L, null, null, 1.5, null, null, null, null, null, null, null)))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("error_rate");

    assertThat(config.current().latencyMs()).isZero();
  }

  @Test
  void errorStatusMustBeAnErrorStatus() {
    assertThatThrownBy(
            () ->
                config.apply(
                    new ConfigPatch(
                        null, null, null, null, 200, null, null, null, null, null, null)))
        .hasMessageContaining("error_status");
  }

  @Test
  void resetReturnsToTheStartupSettings() {
    config.apply(new ConfigPatch(5L, 5L, 5L, 0.5, 502, true, 3, null, null, null, null));

    config.reset();

    assertThat(config.current()).isEqualTo(new EmulatorSettings(0, 0, 0, 0, 500, false, 0));
  }
}
