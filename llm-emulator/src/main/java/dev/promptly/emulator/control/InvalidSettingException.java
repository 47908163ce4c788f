package dev.promptly.emulator.control;

/** A setting outside its range; names the wire field so the 400 can point at it. */
class InvalidSettingException extends IllegalArgumentException {

  private final String field;

  InvalidSettingException(String field, String message) {
    super(message);
    this.field = field;
  }

  String field() {
    return field;
  }
}
