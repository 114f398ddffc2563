package dev.vigil.alerting.silence;

/**
 * A silence that cannot be stored: invalid ({@link #notFound()} false, the API answers 400) or an
 * update of an id that does not exist (the API answers 404). The message is Alertmanager's wording.
 */
public final class SilenceException extends Exception {
  private static final long serialVersionUID = 1L;
  private final boolean notFound;

  SilenceException(String message, boolean notFound) {
    super(message);
    this.notFound = notFound;
  }

  static SilenceException notFoundError() {
    return new SilenceException("silence not found", true);
  }

  static SilenceException invalid(String reason) {
    return new SilenceException("silence invalid: " + reason, false);
  }

  /** True when the silence to update or expire does not exist. */
  public boolean notFound() {
    return notFound;
  }
}
