package dev.vigil.server.api.prom;

import dev.vigil.promql.ast.AggregateExpr;
import dev.vigil.promql.ast.At;
import dev.vigil.promql.ast.BinaryExpr;
import dev.vigil.promql.ast.Call;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.ast.LabelMatcher;
import dev.vigil.promql.ast.MatrixSelector;
import dev.vigil.promql.ast.NumberLiteral;
import dev.vigil.promql.ast.ParenExpr;
import dev.vigil.promql.ast.StringLiteral;
import dev.vigil.promql.ast.SubqueryExpr;
import dev.vigil.promql.ast.UnaryExpr;
import dev.vigil.promql.ast.ValueType;
import dev.vigil.promql.ast.VectorMatching;
import dev.vigil.promql.ast.VectorSelector;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A parsed query as the JSON tree Prometheus's {@code /api/v1/parse_query} answers (the shape its
 * UI's tree view reads): one object per node with a {@code type} of {@code aggregation}, {@code
 * binaryExpr}, {@code call}, {@code matrixSelector}, {@code subquery}, {@code numberLiteral},
 * {@code parenExpr}, {@code stringLiteral}, {@code unaryExpr} or {@code vectorSelector}; durations
 * in milliseconds; numbers as strings.
 */
final class AstJson {
  private AstJson() {}

  static Object of(Expr e) {
    if (e == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    switch (e) {
      case AggregateExpr a -> {
        m.put("type", "aggregation");
        m.put("op", a.op().keyword());
        m.put("expr", of(a.expr()));
        m.put("param", of(a.param()));
        m.put("grouping", a.grouping());
        m.put("without", a.without());
      }
      case BinaryExpr b -> {
        m.put("type", "binaryExpr");
        m.put("op", b.op().symbol());
        m.put("lhs", of(b.lhs()));
        m.put("rhs", of(b.rhs()));
        m.put("matching", matching(b.matching()));
        m.put("bool", b.returnBool());
      }
      case Call c -> {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("name", c.func().name());
        f.put("argTypes", c.func().argTypes().stream().map(ValueType::apiName).toList());
        f.put("variadic", c.func().variadic());
        f.put("returnType", c.func().returnType().apiName());
        List<Object> args = new ArrayList<>();
        for (Expr arg : c.args()) {
          args.add(of(arg));
        }
        m.put("type", "call");
        m.put("func", f);
        m.put("args", args);
      }
      case MatrixSelector ms -> {
        VectorSelector vs = ms.selector();
        m.put("type", "matrixSelector");
        m.put("name", vs.name());
        m.put("range", ms.rangeMillis());
        selector(m, vs);
      }
      case SubqueryExpr sq -> {
        m.put("type", "subquery");
        m.put("expr", of(sq.expr()));
        m.put("range", sq.rangeMillis());
        m.put("offset", sq.offsetMillis());
        m.put("step", sq.stepMillis());
        at(m, sq.at());
      }
      case NumberLiteral n -> {
        m.put("type", "numberLiteral");
        m.put("val", number(n.value()));
      }
      case ParenExpr p -> {
        m.put("type", "parenExpr");
        m.put("expr", of(p.expr()));
      }
      case StringLiteral s -> {
        m.put("type", "stringLiteral");
        m.put("val", s.value());
      }
      case UnaryExpr u -> {
        m.put("type", "unaryExpr");
        m.put("op", u.negative() ? "-" : "+");
        m.put("expr", of(u.expr()));
      }
      case VectorSelector vs -> {
        m.put("type", "vectorSelector");
        m.put("name", vs.name());
        selector(m, vs);
      }
      default -> throw new IllegalArgumentException("unsupported node " + e.getClass());
    }
    return m;
  }

  private static void selector(Map<String, Object> m, VectorSelector vs) {
    m.put("offset", vs.offsetMillis());
    List<Object> matchers = new ArrayList<>();
    for (LabelMatcher lm : vs.matchers()) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("name", lm.name());
      x.put("value", lm.value());
      x.put("type", lm.op().symbol());
      matchers.add(x);
    }
    m.put("matchers", matchers);
    at(m, vs.at());
    m.put("anchored", vs.anchored());
    m.put("smoothed", vs.smoothed());
  }

  private static void at(Map<String, Object> m, At at) {
    m.put("timestamp", at != null && at.kind() == At.Kind.TIMESTAMP ? at.millis() : null);
    m.put(
        "startOrEnd",
        at == null || at.kind() == At.Kind.TIMESTAMP
            ? null
            : at.kind().name().toLowerCase(Locale.ROOT));
  }

  private static Object matching(VectorMatching vm) {
    if (vm == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(
        "card",
        switch (vm.card()) {
          case ONE_TO_ONE -> "one-to-one";
          case MANY_TO_ONE -> "many-to-one";
          case ONE_TO_MANY -> "one-to-many";
          case MANY_TO_MANY -> "many-to-many";
        });
    m.put("labels", vm.matchingLabels());
    m.put("on", vm.on());
    m.put("include", vm.include());
    Map<String, Object> fill = new LinkedHashMap<>();
    fill.put("lhs", vm.fillLhs());
    fill.put("rhs", vm.fillRhs());
    m.put("fillValues", fill);
    return m;
  }

  /** Like Go's {@code strconv.FormatFloat(v, 'f', -1, 64)}: shortest digits, no exponent. */
  static String number(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == 0) {
      return Double.doubleToRawLongBits(v) < 0 ? "-0" : "0";
    }
    return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
  }
}
