package dev.vigil.alerting.rules;

import dev.vigil.core.model.Labels;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.engine.QueryResult;
import java.util.List;

/**
 * A rule being evaluated: its spec, parsed expression and the health of its last evaluation.
 * Subclasses hold the evaluation logic. Health fields are read by the HTTP API while the group's
 * thread evaluates, so they are guarded by the rule's monitor.
 */
public abstract sealed class Rule permits RecordingRule, AlertingRule {
  /** One output sample of an evaluation, to be written at the evaluation time. */
  record Output(Labels labels, double value) {}

  final RuleSpec spec;
  final Expr expr;
  private String lastError = "";
  private long lastEvaluation;
  private double evaluationSeconds;
  private boolean evaluated;

  Rule(RuleSpec spec, Expr expr) {
    this.spec = spec;
    this.expr = expr;
  }

  public RuleSpec spec() {
    return spec;
  }

  public String name() {
    return spec.name();
  }

  /**
   * Evaluates the rule at {@code ts} (milliseconds); returns the samples to write.
   *
   * @throws RuntimeException with the reason when the evaluation fails
   */
  abstract List<Output> eval(long ts, Evaluation ev);

  /** The instant-vector result of the rule's expression; a scalar becomes one sample. */
  static List<QueryResult.Sample> query(Expr expr, long t, Evaluation ev) {
    QueryResult r = ev.engine().instantQuery(ev.queryable(), expr, t);
    return switch (r.value()) {
      case QueryResult.Vector v -> v.samples();
      case QueryResult.Scalar s -> List.of(new QueryResult.Sample(Labels.empty(), s.t(), s.v()));
      default ->
          throw new IllegalStateException(
              "rule result is not a vector or scalar: " + r.value().resultType());
    };
  }

  synchronized void recordHealth(long ts, double seconds, Throwable error) {
    evaluated = true;
    lastEvaluation = ts;
    evaluationSeconds = seconds;
    lastError = error == null ? "" : String.valueOf(error.getMessage());
  }

  /** "ok", "err" or "unknown" (not evaluated yet), as Prometheus reports rule health. */
  public synchronized String health() {
    return !evaluated ? "unknown" : lastError.isEmpty() ? "ok" : "err";
  }

  /** The error of the last evaluation, "" when it succeeded. */
  public synchronized String lastError() {
    return lastError;
  }

  /** When the rule was last evaluated (milliseconds), 0 if never. */
  public synchronized long lastEvaluation() {
    return lastEvaluation;
  }

  /** How long the last evaluation took, in seconds. */
  public synchronized double evaluationSeconds() {
    return evaluationSeconds;
  }
}
