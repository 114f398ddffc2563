package dev.vigil.promql.engine;

import dev.vigil.core.model.Labels;
import dev.vigil.core.storage.Querier;
import dev.vigil.core.storage.Queryable;
import dev.vigil.promql.ast.AggregateExpr;
import dev.vigil.promql.ast.AggregateOp;
import dev.vigil.promql.ast.Call;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.ast.ParenExpr;
import dev.vigil.promql.ast.ValueType;
import dev.vigil.promql.engine.QueryResult.Matrix;
import dev.vigil.promql.engine.QueryResult.Sample;
import dev.vigil.promql.engine.QueryResult.Scalar;
import dev.vigil.promql.engine.QueryResult.Series;
import dev.vigil.promql.engine.QueryResult.StringValue;
import dev.vigil.promql.engine.QueryResult.Vector;
import dev.vigil.promql.engine.Val.RangeVal;
import dev.vigil.promql.engine.Val.ScalarVal;
import dev.vigil.promql.engine.Val.StringVal;
import dev.vigil.promql.engine.Val.VectorVal;
import dev.vigil.promql.parser.ParseException;
import dev.vigil.promql.parser.Parser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Runs PromQL queries over a {@link Queryable}, as Prometheus's engine does: instant queries at one
 * time and range queries at {@code start, start+step, ..., end} (all times in milliseconds since
 * the epoch).
 *
 * <p>Thread-safe: the engine holds only options; each query builds its own state on the calling
 * thread. A query honours the timeout of {@link EngineOptions} and stops with {@link
 * QueryException} ({@code CANCELED}) when its thread is interrupted.
 *
 * <p>Errors: {@link ParseException} for bad query text (HTTP {@code bad_data}); {@link
 * QueryException} for evaluation failures, with {@link QueryException#kind()} telling which.
 */
public final class Engine {
  private final EngineOptions options;
  private final Semaphore slots;

  public Engine() {
    this(EngineOptions.defaults());
  }

  public Engine(EngineOptions options) {
    this.options = options;
    this.slots = new Semaphore(Math.max(1, options.maxConcurrentQueries()), true);
  }

  public EngineOptions options() {
    return options;
  }

  /** Parses a query with this engine's parser options. */
  public Expr parse(String query) {
    return Parser.parse(query, options.parser());
  }

  /** Evaluates {@code query} at {@code time}. */
  public QueryResult instantQuery(Queryable queryable, String query, long time) {
    return instantQuery(queryable, parse(query), time);
  }

  /** Evaluates a parsed expression at {@code time}. */
  public QueryResult instantQuery(Queryable queryable, Expr expr, long time) {
    return instantQuery(queryable, expr, time, options.timeout());
  }

  /**
   * Evaluates a parsed expression at {@code time} within {@code timeout} (bounded by the engine's
   * own timeout; the wait for an evaluation slot counts).
   */
  public QueryResult instantQuery(Queryable queryable, Expr expr, long time, Duration timeout) {
    return run(queryable, expr, time, time, 0, true, timeout);
  }

  /** Evaluates {@code query} over a range; the result is always a matrix. */
  public QueryResult rangeQuery(
      Queryable queryable, String query, long start, long end, long step) {
    return rangeQuery(queryable, parse(query), start, end, step);
  }

  /** Evaluates a parsed expression over a range; the result is always a matrix. */
  public QueryResult rangeQuery(Queryable queryable, Expr expr, long start, long end, long step) {
    return rangeQuery(queryable, expr, start, end, step, options.timeout());
  }

  /**
   * Evaluates a parsed expression over a range within {@code timeout} (bounded by the engine's own
   * timeout; the wait for an evaluation slot counts).
   */
  public QueryResult rangeQuery(
      Queryable queryable, Expr expr, long start, long end, long step, Duration timeout) {
    if (step <= 0) {
      throw QueryException.execution(
          "zero or negative query resolution step widths are not accepted. Try a positive"
              + " integer");
    }
    if (end < start) {
      throw QueryException.execution("end timestamp must not be before start time");
    }
    if (expr.type() != ValueType.SCALAR && expr.type() != ValueType.VECTOR) {
      throw QueryException.execution(
          "invalid expression type \""
              + expr.type().documentedName()
              + "\" for range query, must be Scalar or instant Vector");
    }
    return run(queryable, expr, start, end, step, false, timeout);
  }

  private QueryResult run(
      Queryable queryable,
      Expr expr,
      long start,
      long end,
      long step,
      boolean instant,
      Duration timeout) {
    long t0 = System.nanoTime();
    Duration limit =
        timeout.isNegative() || timeout.isZero() || timeout.compareTo(options.timeout()) > 0
            ? options.timeout()
            : timeout;
    long deadline = t0 + limit.toNanos();
    TimeBounds bounds = new TimeBounds(start, end, step, options);
    bounds.walk(expr, start, end);
    long mint = bounds.min == Long.MAX_VALUE ? start : bounds.min;
    long maxt = bounds.max == Long.MIN_VALUE ? end : bounds.max;
    acquireSlot(deadline - t0);
    try (Querier querier = queryable.querier(mint, maxt)) {
      QueryContext ctx = new QueryContext(querier, options, start, end, step, deadline);
      ctx.checkCancelled();
      Evaluator ev = new Evaluator(ctx, start, end, instant ? 0 : step);
      Val v = ev.eval(expr);
      QueryResult.Value value =
          instant ? instantValue(ctx, ev, expr, v, start) : rangeValue(ctx, ev, v);
      return new QueryResult(
          value,
          new ArrayList<>(ctx.warnings),
          new ArrayList<>(ctx.infos),
          new QueryResult.Stats(ctx.loadedSamples(), System.nanoTime() - t0));
    } finally {
      slots.release();
    }
  }

  /** Waits for an evaluation slot at most the query's timeout, then sheds the query. */
  private void acquireSlot(long waitNanos) {
    try {
      if (!slots.tryAcquire(waitNanos, TimeUnit.NANOSECONDS)) {
        throw new QueryException(
            QueryException.Kind.UNAVAILABLE,
            "too many concurrent queries: all "
                + options.maxConcurrentQueries()
                + " evaluation slots stayed busy for the query's whole timeout");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QueryException(QueryException.Kind.CANCELED, "query was canceled while queued");
    }
  }

  private QueryResult.Value instantValue(QueryContext ctx, Evaluator ev, Expr expr, Val v, long t) {
    return switch (v) {
      case ScalarVal s -> new Scalar(t, s.values()[0]);
      case StringVal s -> new StringValue(t, s.value());
      case VectorVal vv -> {
        List<StepSeries> merged = mergeByFinalLabels(vv.series(), 1);
        ctx.checkSeries(merged.size());
        List<Sample> out = new ArrayList<>(merged.size());
        for (StepSeries s : merged) {
          if (s.present[0]) {
            out.add(new Sample(s.labels, t, s.values[0]));
          }
        }
        checkUnique(out.stream().map(Sample::labels).toList());
        if (!keepsOrder(expr)) {
          out.sort((a, b) -> a.labels().compareTo(b.labels()));
        }
        yield new Vector(out);
      }
      case RangeVal rv -> {
        List<Series> out = new ArrayList<>();
        long te = ev.effectiveTime(0, rv.at(), rv.offsetMillis());
        long lookback = options.lookbackDeltaMillis();
        ctx.checkSeries(rv.series().size());
        for (RawSeries r : rv.series()) {
          if (rv.anchored() || rv.smoothed()) {
            Series ext = extendFloats(r, te - rv.rangeMillis(), te, rv.smoothed(), lookback);
            if (ext != null) {
              out.add(ext);
            }
            continue;
          }
          int lo = r.firstAfter(te - rv.rangeMillis(), 0);
          int hi = r.firstAfter(te, lo);
          if (hi > lo) {
            out.add(
                new Series(
                    finalLabels(r.labels(), r.dropName()),
                    java.util.Arrays.copyOfRange(r.t(), lo, hi),
                    java.util.Arrays.copyOfRange(r.v(), lo, hi)));
          }
        }
        checkUnique(out.stream().map(Series::labels).toList());
        out.sort((a, b) -> a.labels().compareTo(b.labels()));
        yield new Matrix(out);
      }
    };
  }

  /**
   * The samples of an anchored or smoothed range at one time: a point at each boundary (the last
   * sample before it, or for smoothed ranges a value interpolated at it) plus those strictly
   * inside.
   */
  private static Series extendFloats(
      RawSeries r, long mint, long maxt, boolean smoothed, long lookback) {
    int lo = r.firstAfter(mint - lookback, 0);
    int hi = r.firstAfter(maxt + (smoothed ? lookback : 0), lo);
    if (hi <= lo) {
      return null;
    }
    long[] t = r.t();
    double[] v = r.v();
    int last = hi - 1;
    int first = lo;
    while (first < last && t[first] <= mint) {
      first++;
    }
    first = Math.max(lo, first - 1);
    if (smoothed) {
      int k = lo;
      while (k < hi - 1 && t[k] < maxt) {
        k++;
      }
      last = k;
    }
    if (t[last] <= mint) {
      return null;
    }
    double left =
        smoothed && t[first] < mint
            ? RangeFunctions.interpolate(
                t[first], v[first], t[first + 1], v[first + 1], mint, false)
            : v[first];
    double right =
        smoothed && last > lo && t[last] > maxt
            ? RangeFunctions.interpolate(t[last - 1], v[last - 1], t[last], v[last], maxt, false)
            : v[last];
    if (t[first] <= mint) {
      first++;
    }
    if (t[last] >= maxt) {
      last--;
    }
    int count = Math.max(last - first + 1, 0);
    long[] ts = new long[count + 2];
    double[] vs = new double[count + 2];
    ts[0] = mint;
    vs[0] = left;
    for (int i = 0; i < count; i++) {
      ts[i + 1] = t[first + i];
      vs[i + 1] = v[first + i];
    }
    ts[count + 1] = maxt;
    vs[count + 1] = right;
    return new Series(r.labels(), ts, vs);
  }

  private QueryResult.Value rangeValue(QueryContext ctx, Evaluator ev, Val v) {
    List<Series> out = new ArrayList<>();
    if (v instanceof ScalarVal s) {
      long[] ts = new long[ev.steps];
      for (int i = 0; i < ev.steps; i++) {
        ts[i] = ev.time(i);
      }
      out.add(new Series(Labels.empty(), ts, s.values().clone()));
      return new Matrix(out);
    }
    List<StepSeries> merged = mergeByFinalLabels(((VectorVal) v).series(), ev.steps);
    ctx.checkSeries(merged.size());
    for (StepSeries s : merged) {
      int n = s.count();
      if (n == 0) {
        continue;
      }
      long[] ts = new long[n];
      double[] vals = new double[n];
      int k = 0;
      for (int i = 0; i < ev.steps; i++) {
        if (s.present[i]) {
          ts[k] = ev.time(i);
          vals[k] = s.values[i];
          k++;
        }
      }
      out.add(new Series(s.labels, ts, vals));
    }
    checkUnique(out.stream().map(Series::labels).toList());
    out.sort((a, b) -> a.labels().compareTo(b.labels()));
    return new Matrix(out);
  }

  /**
   * Removes {@code __name__} where it was marked for removal and merges series that end up with the
   * same labels; two values at the same step are an error, as in Prometheus.
   */
  private static List<StepSeries> mergeByFinalLabels(List<StepSeries> in, int steps) {
    java.util.Map<Labels, StepSeries> merged = new java.util.LinkedHashMap<>();
    for (StepSeries s : in) {
      Labels l = finalLabels(s.labels, s.dropName);
      StepSeries m = merged.get(l);
      if (m == null) {
        s.labels = l;
        s.dropName = false;
        merged.put(l, s);
        continue;
      }
      for (int i = 0; i < steps; i++) {
        if (s.present[i]) {
          if (m.present[i]) {
            throw QueryException.execution("vector cannot contain metrics with the same labelset");
          }
          m.set(i, s.values[i]);
        }
      }
    }
    return new ArrayList<>(merged.values());
  }

  private static Labels finalLabels(Labels l, boolean dropName) {
    return dropName ? Evaluator.dropMetadata(l) : l;
  }

  private static void checkUnique(List<Labels> labels) {
    Set<Labels> seen = new HashSet<>();
    for (Labels l : labels) {
      if (!seen.add(l)) {
        throw QueryException.execution("vector cannot contain metrics with the same labelset");
      }
    }
  }

  /** Whether the top-level expression defines the order of its result. */
  private static boolean keepsOrder(Expr e) {
    while (e instanceof ParenExpr p) {
      e = p.expr();
    }
    if (e instanceof Call c) {
      String n = c.func().name();
      return n.startsWith("sort");
    }
    if (e instanceof AggregateExpr a) {
      return a.op() == AggregateOp.TOPK || a.op() == AggregateOp.BOTTOMK;
    }
    return false;
  }
}
