package dev.vigil.alerting.rules;

import java.util.List;

/**
 * A rule file that cannot be used. Each error is one line in promtool's shape: {@code FILE:
 * LINE:COL: group "g", rule 1, "name": what is wrong}.
 */
public final class RuleFileException extends Exception {
  private static final long serialVersionUID = 1L;

  private final List<String> errors;

  public RuleFileException(List<String> errors) {
    super(String.join("\n", errors));
    this.errors = List.copyOf(errors);
  }

  /** One message per problem found. */
  public List<String> errors() {
    return errors;
  }
}
