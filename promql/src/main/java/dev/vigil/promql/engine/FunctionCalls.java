package dev.vigil.promql.engine;

import dev.vigil.core.model.Labels;
import dev.vigil.promql.ast.Call;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.ast.LabelMatcher;
import dev.vigil.promql.ast.MatrixSelector;
import dev.vigil.promql.ast.ParenExpr;
import dev.vigil.promql.ast.StringLiteral;
import dev.vigil.promql.ast.ValueType;
import dev.vigil.promql.ast.VectorSelector;
import dev.vigil.promql.engine.Val.RangeVal;
import dev.vigil.promql.engine.Val.ScalarVal;
import dev.vigil.promql.engine.Val.StringVal;
import dev.vigil.promql.engine.Val.VectorVal;
import dev.vigil.promql.parser.Strings;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Function calls: dispatch to range-vector functions, element-wise math and the special ones. */
final class FunctionCalls {
  private FunctionCalls() {}

  static Val eval(Evaluator ev, Call c) {
    String name = c.func().name();
    List<Expr> args = c.args();
    if (RangeFunctions.handles(name)) {
      return rangeFunction(ev, c);
    }
    switch (name) {
      case "time" -> {
        double[] out = new double[ev.steps];
        for (int i = 0; i < ev.steps; i++) {
          out[i] = ev.time(i) / 1000.0;
        }
        return new ScalarVal(out);
      }
      case "pi" -> {
        return ev.scalar(Math.PI);
      }
      case "start" -> {
        return ev.scalar(ev.ctx.queryStart / 1000.0);
      }
      case "end" -> {
        return ev.scalar(ev.ctx.queryEnd / 1000.0);
      }
      case "step" -> {
        return ev.scalar(ev.ctx.queryStep / 1000.0);
      }
      case "range" -> {
        return ev.scalar((ev.ctx.queryEnd - ev.ctx.queryStart) / 1000.0);
      }
      case "min_of", "max_of" -> {
        double[] a = ev.scalarArg(args.get(0));
        double[] b = ev.scalarArg(args.get(1));
        double[] out = new double[ev.steps];
        for (int i = 0; i < ev.steps; i++) {
          out[i] = name.equals("min_of") ? Math.min(a[i], b[i]) : Math.max(a[i], b[i]);
        }
        return new ScalarVal(out);
      }
      case "vector" -> {
        double[] a = ev.scalarArg(args.get(0));
        StepSeries s = new StepSeries(Labels.empty(), ev.steps, false);
        for (int i = 0; i < ev.steps; i++) {
          s.set(i, a[i]);
        }
        return new VectorVal(new ArrayList<>(List.of(s)));
      }
      case "scalar" -> {
        List<StepSeries> in = vector(ev, args.get(0));
        double[] out = new double[ev.steps];
        for (int i = 0; i < ev.steps; i++) {
          int count = 0;
          double v = Double.NaN;
          for (StepSeries s : in) {
            if (s.present[i]) {
              count++;
              v = s.values[i];
            }
          }
          out[i] = count == 1 ? v : Double.NaN;
        }
        return new ScalarVal(out);
      }
      case "timestamp" -> {
        List<StepSeries> in;
        if (args.get(0) instanceof VectorSelector vs) {
          in = ev.vectorSelector(vs, true);
        } else {
          in = vector(ev, args.get(0));
          for (StepSeries s : in) {
            for (int i = 0; i < ev.steps; i++) {
              s.values[i] = ev.time(i) / 1000.0;
            }
          }
        }
        for (StepSeries s : in) {
          ev.markDropName(s);
        }
        return new VectorVal(in);
      }
      case "absent" -> {
        List<StepSeries> in = vector(ev, args.get(0));
        StepSeries out = new StepSeries(absentLabels(args.get(0)), ev.steps, false);
        for (int i = 0; i < ev.steps; i++) {
          boolean any = false;
          for (StepSeries s : in) {
            any |= s.present[i];
          }
          if (!any) {
            out.set(i, 1);
          }
        }
        return vectorOf(out);
      }
      case "absent_over_time" -> {
        RangeVal rv = (RangeVal) ev.eval(args.get(0));
        StepSeries out = new StepSeries(absentLabels(args.get(0)), ev.steps, false);
        int[] lo = new int[rv.series().size()];
        int[] hi = new int[rv.series().size()];
        for (int i = 0; i < ev.steps; i++) {
          long te = ev.effectiveTime(i, rv.at(), rv.offsetMillis());
          boolean any = false;
          for (int k = 0; k < rv.series().size(); k++) {
            RawSeries r = rv.series().get(k);
            lo[k] = r.firstAfter(te - rv.rangeMillis(), lo[k]);
            hi[k] = r.firstAfter(te, Math.max(hi[k], lo[k]));
            any |= hi[k] > lo[k];
          }
          if (!any) {
            out.set(i, 1);
          }
        }
        return vectorOf(out);
      }
      case "label_replace" -> {
        return labelReplace(ev, args);
      }
      case "label_join" -> {
        return labelJoin(ev, args);
      }
      case "sort", "sort_desc" -> {
        List<StepSeries> in = vector(ev, args.get(0));
        warnSortInRange(ev);
        boolean desc = name.equals("sort_desc");
        in.sort(
            (a, b) -> {
              double x = a.values[0];
              double y = b.values[0];
              if (Double.isNaN(x) || Double.isNaN(y)) {
                return Boolean.compare(Double.isNaN(x), Double.isNaN(y));
              }
              return desc ? Double.compare(y, x) : Double.compare(x, y);
            });
        return new VectorVal(in);
      }
      case "sort_by_label", "sort_by_label_desc" -> {
        List<StepSeries> in = vector(ev, args.get(0));
        warnSortInRange(ev);
        List<String> names = new ArrayList<>();
        for (int i = 1; i < args.size(); i++) {
          names.add(string(ev, args.get(i)));
        }
        boolean desc = name.endsWith("_desc");
        Comparator<StepSeries> cmp =
            (a, b) -> {
              for (String n : names) {
                String x = a.labels.get(n);
                String y = b.labels.get(n);
                if (!x.equals(y)) {
                  return NaturalOrder.compare(x, y);
                }
              }
              return a.labels.compareTo(b.labels);
            };
        in.sort(desc ? cmp.reversed() : cmp);
        return new VectorVal(in);
      }
      case "histogram_quantile", "histogram_quantiles", "histogram_fraction" -> {
        return HistogramQuantile.eval(ev, c);
      }
      case "histogram_count",
          "histogram_sum",
          "histogram_avg",
          "histogram_stddev",
          "histogram_stdvar",
          "start_timestamp" -> {
        // These read native histograms (or start timestamps), which float samples do not carry.
        for (Expr a : args) {
          ev.eval(a);
        }
        return new VectorVal(new ArrayList<>());
      }
      case "clamp", "clamp_min", "clamp_max" -> {
        List<StepSeries> in = vector(ev, args.get(0));
        double[] min = name.equals("clamp_max") ? null : ev.scalarArg(args.get(1));
        double[] max =
            name.equals("clamp_min") ? null : ev.scalarArg(args.get(name.equals("clamp") ? 2 : 1));
        List<StepSeries> out = new ArrayList<>(in.size());
        for (StepSeries s : in) {
          boolean any = false;
          for (int i = 0; i < ev.steps; i++) {
            if (!s.present[i]) {
              continue;
            }
            if (min != null && max != null && max[i] < min[i]) {
              s.present[i] = false;
              continue;
            }
            double v = s.values[i];
            if (max != null) {
              v = Math.min(max[i], v);
            }
            if (min != null) {
              v = Math.max(min[i], v);
            }
            s.values[i] = v;
            any = true;
          }
          if (any) {
            ev.markDropName(s);
            out.add(s);
          }
        }
        return new VectorVal(out);
      }
      case "round" -> {
        List<StepSeries> in = vector(ev, args.get(0));
        double[] to = args.size() > 1 ? ev.scalarArg(args.get(1)) : null;
        for (StepSeries s : in) {
          for (int i = 0; i < ev.steps; i++) {
            double inverse = 1.0 / (to == null ? 1 : to[i]);
            s.values[i] = Math.floor(s.values[i] * inverse + 0.5) / inverse;
          }
          ev.markDropName(s);
        }
        return new VectorVal(in);
      }
      case "days_in_month",
          "day_of_month",
          "day_of_week",
          "day_of_year",
          "hour",
          "minute",
          "month",
          "year" -> {
        return date(ev, name, args);
      }
      case "info" -> {
        return InfoFunction.eval(ev, c);
      }
      default -> {
        DoubleUnaryOperator f = mathFunction(name);
        if (f == null) {
          throw QueryException.execution("function \"" + name + "\" is not supported");
        }
        List<StepSeries> in = vector(ev, args.get(0));
        for (StepSeries s : in) {
          for (int i = 0; i < ev.steps; i++) {
            s.values[i] = f.applyAsDouble(s.values[i]);
          }
          ev.markDropName(s);
        }
        return new VectorVal(in);
      }
    }
  }

  private static void warnSortInRange(Evaluator ev) {
    if (ev.ctx.queryStep > 0) {
      ev.ctx.warn(
          "sort is ineffective for range queries since results are always ordered by labels");
    }
  }

  private static VectorVal vectorOf(StepSeries s) {
    List<StepSeries> l = new ArrayList<>();
    if (!s.isEmpty()) {
      l.add(s);
    }
    return new VectorVal(l);
  }

  static List<StepSeries> vector(Evaluator ev, Expr e) {
    return ((VectorVal) ev.eval(e)).series();
  }

  static String string(Evaluator ev, Expr e) {
    return ((StringVal) ev.eval(e)).value();
  }

  private static DoubleUnaryOperator mathFunction(String name) {
    return switch (name) {
      case "abs" -> Math::abs;
      case "ceil" -> Math::ceil;
      case "floor" -> Math::floor;
      case "exp" -> Math::exp;
      case "sqrt" -> Math::sqrt;
      case "ln" -> Math::log;
      case "log2" -> x -> Math.log(x) / Math.log(2);
      case "log10" -> Math::log10;
      case "sin" -> Math::sin;
      case "cos" -> Math::cos;
      case "tan" -> Math::tan;
      case "asin" -> Math::asin;
      case "acos" -> Math::acos;
      case "atan" -> Math::atan;
      case "sinh" -> Math::sinh;
      case "cosh" -> Math::cosh;
      case "tanh" -> Math::tanh;
      case "asinh" -> FunctionCalls::asinh;
      case "acosh" -> x -> x < 1 ? Double.NaN : Math.log(x + Math.sqrt(x * x - 1));
      case "atanh" -> FunctionCalls::atanh;
      case "rad" -> x -> x * Math.PI / 180;
      case "deg" -> x -> x * 180 / Math.PI;
      case "sgn" -> x -> x < 0 ? -1 : x > 0 ? 1 : x;
      default -> null;
    };
  }

  private static double asinh(double x) {
    if (Double.isInfinite(x) || Double.isNaN(x) || x == 0) {
      return x;
    }
    double a = Math.abs(x);
    double r = Math.log(a + Math.sqrt(a * a + 1));
    return x < 0 ? -r : r;
  }

  private static double atanh(double x) {
    if (x < -1 || x > 1) {
      return Double.NaN;
    }
    if (x == 1) {
      return Double.POSITIVE_INFINITY;
    }
    if (x == -1) {
      return Double.NEGATIVE_INFINITY;
    }
    return 0.5 * Math.log((1 + x) / (1 - x));
  }

  private static Val date(Evaluator ev, String name, List<Expr> args) {
    if (args.isEmpty()) {
      StepSeries s = new StepSeries(Labels.empty(), ev.steps, false);
      for (int i = 0; i < ev.steps; i++) {
        s.set(i, dateField(name, Math.floorDiv(ev.time(i), 1000)));
      }
      return vectorOf(s);
    }
    List<StepSeries> in = vector(ev, args.get(0));
    for (StepSeries s : in) {
      for (int i = 0; i < ev.steps; i++) {
        if (s.present[i]) {
          double v = s.values[i];
          s.values[i] =
              Double.isNaN(v) || Double.isInfinite(v) ? Double.NaN : dateField(name, (long) v);
        }
      }
      ev.markDropName(s);
    }
    return new VectorVal(in);
  }

  private static double dateField(String name, long epochSeconds) {
    ZonedDateTime t = Instant.ofEpochSecond(epochSeconds).atZone(ZoneOffset.UTC);
    return switch (name) {
      case "days_in_month" -> LocalDate.of(t.getYear(), t.getMonth(), 1).lengthOfMonth();
      case "day_of_month" -> t.getDayOfMonth();
      case "day_of_week" -> t.getDayOfWeek().getValue() % 7;
      case "day_of_year" -> t.getDayOfYear();
      case "hour" -> t.getHour();
      case "minute" -> t.getMinute();
      case "month" -> t.getMonthValue();
      default -> t.getYear();
    };
  }

  /** Labels for absent(): the equality matchers of the selector, minus repeated names. */
  private static Labels absentLabels(Expr e) {
    while (e instanceof ParenExpr p) {
      e = p.expr();
    }
    List<LabelMatcher> matchers;
    if (e instanceof VectorSelector vs) {
      matchers = vs.matchers();
    } else if (e instanceof MatrixSelector ms) {
      matchers = ms.selector().matchers();
    } else {
      return Labels.empty();
    }
    Labels.Builder b = Labels.builder();
    Set<String> has = new HashSet<>();
    for (LabelMatcher m : matchers) {
      if (m.name().equals(Labels.METRIC_NAME)) {
        continue;
      }
      if (m.op() == LabelMatcher.Op.EQUAL && has.add(m.name())) {
        b.set(m.name(), m.value());
      } else {
        b.del(m.name());
      }
    }
    return b.build();
  }

  // ------------------------------------------------------------------ range functions

  private static Val rangeFunction(Evaluator ev, Call c) {
    String name = c.func().name();
    int matrixIndex = 0;
    for (int i = 0; i < c.args().size(); i++) {
      if (c.args().get(i).type() == ValueType.MATRIX) {
        matrixIndex = i;
      }
    }
    double[] p0 = null;
    double[] p1 = null;
    for (int i = 0; i < c.args().size(); i++) {
      if (i == matrixIndex) {
        continue;
      }
      if (p0 == null) {
        p0 = ev.scalarArg(c.args().get(i));
      } else {
        p1 = ev.scalarArg(c.args().get(i));
      }
    }
    if (name.equals("double_exponential_smoothing")) {
      for (int i = 0; i < ev.steps; i++) {
        if (!(p0[i] > 0 && p0[i] < 1)) {
          throw QueryException.execution(
              "invalid smoothing factor. Expected: 0 < sf < 1, got: " + goF(p0[i]));
        }
        if (!(p1[i] > 0 && p1[i] < 1)) {
          throw QueryException.execution(
              "invalid trend factor. Expected: 0 < tf < 1, got: " + goF(p1[i]));
        }
      }
    }
    if (name.equals("quantile_over_time")) {
      for (double q : p0) {
        if (Double.isNaN(q) || q < 0 || q > 1) {
          ev.ctx.warn(
              "quantile value should be between 0 and 1, got "
                  + dev.vigil.promql.ast.Printer.number(q));
          break;
        }
      }
    }
    boolean keepName = name.equals("last_over_time") || name.equals("first_over_time");
    boolean counterFn = name.equals("rate") || name.equals("increase") || name.equals("irate");
    RangeFunctions.Fn fn = RangeFunctions.Fn.of(name);
    List<StepSeries> out = new ArrayList<>();
    RangeFunctions.Scratch scratch = new RangeFunctions.Scratch();
    final double[] q0 = p0;
    final double[] q1 = p1;
    Expr arg = c.args().get(matrixIndex);
    while (arg instanceof ParenExpr p) {
      arg = p.expr();
    }
    if (arg instanceof MatrixSelector ms) {
      // Stream the selector: one series' samples in memory at a time.
      VectorSelector vs = ms.selector();
      long offset = ev.offsetOf(vs.offsetMillis(), vs.offsetExpr());
      long range = ev.rangeOf(ms.rangeMillis(), ms.rangeExpr());
      long first = ev.effectiveTime(0, vs.at(), offset);
      long last = ev.effectiveTime(ev.steps - 1, vs.at(), offset);
      long lookback = ev.ctx.options.lookbackDeltaMillis();
      checkExtension(vs, name);
      if (!vs.anchored() && !vs.smoothed()) {
        return new VectorVal(
            windowsInParallel(
                ev, fn, name, vs, first - range + 1, last, range, offset, keepName, q0, q1));
      }
      long before = vs.anchored() || vs.smoothed() ? lookback : 0;
      long after = vs.smoothed() ? lookback : 0;
      ev.forEachSeries(
          vs,
          first - range - before + 1,
          last + after,
          true,
          name,
          range,
          (labels, t, v, n) -> {
            RawSeries raw = new RawSeries(labels, t, v, n, false);
            StepSeries s =
                vs.anchored() || vs.smoothed()
                    ? extendedWindow(ev, fn, raw, range, offset, vs, before, after)
                    : window(ev, fn, raw, range, offset, vs.at(), keepName, q0, q1, scratch);
            if (s != null) {
              if (counterFn) {
                checkCounterName(ev, labels);
              }
              out.add(s);
            }
          });
      return new VectorVal(out);
    }
    RangeVal rv = (RangeVal) ev.eval(arg);
    for (RawSeries r : rv.series()) {
      StepSeries s =
          window(
              ev, fn, r, rv.rangeMillis(), rv.offsetMillis(), rv.at(), keepName, q0, q1, scratch);
      if (s != null) {
        if (counterFn) {
          checkCounterName(ev, r.labels());
        }
        out.add(s);
      }
    }
    return new VectorVal(out);
  }

  private static void checkExtension(VectorSelector vs, String name) {
    if (vs.anchored()
        && !List.of("changes", "delta", "increase", "rate", "resets").contains(name)) {
      throw QueryException.execution(
          "anchored modifier can only be used with: changes, delta, increase, rate, resets - not"
              + " with "
              + name);
    }
    if (vs.smoothed() && !List.of("delta", "increase", "rate").contains(name)) {
      throw QueryException.execution(
          "smoothed modifier can only be used with: delta, increase, rate - not with " + name);
    }
  }

  /** A range function over an anchored or smoothed selector, step by step. */
  private static StepSeries extendedWindow(
      Evaluator ev,
      RangeFunctions.Fn fn,
      RawSeries r,
      long range,
      long offset,
      VectorSelector vs,
      long before,
      long after) {
    ev.ctx.checkCancelled();
    StepSeries s = null;
    int lo = 0;
    int hi = 0;
    for (int i = 0; i < ev.steps; i++) {
      long te = ev.effectiveTime(i, vs.at(), offset);
      lo = r.firstAfter(te - range - before, lo);
      hi = r.firstAfter(te + after, Math.max(hi, lo));
      if (hi <= lo) {
        continue;
      }
      double v;
      switch (fn) {
        case RATE, INCREASE, DELTA ->
            v =
                RangeFunctions.extendedRate(
                    r.t(),
                    r.v(),
                    lo,
                    hi,
                    te - range,
                    te,
                    vs.smoothed(),
                    fn != RangeFunctions.Fn.DELTA,
                    fn == RangeFunctions.Fn.RATE);
        default -> {
          int from = RangeFunctions.anchorIndex(r.t(), lo, hi, te - range);
          v =
              from < 0
                  ? RangeFunctions.NONE
                  : RangeFunctions.apply(
                      fn, r.t(), r.v(), from, hi, te - range, te, ev.time(i), 0, 0, new double[0]);
        }
      }
      if (!RangeFunctions.isNone(v)) {
        if (s == null) {
          ev.ctx.addSamples(ev.steps);
          s = new StepSeries(r.labels(), ev.steps, true);
        }
        s.set(i, v);
      }
    }
    if (s != null && !ev.ctx.options.delayedNameRemoval()) {
      s.labels = Evaluator.dropMetadata(s.labels);
    }
    return s;
  }

  /**
   * A range function over a plain selector: each series is read and folded on its own, so the
   * series are split over the cores ({@link ParallelSeries}); the output keeps the label order.
   */
  private static List<StepSeries> windowsInParallel(
      Evaluator ev,
      RangeFunctions.Fn fn,
      String name,
      VectorSelector vs,
      long mint,
      long maxt,
      long range,
      long offset,
      boolean keepName,
      double[] p0,
      double[] p1) {
    List<dev.vigil.core.storage.Series> selected = ev.selectSeries(vs, mint, maxt, name, range);
    boolean counterFn =
        fn == RangeFunctions.Fn.RATE
            || fn == RangeFunctions.Fn.INCREASE
            || fn == RangeFunctions.Fn.IRATE;
    boolean[] produced = new boolean[selected.size()];
    List<StepSeries> out =
        ParallelSeries.map(
            selected.size(),
            (from, to) -> {
              Evaluator.SampleReader reader = new Evaluator.SampleReader(ev.ctx, mint, maxt, true);
              RangeFunctions.Scratch scratch = new RangeFunctions.Scratch();
              List<StepSeries> part = new ArrayList<>();
              for (int j = from; j < to; j++) {
                ev.ctx.checkCancelled();
                dev.vigil.core.storage.Series series = selected.get(j);
                int n = reader.read(series);
                if (n == 0) {
                  continue;
                }
                RawSeries raw = new RawSeries(series.labels(), reader.t, reader.v, n, false);
                StepSeries s =
                    window(ev, fn, raw, range, offset, vs.at(), keepName, p0, p1, scratch);
                if (s != null) {
                  produced[j] = true;
                  part.add(s);
                }
              }
              return part;
            });
    if (counterFn) {
      for (int j = 0; j < produced.length; j++) {
        if (produced[j]) {
          checkCounterName(ev, selected.get(j).labels());
        }
      }
    }
    return out;
  }

  /** Applies a range function to every step's window of one series; null when it has no output. */
  private static StepSeries window(
      Evaluator ev,
      RangeFunctions.Fn fn,
      RawSeries r,
      long range,
      long offset,
      dev.vigil.promql.ast.At at,
      boolean keepName,
      double[] p0,
      double[] p1,
      RangeFunctions.Scratch scratch) {
    ev.ctx.checkCancelled();
    StepSeries s = null;
    int lo = 0;
    int hi = 0;
    boolean counter = fn == RangeFunctions.Fn.RATE || fn == RangeFunctions.Fn.INCREASE;
    int[] resets = null;
    if (counter) {
      // Counter resets counted once per series make each step's window O(1) when it has none.
      scratch.resets = RangeFunctions.resetPrefix(r.v(), r.size(), scratch.resets);
      resets = scratch.resets;
    }
    for (int i = 0; i < ev.steps; i++) {
      long te = ev.effectiveTime(i, at, offset);
      lo = r.firstAfter(te - range, lo);
      hi = r.firstAfter(te, Math.max(hi, lo));
      if (hi <= lo) {
        continue;
      }
      double v;
      if (counter) {
        v =
            RangeFunctions.extrapolatedRate(
                r.t(),
                r.v(),
                lo,
                hi,
                te - range,
                te,
                true,
                fn == RangeFunctions.Fn.RATE,
                resets[hi - 1] != resets[lo]);
      } else {
        scratch.values = RangeFunctions.grow(scratch.values, hi - lo);
        v =
            RangeFunctions.apply(
                fn,
                r.t(),
                r.v(),
                lo,
                hi,
                te - range,
                te,
                ev.time(i),
                p0 == null ? 0 : p0[i],
                p1 == null ? 0 : p1[i],
                scratch.values);
      }
      if (!RangeFunctions.isNone(v)) {
        if (s == null) {
          ev.ctx.addSamples(ev.steps);
          s = new StepSeries(r.labels(), ev.steps, !keepName || r.dropName());
        }
        s.set(i, v);
      }
    }
    if (s != null && s.dropName && !ev.ctx.options.delayedNameRemoval()) {
      s.labels = Evaluator.dropMetadata(s.labels);
    }
    return s;
  }

  private static void checkCounterName(Evaluator ev, Labels l) {
    String metric = l.metricName();
    if (!metric.isEmpty()
        && !metric.endsWith("_total")
        && !metric.endsWith("_sum")
        && !metric.endsWith("_count")
        && !metric.endsWith("_bucket")) {
      ev.ctx.info(
          "metric might not be a counter, name does not end in _total/_sum/_count/_bucket: \""
              + metric
              + "\"");
    }
  }

  private static String goF(double v) {
    return String.format(java.util.Locale.ROOT, "%f", v);
  }

  // ------------------------------------------------------------------ label functions

  private static Val labelReplace(Evaluator ev, List<Expr> args) {
    String dst = literal(ev, args.get(1));
    String repl = literal(ev, args.get(2));
    String src = literal(ev, args.get(3));
    String regex = literal(ev, args.get(4));
    Pattern p;
    try {
      p = Pattern.compile("^(?s:" + regex.replace("(?P<", "(?<") + ")$");
    } catch (PatternSyntaxException e) {
      throw QueryException.execution("invalid regular expression in label_replace(): " + regex);
    }
    if (dst.isEmpty() || !Strings.isValidUtf8(dst)) {
      throw QueryException.execution("invalid destination label name in label_replace(): " + dst);
    }
    List<StepSeries> in = vector(ev, args.get(0));
    OutputSeries out = new OutputSeries(ev.ctx, ev.steps);
    for (StepSeries s : in) {
      Labels labels = s.labels;
      boolean dropName = s.dropName;
      java.util.regex.Matcher m = p.matcher(labels.get(src));
      if (m.matches()) {
        String value = expand(repl, m);
        labels = labels.toBuilder().set(dst, value).build();
        if (dst.equals(Labels.METRIC_NAME)) {
          dropName = false;
        }
      }
      for (int i = 0; i < ev.steps; i++) {
        if (s.present[i]) {
          out.add(labels, dropName, i, s.values[i]);
        }
      }
    }
    return new VectorVal(out.list());
  }

  private static Val labelJoin(Evaluator ev, List<Expr> args) {
    String dst = literal(ev, args.get(1));
    String sep = literal(ev, args.get(2));
    List<String> srcs = new ArrayList<>();
    for (int i = 3; i < args.size(); i++) {
      String src = literal(ev, args.get(i));
      if (!Strings.isValidUtf8(src)) {
        throw QueryException.execution("invalid source label name in label_join(): " + src);
      }
      srcs.add(src);
    }
    if (dst.isEmpty() || !Strings.isValidUtf8(dst)) {
      throw QueryException.execution("invalid destination label name in label_join(): " + dst);
    }
    List<StepSeries> in = vector(ev, args.get(0));
    OutputSeries out = new OutputSeries(ev.ctx, ev.steps);
    for (StepSeries s : in) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < srcs.size(); i++) {
        if (i > 0) {
          b.append(sep);
        }
        b.append(s.labels.get(srcs.get(i)));
      }
      Labels labels = s.labels.toBuilder().set(dst, b.toString()).build();
      boolean dropName = dst.equals(Labels.METRIC_NAME) ? false : s.dropName;
      for (int i = 0; i < ev.steps; i++) {
        if (s.present[i]) {
          out.add(labels, dropName, i, s.values[i]);
        }
      }
    }
    return new VectorVal(out.list());
  }

  private static String literal(Evaluator ev, Expr e) {
    if (e instanceof StringLiteral s) {
      return s.value();
    }
    return string(ev, e);
  }

  /** Go's regexp Expand: $1, ${1}, $name, ${name}; $$ is a dollar sign. */
  static String expand(String template, java.util.regex.Matcher m) {
    StringBuilder b = new StringBuilder();
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      if (c != '$' || i + 1 >= template.length()) {
        b.append(c);
        i++;
        continue;
      }
      char n = template.charAt(i + 1);
      if (n == '$') {
        b.append('$');
        i += 2;
        continue;
      }
      String ref;
      int end;
      if (n == '{') {
        int close = template.indexOf('}', i + 2);
        if (close < 0) {
          b.append(c);
          i++;
          continue;
        }
        ref = template.substring(i + 2, close);
        end = close + 1;
        if (ref.isEmpty()
            || !ref.chars().allMatch(ch -> Character.isLetterOrDigit(ch) || ch == '_')) {
          b.append(c);
          i++;
          continue;
        }
      } else {
        int j = i + 1;
        while (j < template.length()
            && (Character.isLetterOrDigit(template.charAt(j)) || template.charAt(j) == '_')) {
          j++;
        }
        if (j == i + 1) {
          b.append(c);
          i++;
          continue;
        }
        ref = template.substring(i + 1, j);
        end = j;
      }
      b.append(group(m, ref));
      i = end;
    }
    return b.toString();
  }

  private static String group(java.util.regex.Matcher m, String ref) {
    String g = null;
    if (ref.chars().allMatch(Character::isDigit)) {
      try {
        int idx = Integer.parseInt(ref);
        if (idx <= m.groupCount()) {
          g = m.group(idx);
        }
      } catch (NumberFormatException e) {
        g = null;
      }
    } else {
      try {
        g = m.group(ref);
      } catch (IllegalArgumentException e) {
        g = null;
      }
    }
    return g == null ? "" : g;
  }
}
