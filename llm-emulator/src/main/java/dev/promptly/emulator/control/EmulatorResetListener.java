package dev.promptly.emulator.control;

/**
 * State outside the configuration and the stats that {@code POST /emulator/reset} forgets too, so
 * that a test starting with a reset never sees what an earlier test left behind.
 */
public interface EmulatorResetListener {

  void onEmulatorReset();
}
