package dev.vigil.promql.engine;

import dev.vigil.core.model.Labels;
import dev.vigil.core.model.Matcher;
import dev.vigil.core.model.Values;
import dev.vigil.core.storage.FloatSamples;
import dev.vigil.core.storage.SampleIterator;
import dev.vigil.core.storage.SelectHints;
import dev.vigil.core.storage.Series;
import dev.vigil.core.storage.SeriesSet;
import dev.vigil.promql.ast.AggregateExpr;
import dev.vigil.promql.ast.At;
import dev.vigil.promql.ast.BinaryExpr;
import dev.vigil.promql.ast.Call;
import dev.vigil.promql.ast.DurationExpr;
import dev.vigil.promql.ast.DurationExprs;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.ast.MatrixSelector;
import dev.vigil.promql.ast.NumberLiteral;
import dev.vigil.promql.ast.ParenExpr;
import dev.vigil.promql.ast.StringLiteral;
import dev.vigil.promql.ast.SubqueryExpr;
import dev.vigil.promql.ast.UnaryExpr;
import dev.vigil.promql.ast.VectorSelector;
import dev.vigil.promql.engine.Val.RangeVal;
import dev.vigil.promql.engine.Val.ScalarVal;
import dev.vigil.promql.engine.Val.StringVal;
import dev.vigil.promql.engine.Val.VectorVal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Evaluates an expression at the steps {@code start, start+step, ..., end}. Subqueries get their
 * own evaluator with their own steps; all share one {@link QueryContext}.
 */
final class Evaluator {
  final QueryContext ctx;
  final long start;
  final long end;
  final long step;
  final int steps;

  Evaluator(QueryContext ctx, long start, long end, long step) {
    this.ctx = ctx;
    this.start = start;
    this.end = end;
    this.step = step;
    this.steps = step <= 0 ? 1 : (int) ((end - start) / step) + 1;
  }

  long time(int i) {
    return start + i * step;
  }

  Val eval(Expr e) {
    ctx.checkCancelled();
    return switch (e) {
      case NumberLiteral n -> scalar(n.value());
      case StringLiteral s -> new StringVal(s.value());
      case ParenExpr p -> eval(p.expr());
      case UnaryExpr u -> unary(u);
      case VectorSelector vs -> new VectorVal(vectorSelector(vs, false));
      case MatrixSelector ms -> matrixSelector(ms);
      case SubqueryExpr sq -> subquery(sq);
      case BinaryExpr b -> BinaryOps.eval(this, b);
      case AggregateExpr a -> Aggregations.eval(this, a);
      case Call c -> FunctionCalls.eval(this, c);
      case DurationExpr d -> scalar(DurationExprs.millis(d, ctx.queryStep, queryRange()) / 1000.0);
    };
  }

  long queryRange() {
    return ctx.queryEnd - ctx.queryStart;
  }

  ScalarVal scalar(double v) {
    double[] a = new double[steps];
    Arrays.fill(a, v);
    return new ScalarVal(a);
  }

  private Val unary(UnaryExpr u) {
    Val v = eval(u.expr());
    if (!u.negative()) {
      return v;
    }
    if (v instanceof ScalarVal s) {
      double[] out = new double[steps];
      for (int i = 0; i < steps; i++) {
        out[i] = -s.values()[i];
      }
      return new ScalarVal(out);
    }
    List<StepSeries> in = ((VectorVal) v).series();
    for (StepSeries s : in) {
      for (int i = 0; i < steps; i++) {
        s.values[i] = -s.values[i];
      }
      markDropName(s);
    }
    return v;
  }

  /** Marks the series' metric name for removal (or removes it at once without delayed removal). */
  void markDropName(StepSeries s) {
    if (ctx.options.delayedNameRemoval()) {
      s.dropName = true;
    } else {
      s.labels = dropMetadata(s.labels);
    }
  }

  /** Drops the metric name and the other metadata labels ({@code __type__}, {@code __unit__}). */
  static Labels dropMetadata(Labels l) {
    if (!l.has("__type__") && !l.has("__unit__")) {
      return l.withoutMetricName();
    }
    return l.drop(METADATA);
  }

  private static final List<String> METADATA = List.of(Labels.METRIC_NAME, "__type__", "__unit__");

  // ------------------------------------------------------------------ selectors

  long offsetOf(long millis, Expr offsetExpr) {
    return offsetExpr == null
        ? millis
        : DurationExprs.millis(offsetExpr, ctx.queryStep, queryRange());
  }

  /** The time a selector with this modifier reads at step {@code i}. */
  long effectiveTime(int i, At at, long offset) {
    long t = at == null ? time(i) : at.resolve(ctx.queryStart, ctx.queryEnd);
    return t - offset;
  }

  /**
   * Evaluates an instant selector with the lookback delta; with {@code timestamps}, the values are
   * the timestamps (seconds) of the samples found, as {@code timestamp()} needs.
   */
  List<StepSeries> vectorSelector(VectorSelector vs, boolean timestamps) {
    if (vs.smoothed() && !timestamps) {
      return smoothedSelector(vs);
    }
    long offset = offsetOf(vs.offsetMillis(), vs.offsetExpr());
    long lookback = ctx.options.lookbackDeltaMillis();
    long first = effectiveTime(0, vs.at(), offset);
    long last = effectiveTime(steps - 1, vs.at(), offset);
    List<RawSeries> raw = load(vs, first - lookback + 1, last, false, null, 0);
    List<StepSeries> out = new ArrayList<>(raw.size());
    for (RawSeries r : raw) {
      ctx.checkCancelled();
      ctx.addSamples(steps);
      StepSeries s = new StepSeries(r.labels(), steps, false);
      int j = -1;
      boolean any = false;
      for (int i = 0; i < steps; i++) {
        long t = effectiveTime(i, vs.at(), offset);
        while (j + 1 < r.size() && r.t()[j + 1] <= t) {
          j++;
        }
        if (j >= 0 && r.t()[j] > t - lookback && !Values.isStaleNaN(r.v()[j])) {
          s.set(i, timestamps ? r.t()[j] / 1000.0 : r.v()[j]);
          any = true;
        }
      }
      if (any) {
        out.add(s);
      }
    }
    return out;
  }

  /**
   * A smoothed instant selector: the value at the step time itself, interpolated linearly between
   * the samples around it (within the lookback delta on either side), or the last sample before.
   */
  private List<StepSeries> smoothedSelector(VectorSelector vs) {
    long offset = offsetOf(vs.offsetMillis(), vs.offsetExpr());
    long lookback = ctx.options.lookbackDeltaMillis();
    long first = effectiveTime(0, vs.at(), offset);
    long last = effectiveTime(steps - 1, vs.at(), offset);
    List<RawSeries> raw = load(vs, first - lookback + 1, last + lookback, true, null, 0);
    List<StepSeries> out = new ArrayList<>(raw.size());
    for (RawSeries r : raw) {
      StepSeries s = null;
      for (int i = 0; i < steps; i++) {
        long t = effectiveTime(i, vs.at(), offset);
        int lo = r.firstAfter(t - lookback, 0);
        int hi = r.firstAfter(t + lookback, lo);
        if (hi <= lo) {
          continue;
        }
        // First sample at or after t within the window.
        int k = lo;
        while (k < hi && r.t()[k] < t) {
          k++;
        }
        double v;
        if (k < hi && r.t()[k] == t) {
          v = r.v()[k];
        } else if (k > lo && k < hi) {
          v = RangeFunctions.interpolate(r.t()[k - 1], r.v()[k - 1], r.t()[k], r.v()[k], t, false);
        } else if (k > lo) {
          v = r.v()[k - 1];
        } else {
          continue;
        }
        if (s == null) {
          ctx.addSamples(steps);
          s = new StepSeries(r.labels(), steps, false);
          out.add(s);
        }
        s.set(i, v);
      }
    }
    return out;
  }

  RangeVal matrixSelector(MatrixSelector ms) {
    VectorSelector vs = ms.selector();
    long offset = offsetOf(vs.offsetMillis(), vs.offsetExpr());
    long range = rangeOf(ms.rangeMillis(), ms.rangeExpr());
    long first = effectiveTime(0, vs.at(), offset);
    long last = effectiveTime(steps - 1, vs.at(), offset);
    long lookback = ctx.options.lookbackDeltaMillis();
    long extra = vs.anchored() || vs.smoothed() ? lookback : 0;
    List<RawSeries> raw =
        load(
            vs,
            first - range - extra + 1,
            last + (vs.smoothed() ? lookback : 0),
            true,
            null,
            range);
    return new RangeVal(raw, range, offset, vs.at(), vs.anchored(), vs.smoothed());
  }

  long rangeOf(long millis, Expr rangeExpr) {
    return rangeExpr == null
        ? millis
        : DurationExprs.millis(rangeExpr, ctx.queryStep, queryRange());
  }

  /** Receives one series at a time; the arrays are reused for the next series. */
  interface SeriesConsumer {
    void accept(Labels labels, long[] t, double[] v, int n);
  }

  /** Loads the samples of the selected series in {@code [mint, maxt]}, sorted by labels. */
  private List<RawSeries> load(
      VectorSelector vs, long mint, long maxt, boolean dropStale, String func, long range) {
    List<RawSeries> out = new ArrayList<>();
    forEachSeries(
        vs,
        mint,
        maxt,
        dropStale,
        func,
        range,
        (labels, t, v, n) ->
            out.add(new RawSeries(labels, Arrays.copyOf(t, n), Arrays.copyOf(v, n), n, false)));
    return out;
  }

  /**
   * Streams the samples in {@code [mint, maxt]} of each selected series, in label order, through
   * reused buffers: nothing is allocated per sample.
   */
  void forEachSeries(
      VectorSelector vs,
      long mint,
      long maxt,
      boolean dropStale,
      String func,
      long range,
      SeriesConsumer consumer) {
    SampleReader reader = new SampleReader(ctx, mint, maxt, dropStale);
    for (Series s : selectSeries(vs, mint, maxt, func, range)) {
      ctx.checkCancelled();
      int n = reader.read(s);
      if (n > 0) {
        consumer.accept(s.labels(), reader.t, reader.v, n);
      }
    }
  }

  /** The series a selector picks, in label order, before any of their samples is read. */
  List<Series> selectSeries(VectorSelector vs, long mint, long maxt, String func, long range) {
    Matcher[] matchers = new Matcher[vs.matchers().size()];
    for (int i = 0; i < matchers.length; i++) {
      matchers[i] = vs.matchers().get(i).toCore();
    }
    SelectHints hints = new SelectHints(mint, maxt, step, func, false, List.of(), range);
    SeriesSet set = ctx.querier.select(true, hints, matchers);
    List<Series> out = new ArrayList<>();
    while (set.next()) {
      out.add(set.at());
    }
    if (set.err() != null) {
      throw QueryException.execution("expanding series: " + set.err().getMessage());
    }
    ctx.warnings.addAll(set.warnings());
    return out;
  }

  /**
   * Reads one series at a time into growing primitive buffers it owns; one reader per thread.
   * Counts what it reads against the query's sample limit.
   */
  static final class SampleReader {
    private final QueryContext ctx;
    private final long mint;
    private final long maxt;
    private final boolean dropStale;
    private SampleIterator it;
    private final FloatSamples buf = new FloatSamples(64);
    long[] t = buf.t;
    double[] v = buf.v;

    SampleReader(QueryContext ctx, long mint, long maxt, boolean dropStale) {
      this.ctx = ctx;
      this.mint = mint;
      this.maxt = maxt;
      this.dropStale = dropStale;
    }

    /** Reads {@code s}'s float samples in range into {@link #t}/{@link #v}; returns how many. */
    int read(Series s) {
      it = s.iterator(it);
      buf.clear();
      it.readFloats(mint, maxt, buf);
      if (it.err() != null) {
        throw QueryException.execution("expanding series: " + it.err().getMessage());
      }
      t = buf.t;
      v = buf.v;
      int n = buf.size;
      if (dropStale) {
        n = dropStaleMarkers(t, v, n);
      }
      if (n > 0) {
        ctx.addLoadedSamples(n);
      }
      return n;
    }

    /** Removes the staleness markers from the first {@code n} samples; returns how many remain. */
    private static int dropStaleMarkers(long[] t, double[] v, int n) {
      int first = 0;
      while (first < n && !Values.isStaleNaN(v[first])) {
        first++;
      }
      int k = first;
      for (int i = first; i < n; i++) {
        double f = v[i];
        if (Values.isStaleNaN(f)) {
          continue;
        }
        t[k] = t[i];
        v[k] = f;
        k++;
      }
      return k;
    }
  }

  RangeVal subquery(SubqueryExpr sq) {
    long offset = offsetOf(sq.offsetMillis(), sq.offsetExpr());
    long range = rangeOf(sq.rangeMillis(), sq.rangeExpr());
    long subStep =
        sq.stepExpr() != null
            ? DurationExprs.millis(sq.stepExpr(), ctx.queryStep, queryRange())
            : sq.stepMillis() != 0 ? sq.stepMillis() : ctx.options.defaultSubqueryStepMillis();
    if (subStep <= 0) {
      throw QueryException.execution("subquery step must be positive");
    }
    long first = effectiveTime(0, sq.at(), offset);
    long last = effectiveTime(steps - 1, sq.at(), offset);
    long lowest = first - range;
    long subStart = subStep * (lowest / subStep);
    if (subStart < lowest) {
      subStart += subStep;
    }
    if (subStart > last) {
      return new RangeVal(List.of(), range, offset, sq.at());
    }
    Evaluator sub = new Evaluator(ctx, subStart, last, subStep);
    Val v = sub.eval(sq.expr());
    List<RawSeries> raw = new ArrayList<>();
    for (StepSeries s : ((VectorVal) v).series()) {
      int n = s.count();
      if (n == 0) {
        continue;
      }
      long[] t = new long[n];
      double[] vals = new double[n];
      int k = 0;
      for (int i = 0; i < sub.steps; i++) {
        if (s.present[i]) {
          t[k] = sub.time(i);
          vals[k] = s.values[i];
          k++;
        }
      }
      ctx.addLoadedSamples(n);
      raw.add(new RawSeries(s.labels, t, vals, n, s.dropName));
    }
    return new RangeVal(raw, range, offset, sq.at());
  }

  /** The scalar values of an argument, one per step. */
  double[] scalarArg(Expr e) {
    return ((ScalarVal) eval(e)).values();
  }

  static Labels labelsOf(StepSeries s) {
    return s.labels;
  }
}
