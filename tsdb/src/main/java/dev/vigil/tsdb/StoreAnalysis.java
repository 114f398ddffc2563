package dev.vigil.tsdb;

import dev.vigil.core.model.Labels;
import dev.vigil.core.storage.Series;
import dev.vigil.tsdb.block.Block;
import dev.vigil.tsdb.chunk.ChunkSeries;
import dev.vigil.tsdb.head.Head;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Cardinality and churn of a whole store (blocks and head), for {@code vigil tsdb analyze}: how
 * many series, which metrics and labels make most of them, and how many series each block brought
 * that no earlier block had.
 *
 * @param series distinct series over all blocks and the head
 * @param sources one row per block (in time order) and one for the head
 * @param seriesByMetric series per metric name, most first
 * @param valuesByLabelName distinct values per label name, most first
 * @param seriesByLabelPair series per {@code name=value}, most first
 */
public record StoreAnalysis(
    int series,
    List<Source> sources,
    List<Head.Count> seriesByMetric,
    List<Head.Count> valuesByLabelName,
    List<Head.Count> seriesByLabelPair) {

  /**
   * One block (or the head) and its churn.
   *
   * @param name the block id, or {@code head}
   * @param minTime oldest sample (ms)
   * @param maxTime newest sample (ms)
   * @param series series with samples in it
   * @param created series no earlier source had
   */
  public record Source(String name, long minTime, long maxTime, int series, int created) {
    /** Series created per hour of the source's time span. */
    public double createdPerHour() {
      double hours = Math.max(1, maxTime - minTime + 1) / 3_600_000.0;
      return created / hours;
    }
  }

  /** Reads every series of {@code db} (labels only; chunks are checked, samples not decoded). */
  public static StoreAnalysis of(Tsdb db) {
    Set<Labels> seen = new HashSet<>();
    List<Source> sources = new ArrayList<>();
    List<Block> blocks = new ArrayList<>(db.blocks());
    blocks.sort(Comparator.comparingLong(b -> b.meta().minTime()));
    for (Block b : blocks) {
      List<Series> in = b.select(b.meta().minTime(), b.meta().maxTime()).series();
      sources.add(
          new Source(
              b.meta().id(), b.meta().minTime(), b.meta().maxTime(), in.size(), addAll(seen, in)));
    }
    Head head = db.head();
    List<ChunkSeries> inHead = head.select(Long.MIN_VALUE, Long.MAX_VALUE);
    if (!inHead.isEmpty()) {
      sources.add(
          new Source("head", head.minTime(), head.maxTime(), inHead.size(), addAll(seen, inHead)));
    }
    Map<String, Long> byMetric = new HashMap<>();
    Map<String, Set<String>> values = new HashMap<>();
    Map<String, Long> byPair = new HashMap<>();
    for (Labels ls : seen) {
      byMetric.merge(ls.metricName(), 1L, Long::sum);
      for (int i = 0; i < ls.size(); i++) {
        values.computeIfAbsent(ls.name(i), k -> new HashSet<>()).add(ls.value(i));
        byPair.merge(ls.name(i) + "=" + ls.value(i), 1L, Long::sum);
      }
    }
    Map<String, Long> byName = new HashMap<>();
    values.forEach((k, v) -> byName.put(k, (long) v.size()));
    return new StoreAnalysis(
        seen.size(), List.copyOf(sources), sorted(byMetric), sorted(byName), sorted(byPair));
  }

  private static int addAll(Set<Labels> seen, List<? extends Series> in) {
    int created = 0;
    for (Series s : in) {
      if (seen.add(s.labels())) {
        created++;
      }
    }
    return created;
  }

  private static List<Head.Count> sorted(Map<String, Long> counts) {
    List<Head.Count> out = new ArrayList<>();
    counts.forEach((k, v) -> out.add(new Head.Count(k, v)));
    out.sort(
        Comparator.comparingLong(Head.Count::value).reversed().thenComparing(Head.Count::name));
    return List.copyOf(out);
  }

  /** Prints the figures as text tables, {@code limit} rows per ranking. */
  public void print(PrintWriter out, int limit) {
    out.printf(Locale.ROOT, "Series: %d%n", series);
    out.printf(
        Locale.ROOT,
        "Label names: %d, label pairs: %d, metrics: %d%n%n",
        valuesByLabelName.size(),
        seriesByLabelPair.size(),
        seriesByMetric.size());
    out.printf(
        Locale.ROOT,
        "%-26s  %-24s  %-24s  %8s  %8s  %10s%n",
        "Block",
        "From (UTC)",
        "To (UTC)",
        "Series",
        "New",
        "New/hour");
    for (Source s : sources) {
      out.printf(
          Locale.ROOT,
          "%-26s  %-24s  %-24s  %8d  %8d  %10.1f%n",
          s.name(),
          Instant.ofEpochMilli(s.minTime()).toString(),
          Instant.ofEpochMilli(s.maxTime()).toString(),
          s.series(),
          s.created(),
          s.createdPerHour());
    }
    table(out, "Metrics with the most series", seriesByMetric, limit);
    table(out, "Label names with the most values", valuesByLabelName, limit);
    table(out, "Label pairs on the most series", seriesByLabelPair, limit);
  }

  private static void table(PrintWriter out, String title, List<Head.Count> rows, int limit) {
    out.printf(Locale.ROOT, "%n%s:%n", title);
    for (Head.Count c : rows.subList(0, Math.min(limit, rows.size()))) {
      out.printf(Locale.ROOT, "%10d  %s%n", c.value(), c.name());
    }
  }
}
