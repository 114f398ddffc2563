package dev.vigil.alerting.notify;

/** A notification was not delivered; says whether a retry may help. */
public final class NotifyException extends Exception {
  private static final long serialVersionUID = 1L;

  private final boolean retryable;

  public NotifyException(String message, boolean retryable) {
    super(message);
    this.retryable = retryable;
  }

  public NotifyException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  /** Whether sending the same notification again may succeed. */
  public boolean retryable() {
    return retryable;
  }
}
