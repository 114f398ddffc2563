package dev.vigil.alerting.template;

/**
 * A template that does not parse, or that fails while it executes. The message has Go's shape:
 * {@code template: NAME:LINE: reason}.
 */
public final class TemplateException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TemplateException(String message) {
    super(message);
  }
}
