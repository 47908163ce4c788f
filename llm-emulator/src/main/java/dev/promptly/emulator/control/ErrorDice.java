package dev.promptly.emulator.control;

/** Draws a uniform number in [0, 1) to decide whether to inject an error; fixed in tests. */
@FunctionalInterface
interface ErrorDice {

  double roll();
}
