package dev.vigil.ingest.statsd;

import dev.vigil.core.model.Labels;
import dev.vigil.core.storage.Appender;
import dev.vigil.ingest.LabelRules;
import dev.vigil.ingest.Numbers;
import dev.vigil.ingest.SeriesWriter;
import dev.vigil.ingest.WriteStats;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads StatsD lines (with DogStatsD tags) and keeps what they add up to until the next flush,
 * which writes one sample per series at the flush time:
 *
 * <ul>
 *   <li>{@code name:v|c[|@rate]}: a counter, increased by {@code v / rate}; cumulative since start;
 *   <li>{@code name:v|g}: a gauge set to {@code v}; {@code +v} or {@code -v} change it;
 *   <li>{@code name:v|ms}, {@code |h}, {@code |d}: observations in a classic histogram ({@code
 *       _bucket{le}}, {@code _sum}, {@code _count}; cumulative since start) with the configured
 *       bounds; timer values are milliseconds and are stored in seconds; with {@code @rate} each
 *       observation counts {@code 1 / rate} times;
 *   <li>{@code name:v|s}: a set; the gauge {@code name} is the number of distinct values seen since
 *       the last flush (at most {@value #MAX_SET_VALUES} are told apart).
 * </ul>
 *
 * <p>Tags: DogStatsD ({@code |#k:v,k2:v2}) and InfluxDB style ({@code name,k=v:1|c}). Names become
 * Prometheus names: characters outside {@code [a-zA-Z0-9_:]} (tags: {@code [a-zA-Z0-9_]}) become
 * {@code _}, a leading digit gets {@code _}. Several values may share one line ({@code
 * name:1:2:3|h}); one packet holds lines separated by newlines. A name keeps the type it first came
 * with; a line of another type for it is malformed. DogStatsD events (lines starting with <code>
 * _e&#123;</code>) and service checks ({@code _sc|}) are skipped.
 *
 * <p>Thread-safe: {@link #ingest} and {@link #flush} may run on different threads.
 */
public final class StatsdAggregator {
  /** Distinct values a set tells apart per flush interval; more count as already seen. */
  public static final int MAX_SET_VALUES = 100_000;

  /** Receives each malformed line and why it was refused. */
  @FunctionalInterface
  public interface MalformedSink {
    void malformed(String line, String reason);
  }

  private final double[] bounds;
  private final int maxSeries;
  private final SeriesWriter writer = new SeriesWriter(LabelRules.DEFAULT);

  private final Map<String, Character> types = new HashMap<>();
  private final Map<Labels, double[]> counters = new HashMap<>();
  private final Map<Labels, double[]> gauges = new HashMap<>();
  private final Map<Labels, Hist> histograms = new HashMap<>();
  private final Map<Labels, Set<String>> sets = new HashMap<>();

  private static final class Hist {
    final double[] buckets;
    double sum;
    double count;

    Hist(int n) {
      buckets = new double[n];
    }
  }

  /**
   * An aggregator with histogram upper bounds {@code bounds} (ascending, +Inf implied) and at most
   * {@code maxSeries} series.
   */
  public StatsdAggregator(double[] bounds, int maxSeries) {
    this.bounds = bounds.clone();
    for (int i = 1; i < this.bounds.length; i++) {
      if (!(this.bounds[i] > this.bounds[i - 1])) {
        throw new IllegalArgumentException("histogram buckets must be ascending");
      }
    }
    this.maxSeries = maxSeries;
  }

  /**
   * Reads one packet (lines separated by {@code \n}).
   *
   * @return how many lines were accepted; the others went to {@code malformed}
   */
  public synchronized int ingest(byte[] buf, int off, int len, MalformedSink malformed) {
    int ok = 0;
    int end = off + len;
    int start = off;
    for (int i = off; i <= end; i++) {
      if (i == end || buf[i] == '\n') {
        int e = i > start && buf[i - 1] == '\r' ? i - 1 : i;
        if (e > start) {
          String line = new String(buf, start, e - start, StandardCharsets.UTF_8);
          String reason = line(line);
          if (reason == null) {
            ok++;
          } else if (!reason.isEmpty()) {
            malformed.malformed(line, reason);
          }
        }
        start = i + 1;
      }
    }
    return ok;
  }

  /** Parses and applies one line; null when accepted, "" when skipped, else the reason. */
  private String line(String line) {
    if (line.startsWith("_e{") || line.startsWith("_sc|")) {
      return "";
    }
    int colon = line.indexOf(':');
    int bar = line.indexOf('|');
    if (colon <= 0 || bar < 0 || bar < colon) {
      return "expected name:value|type";
    }
    String head = line.substring(0, colon);
    String[] sections = line.substring(bar + 1).split("\\|", -1);
    String type = sections[0];
    char kind =
        switch (type) {
          case "c" -> 'c';
          case "g" -> 'g';
          case "ms" -> 't';
          case "h", "d" -> 'h';
          case "s" -> 's';
          default -> '?';
        };
    if (kind == '?') {
      return "unknown type \"" + type + "\" (expected c, g, ms, h, d or s)";
    }
    double rate = 1;
    TreeMap<String, String> tags = new TreeMap<>();
    for (int i = 1; i < sections.length; i++) {
      String s = sections[i];
      if (s.startsWith("@")) {
        try {
          rate = Double.parseDouble(s.substring(1));
        } catch (NumberFormatException e) {
          return "bad sample rate \"" + s + "\"";
        }
        if (!(rate > 0 && rate <= 1)) {
          return "sample rate " + s.substring(1) + " is not in (0, 1]";
        }
      } else if (s.startsWith("#")) {
        for (String tag : s.substring(1).split(",", -1)) {
          int c = tag.indexOf(':');
          if (c > 0) {
            tags.put(labelName(tag.substring(0, c)), tag.substring(c + 1));
          }
        }
      }
      // other DogStatsD sections (c: container id, T timestamp) are ignored
    }
    String name = head;
    int comma = head.indexOf(',');
    if (comma >= 0) {
      name = head.substring(0, comma);
      for (String tag : head.substring(comma + 1).split(",", -1)) {
        int eq = tag.indexOf('=');
        if (eq <= 0) {
          return "bad tag \"" + tag + "\" (expected key=value)";
        }
        tags.put(labelName(tag.substring(0, eq)), tag.substring(eq + 1));
      }
    }
    name = metricName(name);
    if (name.isEmpty()) {
      return "empty metric name";
    }
    tags.remove(Labels.METRIC_NAME);
    String[] values = line.substring(colon + 1, bar).split(":", -1);
    Character known = types.get(name);
    if (known != null && known != kind) {
      return "metric \"" + name + "\" is a " + typeName(known) + ", not a " + typeName(kind);
    }
    Labels.Builder b = Labels.builder().set(Labels.METRIC_NAME, name);
    tags.forEach(
        (k, v) -> {
          if (!v.isEmpty()) {
            b.set(k, v);
          }
        });
    Labels labels = b.build();
    if (kind != 's') {
      double[] parsed = new double[values.length];
      for (int i = 0; i < values.length; i++) {
        String v = values[i];
        try {
          parsed[i] = Double.parseDouble(v);
        } catch (NumberFormatException e) {
          return "bad value \"" + v + "\"";
        }
        if (Double.isNaN(parsed[i]) || Double.isInfinite(parsed[i])) {
          return "bad value \"" + v + "\"";
        }
      }
      if (!knownSeries(labels, kind) && seriesCount() >= maxSeries) {
        return "over statsd.max_series (" + maxSeries + " series)";
      }
      types.putIfAbsent(name, kind);
      for (int i = 0; i < parsed.length; i++) {
        apply(kind, labels, values[i], parsed[i], rate);
      }
    } else {
      if (!knownSeries(labels, kind) && seriesCount() >= maxSeries) {
        return "over statsd.max_series (" + maxSeries + " series)";
      }
      types.putIfAbsent(name, kind);
      Set<String> set = sets.computeIfAbsent(labels, k -> new HashSet<>());
      for (String v : values) {
        if (set.size() < MAX_SET_VALUES) {
          set.add(v);
        }
      }
    }
    return null;
  }

  private void apply(char kind, Labels labels, String text, double v, double rate) {
    switch (kind) {
      case 'c' -> counters.computeIfAbsent(labels, k -> new double[1])[0] += v / rate;
      case 'g' -> {
        double[] g = gauges.computeIfAbsent(labels, k -> new double[1]);
        char first = text.isEmpty() ? ' ' : text.charAt(0);
        g[0] = first == '+' || first == '-' ? g[0] + v : v;
      }
      case 't', 'h' -> {
        double x = kind == 't' ? v / 1000 : v;
        Hist h = histograms.computeIfAbsent(labels, k -> new Hist(bounds.length));
        double weight = 1 / rate;
        int i = Arrays.binarySearch(bounds, x);
        for (int b = i >= 0 ? i : -i - 1; b < bounds.length; b++) {
          h.buckets[b] += weight;
        }
        h.sum += x * weight;
        h.count += weight;
      }
      default -> throw new AssertionError(kind);
    }
  }

  private boolean knownSeries(Labels labels, char kind) {
    return switch (kind) {
      case 'c' -> counters.containsKey(labels);
      case 'g' -> gauges.containsKey(labels);
      case 's' -> sets.containsKey(labels);
      default -> histograms.containsKey(labels);
    };
  }

  private int seriesCount() {
    return counters.size() + gauges.size() + histograms.size() + sets.size();
  }

  /**
   * Appends every series' current value at {@code t} (never committing). Sets start empty again
   * afterwards; if the batch is rolled back, that interval's set counts are lost, while counters,
   * gauges and histograms are cumulative and come back whole at the next flush.
   */
  public synchronized WriteStats flush(long t, Appender app) {
    writer.begin(app);
    long index = 0;
    for (Map.Entry<Labels, double[]> e : counters.entrySet()) {
      write(index++, e.getKey(), null, null, null, t, e.getValue()[0]);
    }
    for (Map.Entry<Labels, double[]> e : gauges.entrySet()) {
      write(index++, e.getKey(), null, null, null, t, e.getValue()[0]);
    }
    for (Map.Entry<Labels, Set<String>> e : sets.entrySet()) {
      write(index++, e.getKey(), null, null, null, t, e.getValue().size());
      e.getValue().clear();
    }
    for (Map.Entry<Labels, Hist> e : histograms.entrySet()) {
      Labels l = e.getKey();
      Hist h = e.getValue();
      for (int b = 0; b < bounds.length; b++) {
        write(index, l, "_bucket", "le", Numbers.formatPlain(bounds[b]), t, h.buckets[b]);
      }
      write(index, l, "_bucket", "le", "+Inf", t, h.count);
      write(index, l, "_sum", null, null, t, h.sum);
      write(index++, l, "_count", null, null, t, h.count);
    }
    return writer.finish();
  }

  private void write(
      long index, Labels labels, String suffix, String extra, String extraValue, long t, double v) {
    writer.startSeries("statsd series", index);
    for (int i = 0; i < labels.size(); i++) {
      String n = labels.name(i);
      String value = labels.value(i);
      writer.label(n, n.equals(Labels.METRIC_NAME) && suffix != null ? value + suffix : value);
    }
    if (extra != null) {
      writer.label(extra, extraValue);
    }
    if (writer.endLabels()) {
      writer.sample(t, v);
    } else {
      writer.rejectSamples(1);
    }
  }

  /** How many series the aggregator holds. */
  public synchronized int series() {
    return seriesCount();
  }

  private static String typeName(char kind) {
    return switch (kind) {
      case 'c' -> "counter";
      case 'g' -> "gauge";
      case 't' -> "timer";
      case 'h' -> "histogram";
      default -> "set";
    };
  }

  /** Invalid characters become {@code _}; a leading digit gets {@code _}. */
  static String metricName(String s) {
    return sanitize(s, true);
  }

  static String labelName(String s) {
    String n = sanitize(s, false);
    return n.isEmpty() ? "_" : n;
  }

  private static String sanitize(String s, boolean colons) {
    StringBuilder b = new StringBuilder(s.length() + 1);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || (colons && c == ':');
      b.append(ok ? c : '_');
    }
    if (b.length() > 0 && b.charAt(0) >= '0' && b.charAt(0) <= '9') {
      b.insert(0, '_');
    }
    return b.toString();
  }
}
