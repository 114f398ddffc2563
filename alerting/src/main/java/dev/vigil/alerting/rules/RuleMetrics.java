package dev.vigil.alerting.rules;

import dev.vigil.core.selfmetrics.Counter;
import dev.vigil.core.selfmetrics.Gauge;
import dev.vigil.core.selfmetrics.Histogram;
import dev.vigil.core.selfmetrics.MetricsRegistry;

/**
 * The rule engine's own metrics, Prometheus's {@code prometheus_rule_*} family under Vigil's
 * prefix. The {@code rule_group} label is {@code FILE;GROUP} as in Prometheus.
 */
final class RuleMetrics {
  final Histogram evalDuration =
      new Histogram(
          "vigil_rule_evaluation_duration_seconds",
          "The duration of rule evaluations.",
          Histogram.defaultSecondsBuckets());
  final Histogram groupDuration =
      new Histogram(
          "vigil_rule_group_duration_seconds",
          "The duration of rule group evaluations.",
          Histogram.defaultSecondsBuckets());
  final Counter evaluations =
      new Counter(
          "vigil_rule_evaluations_total", "The total number of rule evaluations.", "rule_group");
  final Counter failures =
      new Counter(
          "vigil_rule_evaluation_failures_total",
          "The total number of rule evaluation failures.",
          "rule_group");
  final Counter iterations =
      new Counter(
          "vigil_rule_group_iterations_total",
          "The total number of scheduled rule group evaluations, whether executed or missed.",
          "rule_group");
  final Counter missed =
      new Counter(
          "vigil_rule_group_iterations_missed_total",
          "The total number of rule group evaluations missed due to slow rule group evaluation.",
          "rule_group");
  final Gauge interval =
      new Gauge("vigil_rule_group_interval_seconds", "The interval of a rule group.", "rule_group");
  final Gauge lastDuration =
      new Gauge(
          "vigil_rule_group_last_duration_seconds",
          "The duration of the last rule group evaluation.",
          "rule_group");
  final Gauge lastEvaluation =
      new Gauge(
          "vigil_rule_group_last_evaluation_timestamp_seconds",
          "The timestamp of the last rule group evaluation in seconds.",
          "rule_group");
  final Gauge lastSamples =
      new Gauge(
          "vigil_rule_group_last_evaluation_samples",
          "The number of samples returned during the last rule group evaluation.",
          "rule_group");
  final Gauge rules = new Gauge("vigil_rule_group_rules", "The number of rules.", "rule_group");

  /** Metrics that are not registered anywhere, for tests and embedded use. */
  RuleMetrics() {}

  /** Registers every family with {@code registry}. */
  RuleMetrics(MetricsRegistry registry) {
    registry.register(evalDuration, evalDuration.name());
    registry.register(groupDuration, groupDuration.name());
    registry.register(evaluations, evaluations.name());
    registry.register(failures, failures.name());
    registry.register(iterations, iterations.name());
    registry.register(missed, missed.name());
    registry.register(interval, interval.name());
    registry.register(lastDuration, lastDuration.name());
    registry.register(lastEvaluation, lastEvaluation.name());
    registry.register(lastSamples, lastSamples.name());
    registry.register(rules, rules.name());
  }
}
