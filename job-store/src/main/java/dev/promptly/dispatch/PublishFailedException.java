package dev.promptly.dispatch;

/** The broker did not confirm a publish; the dispatch stays unsent for the relay. */
public class PublishFailedException extends RuntimeException {
  public PublishFailedException(String message) {
    super(message);
  }

  public PublishFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
