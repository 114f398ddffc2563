package dev.vigil.promql.promqltest;

import dev.vigil.core.model.Labels;
import dev.vigil.core.model.Matcher;
import dev.vigil.core.storage.Querier;
import dev.vigil.core.storage.Queryable;
import dev.vigil.core.storage.SelectHints;
import dev.vigil.core.storage.SeriesSet;
import dev.vigil.core.storage.memory.MemoryStorage;
import dev.vigil.promql.engine.Engine;
import dev.vigil.promql.engine.EngineOptions;
import dev.vigil.promql.engine.QueryResult;
import dev.vigil.promql.parser.ParserOptions;
import dev.vigil.promql.promqltest.EvalOutcome.Status;
import dev.vigil.promql.promqltest.Script.Eval;
import dev.vigil.promql.promqltest.Script.ExpectedAnnotation;
import dev.vigil.promql.promqltest.Script.ExpectedSeries;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a {@link Script} against a fresh {@link MemoryStorage} and an {@link Engine} configured as
 * Prometheus's test runner configures its engine (lookback 5m, experimental syntax on, subquery
 * step 1m, max 10 000 samples... here the default limit, since the scripts that check the limit set
 * their own).
 *
 * <p>Native histograms cannot be stored yet: series values written as {@code {{...}}} are dropped
 * at load, and an eval that fails while it either expects histogram output, comes after a {@code
 * load_with_nhcb}, or selected a series that had histogram samples is reported as {@link
 * Status#NATIVE_HISTOGRAM_GAP} rather than {@link Status#FAILED}, its message starting with which
 * of the three it was. The classification is only a hint: {@code PromqlScriptsTest} skips a gap
 * only when it is listed, after review, in {@code native-histogram-gaps.txt}.
 */
public final class ScriptRunner {
  private final Engine engine;

  public ScriptRunner() {
    this(
        new Engine(
            EngineOptions.defaults().withMaxSamples(50_000_000L).withParser(ParserOptions.ALL)));
  }

  public ScriptRunner(Engine engine) {
    this.engine = engine;
  }

  /** Runs every command; returns one outcome per eval. */
  public List<EvalOutcome> run(Script script) {
    List<EvalOutcome> out = new ArrayList<>();
    MemoryStorage storage = new MemoryStorage();
    Set<Labels> histogramSeries = new HashSet<>();
    boolean nhcb = false;
    for (Script.Command c : script.commands()) {
      switch (c) {
        case Script.Clear clear -> {
          storage = new MemoryStorage();
          histogramSeries.clear();
          nhcb = false;
        }
        case Script.Load load -> {
          nhcb |= load.withNhcb();
          for (Script.LoadSeries s : load.series()) {
            if (s.hasHistograms()) {
              histogramSeries.add(s.labels());
            }
            for (int i = 0; i < s.values().size(); i++) {
              Double v = s.values().get(i);
              if (v != null) {
                storage.add(s.labels(), i * load.intervalMillis(), v);
              }
            }
          }
        }
        case Eval e -> {
          Recording rec = new Recording(storage, histogramSeries);
          String problem;
          try {
            problem = check(e, rec);
          } catch (RuntimeException ex) {
            problem = "unexpected " + ex;
          }
          Status status = Status.PASSED;
          if (problem != null) {
            String why =
                e.expectsHistograms()
                    ? "expects histogram output"
                    : nhcb
                        ? "runs after load_with_nhcb"
                        : rec.touchedHistograms ? "selects series loaded with histograms" : null;
            status = why != null ? Status.NATIVE_HISTOGRAM_GAP : Status.FAILED;
            if (why != null) {
              problem = "[" + why + "] " + problem;
            }
          }
          out.add(new EvalOutcome(script.name(), e.line(), e.expr(), status, problem));
        }
      }
    }
    return out;
  }

  /** Returns null when the eval passes, else what was wrong. */
  private String check(Eval e, Queryable q) {
    QueryResult result;
    try {
      result =
          e.instant()
              ? engine.instantQuery(q, e.expr(), e.start())
              : engine.rangeQuery(q, e.expr(), e.start(), e.end(), e.step());
    } catch (RuntimeException ex) {
      if (!e.fail()) {
        return "error: " + ex.getMessage();
      }
      String msg = ex.getMessage();
      if (e.failMessage() != null && !e.failMessage().equals(msg)) {
        return "expected error \"" + e.failMessage() + "\", got \"" + msg + "\"";
      }
      if (e.failRegex() != null && !e.failRegex().matcher(msg).find()) {
        return "expected error matching " + e.failRegex() + ", got \"" + msg + "\"";
      }
      return null;
    }
    if (e.fail()) {
      return "expected an error, got " + describe(result.value());
    }
    String annotations = checkAnnotations(e, result);
    if (annotations != null) {
      return annotations;
    }
    String problem = compare(e, result.value());
    if (problem != null || !e.instant() || e.rangeVector() != null || e.ordered()) {
      return problem;
    }
    if (e.expectedString() != null || dependsOnQueryShape(e.expr())) {
      return null;
    }
    return checkAsRangeQuery(e, q);
  }

  /** Whether the result depends on the query's start, end or step, not just the time. */
  private static boolean dependsOnQueryShape(String expr) {
    String e = expr.replace(" ", "");
    return e.contains("start()")
        || e.contains("end()")
        || e.contains("step()")
        || e.contains("range()");
  }

  /**
   * As Prometheus's runner does, evaluates an instant eval again as a range query around its time
   * and compares the point at that time.
   */
  private String checkAsRangeQuery(Eval e, Queryable q) {
    long t = e.start();
    QueryResult.Value v;
    try {
      v = engine.rangeQuery(q, e.expr(), t - 60_000, t + 60_000, 60_000).value();
    } catch (RuntimeException ex) {
      return "as range query: error: " + ex.getMessage();
    }
    List<QueryResult.Sample> samples = new ArrayList<>();
    for (QueryResult.Series s : ((QueryResult.Matrix) v).series()) {
      for (int i = 0; i < s.size(); i++) {
        if (s.timestamps()[i] == t) {
          samples.add(new QueryResult.Sample(s.labels(), t, s.values()[i]));
        }
      }
    }
    String problem;
    if (e.expectedScalar() != null) {
      problem =
          samples.size() == 1
              ? compare(e, new QueryResult.Scalar(t, samples.get(0).v()))
              : "expected one point, got " + samples.size();
    } else {
      problem = compare(e, new QueryResult.Vector(samples));
    }
    return problem == null ? null : "as range query: " + problem;
  }

  private static String checkAnnotations(Eval e, QueryResult r) {
    for (ExpectedAnnotation a : e.annotations()) {
      List<String> list =
          switch (a.kind()) {
            case WARN, NO_WARN -> r.warnings();
            case INFO, NO_INFO -> r.infos();
          };
      switch (a.kind()) {
        case NO_WARN, NO_INFO -> {
          if (!list.isEmpty()) {
            return "expected no "
                + a.kind().name().substring(3).toLowerCase(java.util.Locale.ROOT)
                + "s, got "
                + list;
          }
        }
        default -> {
          if (list.isEmpty()) {
            return "expected a "
                + a.kind().name().toLowerCase(java.util.Locale.ROOT)
                + ", got none";
          }
          if (a.message() != null || a.regex() != null) {
            boolean found = false;
            for (String s : list) {
              String bare = s.replaceAll(" \\(\\d+:\\d+\\)$", "");
              String wantBare =
                  a.message() == null ? null : a.message().replaceAll(" \\(\\d+:\\d+\\)$", "");
              boolean regexMatch =
                  a.regex() != null
                      && (a.regex().matcher(s).find() || a.regex().matcher(bare + " (1:1)").find());
              if ((wantBare != null && wantBare.equals(bare)) || regexMatch) {
                found = true;
              }
            }
            if (!found) {
              return "expected "
                  + a.kind().name().toLowerCase(java.util.Locale.ROOT)
                  + " "
                  + (a.message() != null ? a.message() : a.regex())
                  + ", got "
                  + list;
            }
          }
        }
      }
    }
    return null;
  }

  private static String describe(QueryResult.Value v) {
    return switch (v) {
      case QueryResult.Scalar s -> "scalar " + s.v();
      case QueryResult.StringValue s -> "string " + s.v();
      case QueryResult.Vector vec -> "vector of " + vec.samples().size();
      case QueryResult.Matrix m -> "matrix of " + m.series().size();
    };
  }

  private static String compare(Eval e, QueryResult.Value v) {
    if (e.expectedString() != null) {
      if (!(v instanceof QueryResult.StringValue s) || !s.v().equals(e.expectedString())) {
        return "expected string \"" + e.expectedString() + "\", got " + describe(v);
      }
      return null;
    }
    if (e.expectedScalar() != null) {
      if (!(v instanceof QueryResult.Scalar s)) {
        return "expected scalar " + e.expectedScalar() + ", got " + describe(v);
      }
      if (!almostEqual(e.expectedScalar(), s.v())) {
        return "expected scalar " + e.expectedScalar() + ", got " + s.v();
      }
      return null;
    }
    if (e.instant() && e.rangeVector() == null) {
      if (v instanceof QueryResult.Scalar s) {
        return "expected a vector, got scalar " + s.v();
      }
      if (!(v instanceof QueryResult.Vector vec)) {
        return "expected a vector, got " + describe(v);
      }
      return compareVector(e, vec);
    }
    if (!(v instanceof QueryResult.Matrix m)) {
      return "expected a matrix, got " + describe(v);
    }
    long start = e.rangeVector() != null ? e.rangeVector()[0] : e.start();
    long step = e.rangeVector() != null ? e.rangeVector()[2] : e.step();
    Map<Labels, QueryResult.Series> got = new HashMap<>();
    for (QueryResult.Series s : m.series()) {
      got.put(s.labels(), s);
    }
    for (ExpectedSeries want : e.expected()) {
      QueryResult.Series s = got.remove(want.labels());
      if (s == null) {
        return "missing series " + want.labels() + "; got " + labelsOf(m);
      }
      int k = 0;
      for (int i = 0; i < want.values().size(); i++) {
        Double w = want.values().get(i);
        if (w == null) {
          continue;
        }
        long t = start + i * step;
        if (k >= s.size()) {
          return "series " + want.labels() + ": missing point at " + t;
        }
        if (s.timestamps()[k] != t) {
          return "series "
              + want.labels()
              + ": expected point at "
              + t
              + ", got one at "
              + s.timestamps()[k]
              + " ("
              + s.values()[k]
              + ")";
        }
        if (!almostEqual(w, s.values()[k])) {
          return "series "
              + want.labels()
              + " at "
              + t
              + ": expected "
              + w
              + ", got "
              + s.values()[k];
        }
        k++;
      }
      if (k != s.size()) {
        return "series " + want.labels() + ": " + (s.size() - k) + " unexpected extra points";
      }
    }
    if (!got.isEmpty()) {
      return "unexpected series " + got.keySet();
    }
    return null;
  }

  private static String labelsOf(QueryResult.Matrix m) {
    List<String> l = new ArrayList<>();
    for (QueryResult.Series s : m.series()) {
      l.add(s.labels().toString());
    }
    return l.toString();
  }

  private static String compareVector(Eval e, QueryResult.Vector vec) {
    Map<Labels, Double> got = new HashMap<>();
    for (QueryResult.Sample s : vec.samples()) {
      got.put(s.labels(), s.v());
    }
    if (e.ordered()) {
      for (int i = 0; i < Math.min(e.expected().size(), vec.samples().size()); i++) {
        if (!e.expected().get(i).labels().equals(vec.samples().get(i).labels())) {
          return "expected "
              + e.expected().get(i).labels()
              + " at position "
              + i
              + ", got "
              + vec.samples().get(i).labels();
        }
      }
    }
    for (ExpectedSeries want : e.expected()) {
      Double g = got.remove(want.labels());
      if (g == null) {
        List<String> have = new ArrayList<>();
        for (QueryResult.Sample s : vec.samples()) {
          have.add(s.labels() + "=" + s.v());
        }
        return "missing sample " + want.labels() + "; got " + have;
      }
      Double w = want.values().isEmpty() ? null : want.values().get(0);
      if (w == null || !almostEqual(w, g)) {
        return "sample " + want.labels() + ": expected " + w + ", got " + g;
      }
    }
    if (!got.isEmpty()) {
      return "unexpected samples " + got;
    }
    return null;
  }

  static boolean almostEqual(double a, double b) {
    if (Double.isNaN(a) && Double.isNaN(b)) {
      return true;
    }
    if (a == b) {
      return true;
    }
    double absSum = Math.abs(a) + Math.abs(b);
    double diff = Math.abs(a - b);
    if (a == 0 || b == 0 || absSum < Double.MIN_NORMAL) {
      return diff < 1e-6 * Double.MIN_NORMAL;
    }
    return diff / Math.min(absSum, Double.MAX_VALUE) < 1e-6;
  }

  /** Passes queries through and notes whether a series with histogram samples was selected. */
  private static final class Recording implements Queryable {
    private final Queryable inner;
    private final Set<Labels> histogramSeries;
    boolean touchedHistograms;

    Recording(Queryable inner, Set<Labels> histogramSeries) {
      this.inner = inner;
      this.histogramSeries = histogramSeries;
    }

    @Override
    public Querier querier(long mint, long maxt) {
      Querier q = inner.querier(mint, maxt);
      if (histogramSeries.isEmpty()) {
        return q;
      }
      return new Querier() {
        @Override
        public SeriesSet select(boolean sort, SelectHints hints, Matcher... matchers) {
          for (Labels l : histogramSeries) {
            boolean all = true;
            for (Matcher m : matchers) {
              all &= m.matches(l.get(m.name()));
            }
            touchedHistograms |= all;
          }
          return q.select(sort, hints, matchers);
        }

        @Override
        public List<String> labelNames(Matcher... matchers) {
          return q.labelNames(matchers);
        }

        @Override
        public List<String> labelValues(String name, Matcher... matchers) {
          return q.labelValues(name, matchers);
        }

        @Override
        public void close() {
          q.close();
        }
      };
    }
  }
}
