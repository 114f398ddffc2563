package dev.vigil.server.cli;

import dev.vigil.core.model.Labels;
import dev.vigil.core.model.Matcher;
import dev.vigil.core.storage.Querier;
import dev.vigil.core.storage.SampleIterator;
import dev.vigil.core.storage.SeriesSet;
import dev.vigil.core.storage.ValueType;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.ast.LabelMatcher;
import dev.vigil.promql.ast.VectorSelector;
import dev.vigil.promql.parser.ParseException;
import dev.vigil.promql.parser.Parser;
import dev.vigil.server.lifecycle.DataDir;
import dev.vigil.tsdb.StoreAnalysis;
import dev.vigil.tsdb.Tsdb;
import dev.vigil.tsdb.TsdbOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigil tsdb analyze|dump}: look into the metrics store of a data folder that no server is
 * using (as {@code promtool tsdb} does). The folder is locked while the command runs and nothing in
 * it is changed.
 */
@Command(
    name = "tsdb",
    mixinStandardHelpOptions = true,
    description = "Inspect the metrics store of a data folder no running server uses.",
    subcommands = {TsdbCommand.Analyze.class, TsdbCommand.Dump.class})
public final class TsdbCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Opens {@code data}/metrics read-only under the data folder's lock, runs {@code body}. */
  static int withStore(CommandSpec spec, String data, StoreAction body) {
    PrintWriter err = spec.commandLine().getErr();
    Path dir = Path.of(data).toAbsolutePath().normalize();
    if (!Files.isDirectory(dir.resolve("metrics"))) {
      err.println("vigil tsdb: no metrics store in " + dir + " (expected " + dir + "/metrics)");
      return ExitCodes.FAILURE;
    }
    try (DataDir lock = DataDir.open(dir);
        Tsdb db = Tsdb.openReadOnly(lock.path().resolve("metrics"), TsdbOptions.defaults())) {
      body.run(db, spec.commandLine().getOut());
      spec.commandLine().getOut().flush();
      return ExitCodes.OK;
    } catch (IOException e) {
      err.println("vigil tsdb: " + e.getMessage());
      return ExitCodes.FAILURE;
    }
  }

  /** The {@code --data} option of every tsdb command. */
  static final class DataOption {
    @Option(
        names = "--data",
        paramLabel = "DIR",
        defaultValue = "./data",
        description = "Data folder (default: ${DEFAULT-VALUE}).")
    String dir;
  }

  /** Work on an open store. */
  interface StoreAction {
    /** Runs against {@code db}, printing to {@code out}. */
    void run(Tsdb db, PrintWriter out) throws IOException;
  }

  /** {@code vigil tsdb analyze}. */
  @Command(
      name = "analyze",
      mixinStandardHelpOptions = true,
      description = {
        "Print cardinality figures: series, the metrics and label names with the most series or"
            + " values, the label pairs on the most series, and churn (series new in each block)."
      })
  static final class Analyze implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin DataOption data;

    @Option(
        names = "--limit",
        paramLabel = "N",
        defaultValue = "20",
        description = "Rows per table (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
      if (limit <= 0) {
        spec.commandLine().getErr().println("vigil tsdb analyze: --limit must be positive");
        return ExitCodes.USAGE;
      }
      return withStore(spec, data.dir, (db, out) -> StoreAnalysis.of(db).print(out, limit));
    }
  }

  /** {@code vigil tsdb dump}. */
  @Command(
      name = "dump",
      mixinStandardHelpOptions = true,
      description = {
        "Print samples as Prometheus text lines with millisecond timestamps, which",
        "POST /api/v1/import/prometheus reads back. Stale markers print as NaN."
      })
  static final class Dump implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin DataOption data;

    @Option(
        names = "--match",
        paramLabel = "SELECTOR",
        description =
            "Series selector, e.g. 'up{job=\"node\"}'; repeatable (default: every series).")
    List<String> match = new ArrayList<>();

    @Option(
        names = "--min-time",
        paramLabel = "MS",
        defaultValue = "-9223372036854775808",
        description = "Oldest sample, milliseconds since the epoch (default: no bound).")
    long minTime;

    @Option(
        names = "--max-time",
        paramLabel = "MS",
        defaultValue = "9223372036854775807",
        description = "Newest sample, milliseconds since the epoch (default: no bound).")
    long maxTime;

    @Override
    public Integer call() {
      List<Matcher[]> selectors = new ArrayList<>();
      for (String m : match) {
        try {
          selectors.add(selector(m));
        } catch (IllegalArgumentException e) {
          spec.commandLine().getErr().println("vigil tsdb dump: " + e.getMessage());
          return ExitCodes.USAGE;
        }
      }
      if (selectors.isEmpty()) {
        selectors.add(new Matcher[0]);
      }
      return withStore(
          spec,
          data.dir,
          (db, out) -> {
            try (Querier q = db.querier(minTime, maxTime)) {
              for (Matcher[] ms : selectors) {
                print(q.select(true, null, ms), out);
              }
            }
          });
    }

    private static void print(SeriesSet set, PrintWriter out) throws IOException {
      SampleIterator it = null;
      while (set.next()) {
        String series = TextFormat.series(set.at().labels());
        it = set.at().iterator(it);
        while (it.next() == ValueType.FLOAT) {
          out.append(series)
              .append(' ')
              .append(TextFormat.value(it.atF()))
              .append(' ')
              .append(Long.toString(it.atT()))
              .append('\n');
        }
        if (it.err() != null) {
          throw new IOException(
              "reading " + set.at().labels() + " failed: " + it.err().getMessage());
        }
      }
      for (String w : set.warnings()) {
        System.err.println("warning: " + w);
      }
    }

    static Matcher[] selector(String text) {
      Expr e;
      try {
        e = Parser.parse(text);
      } catch (ParseException ex) {
        throw new IllegalArgumentException("bad --match " + text + ": " + ex.getMessage(), ex);
      }
      if (!(e instanceof VectorSelector vs)) {
        throw new IllegalArgumentException(
            "bad --match " + text + ": not a series selector such as up{job=\"node\"}");
      }
      Matcher[] out = new Matcher[vs.matchers().size()];
      for (int i = 0; i < out.length; i++) {
        LabelMatcher m = vs.matchers().get(i);
        out[i] = Matcher.of(Matcher.Type.valueOf(m.op().name()), m.name(), m.value());
      }
      return out;
    }
  }

  /** Prometheus text exposition of a series and a value. */
  static final class TextFormat {
    private TextFormat() {}

    static String series(Labels ls) {
      StringBuilder b = new StringBuilder(ls.metricName());
      boolean first = true;
      for (int i = 0; i < ls.size(); i++) {
        if (ls.name(i).equals(Labels.METRIC_NAME)) {
          continue;
        }
        b.append(first ? '{' : ',').append(ls.name(i)).append("=\"");
        first = false;
        String v = ls.value(i);
        for (int j = 0; j < v.length(); j++) {
          char c = v.charAt(j);
          switch (c) {
            case '\\' -> b.append("\\\\");
            case '"' -> b.append("\\\"");
            case '\n' -> b.append("\\n");
            default -> b.append(c);
          }
        }
        b.append('"');
      }
      return first ? b.toString() : b.append('}').toString();
    }

    static String value(double v) {
      if (Double.isNaN(v)) {
        return "NaN";
      }
      if (Double.isInfinite(v)) {
        return v > 0 ? "+Inf" : "-Inf";
      }
      return Double.toString(v);
    }
  }
}
