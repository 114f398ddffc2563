package dev.vigil.alerting.rules;

import java.util.Map;

/**
 * One rule as written in a rule file: a recording rule ({@code record}) or an alerting rule ({@code
 * alert}), exactly one of which is non-empty. Immutable.
 *
 * @param record the metric name a recording rule writes; "" for alerting rules
 * @param alert the alert name; "" for recording rules
 * @param expr the PromQL expression
 * @param forMillis how long an alert stays pending before it fires
 * @param keepFiringForMillis how long an alert keeps firing after its condition cleared
 * @param labels labels to add or overwrite (templates for alerting rules)
 * @param annotations annotation templates (alerting rules only)
 */
public record RuleSpec(
    String record,
    String alert,
    String expr,
    long forMillis,
    long keepFiringForMillis,
    Map<String, String> labels,
    Map<String, String> annotations) {

  public RuleSpec {
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
  }

  /** The rule's name: the recorded metric or the alert name. */
  public String name() {
    return record.isEmpty() ? alert : record;
  }

  /** Whether this is an alerting rule. */
  public boolean isAlert() {
    return !alert.isEmpty();
  }
}
