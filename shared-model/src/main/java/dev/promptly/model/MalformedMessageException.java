package dev.promptly.model;

/** A queue message or stored document that cannot be decoded; retrying will not help. */
public class MalformedMessageException extends RuntimeException {
  public MalformedMessageException(String message) {
    super(message);
  }

  public MalformedMessageException(String message, Throwable cause) {
    super(message, cause);
  }
}
