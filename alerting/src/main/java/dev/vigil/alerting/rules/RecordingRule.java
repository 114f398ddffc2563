package dev.vigil.alerting.rules;

import dev.vigil.core.model.Labels;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.engine.QueryResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A recording rule: writes the result of its expression under a new metric name. */
public final class RecordingRule extends Rule {
  RecordingRule(RuleSpec spec, Expr expr) {
    super(spec, expr);
  }

  @Override
  List<Output> eval(long ts, Evaluation ev) {
    List<QueryResult.Sample> res = query(expr, ts - ev.queryOffsetMillis(), ev);
    List<Output> out = new ArrayList<>(res.size());
    Set<Labels> seen = new HashSet<>();
    for (QueryResult.Sample s : res) {
      Labels.Builder b = s.labels().toBuilder().set(Labels.METRIC_NAME, spec.record());
      for (Map.Entry<String, String> l : spec.labels().entrySet()) {
        b.set(l.getKey(), l.getValue());
      }
      Labels l = b.build();
      if (!seen.add(l)) {
        throw new IllegalStateException(
            "vector contains metrics with the same labelset after applying rule labels");
      }
      out.add(new Output(l, s.v()));
    }
    if (ev.limit() > 0 && out.size() > ev.limit()) {
      throw new IllegalStateException(
          "exceeded limit of " + ev.limit() + " with " + out.size() + " series");
    }
    return out;
  }
}
