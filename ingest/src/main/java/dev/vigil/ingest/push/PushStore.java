package dev.vigil.ingest.push;

import dev.vigil.core.model.Labels;
import dev.vigil.core.model.Values;
import dev.vigil.core.storage.Appender;
import dev.vigil.core.storage.InvalidSeriesException;
import dev.vigil.core.storage.LimitExceededException;
import dev.vigil.core.storage.OutOfBoundsException;
import dev.vigil.core.storage.OutOfOrderException;
import dev.vigil.ingest.IngestException;
import dev.vigil.ingest.MetricType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pushed groups, as a Pushgateway keeps them, and the samples they stand for.
 *
 * <p>A Pushgateway keeps the last pushed value of every series until its group is deleted, and
 * Prometheus scrapes it every interval. Vigil does both in one: every change writes the group's
 * series at the push time, and {@link #emit} writes every group's series again (the server calls it
 * every {@code pushgateway.interval}), so pushed series never go stale while they are kept. Series
 * that a push replaces without repeating, and all series of a deleted group, get a staleness marker
 * at that moment. Each group also has {@code push_time_seconds} and {@code
 * push_failure_time_seconds} (Unix seconds of its last successful and refused push; 0 when none)
 * with the grouping labels.
 *
 * <p>Pushes are checked against the other groups as the Pushgateway does: a family name must have
 * the same type in every group. A refused push records its failure time in the group (creating it
 * with {@code push_time_seconds} 0 if new). The total of series is bounded.
 *
 * <p>Thread-safe: every method is synchronized. Timestamps written are strictly increasing, so
 * callers that commit each call's appender before the next call (hold one lock around both) never
 * write out of order.
 */
public final class PushStore {
  /** The name of the series with each group's last successful push time. */
  public static final String PUSH_TIME = "push_time_seconds";

  /** The name of the series with each group's last refused push time. */
  public static final String PUSH_FAILURE_TIME = "push_failure_time_seconds";

  private final int maxSeries;
  private final Map<Labels, Group> groups = new TreeMap<>();
  private int seriesCount;
  private long lastT = Long.MIN_VALUE;
  private long rejected;

  /** A store holding at most {@code maxSeries} pushed series in all. */
  public PushStore(int maxSeries) {
    this.maxSeries = maxSeries;
  }

  /** One grouping key's families and push times. */
  static final class Group {
    final Labels key;
    final Map<String, PushedFamily> families = new LinkedHashMap<>();
    double pushTime;
    double failureTime;
    final PushedSeries[] times = new PushedSeries[2];

    Group(Labels key) {
      this.key = key;
    }

    int seriesCount() {
      int n = 0;
      for (PushedFamily f : families.values()) {
        n += f.series().size();
      }
      return n;
    }
  }

  /**
   * Stores a push: {@code replaceAll} ({@code PUT}) replaces the whole group, otherwise ({@code
   * POST}) the families of the same names. Writes the group's series at the push time to {@code
   * app} and stale markers for those it no longer has.
   *
   * @throws IngestException (400) when the push is inconsistent with other groups or over the
   *     limit; its failure time is then recorded, and written to {@code app}
   */
  public synchronized void push(
      Labels key, List<PushedFamily> families, boolean replaceAll, long nowMillis, Appender app) {
    Group old = groups.get(key);
    Map<String, PushedFamily> merged = new LinkedHashMap<>();
    if (old != null && !replaceAll) {
      merged.putAll(old.families);
    }
    for (PushedFamily f : families) {
      if (!f.name().equals(PUSH_TIME) && !f.name().equals(PUSH_FAILURE_TIME)) {
        merged.put(f.name(), f);
      }
    }
    String problem = check(key, merged);
    if (problem != null) {
      fail(key, nowMillis, app);
      throw IngestException.malformed(problem);
    }
    long t = next(nowMillis);
    Group g = old != null ? old : new Group(key);
    Map<Labels, PushedSeries> before = new HashMap<>();
    for (PushedFamily f : g.families.values()) {
      for (PushedSeries s : f.series()) {
        before.put(s.labels(), s);
      }
    }
    seriesCount -= before.size();
    g.families.clear();
    g.families.putAll(merged);
    seriesCount += g.seriesCount();
    g.pushTime = t / 1000.0;
    groups.put(key, g);
    for (PushedFamily f : g.families.values()) {
      for (PushedSeries s : f.series()) {
        PushedSeries was = before.remove(s.labels());
        if (was != null && s.ref == 0) {
          s.ref = was.ref;
        }
      }
    }
    for (PushedSeries gone : before.values()) {
      append(app, gone, t, Values.STALE_NAN);
    }
    write(g, t, app);
  }

  /**
   * Deletes a group, writing stale markers for its series. Deleting a group that does not exist
   * does nothing.
   *
   * @return whether the group existed
   */
  public synchronized boolean delete(Labels key, long nowMillis, Appender app) {
    Group g = groups.remove(key);
    if (g == null) {
      return false;
    }
    seriesCount -= g.seriesCount();
    long t = next(nowMillis);
    for (PushedFamily f : g.families.values()) {
      for (PushedSeries s : f.series()) {
        append(app, s, t, Values.STALE_NAN);
      }
    }
    for (PushedSeries s : timeSeries(g)) {
      append(app, s, t, Values.STALE_NAN);
    }
    return true;
  }

  /** Writes every group's series and push times at {@code nowMillis} (or just after the last). */
  public synchronized void emit(long nowMillis, Appender app) {
    if (groups.isEmpty()) {
      return;
    }
    long t = next(nowMillis);
    for (Group g : groups.values()) {
      write(g, t, app);
    }
  }

  /** Records a refused push for {@code key} (creating the group if new) and writes its times. */
  public synchronized void fail(Labels key, long nowMillis, Appender app) {
    long t = next(nowMillis);
    Group g = groups.computeIfAbsent(key, Group::new);
    g.failureTime = t / 1000.0;
    for (PushedSeries s : timeSeries(g)) {
      append(app, s, t, s.value());
    }
  }

  /** How many groups are kept. */
  public synchronized int groupCount() {
    return groups.size();
  }

  /** How many pushed series are kept (push times not included). */
  public synchronized int seriesCount() {
    return seriesCount;
  }

  /** Samples the storage refused since this store was made (out of bounds, limits, ...). */
  public synchronized long samplesRejected() {
    return rejected;
  }

  /** A copy of the groups: grouping key, push times and families, in key order. */
  public synchronized List<GroupView> groups() {
    List<GroupView> out = new ArrayList<>(groups.size());
    for (Group g : groups.values()) {
      out.add(new GroupView(g.key, g.pushTime, g.failureTime, List.copyOf(g.families.values())));
    }
    return out;
  }

  /** Replaces the content with {@code views} (read back from a saved state); writes nothing. */
  public synchronized void restore(List<GroupView> views) {
    groups.clear();
    seriesCount = 0;
    for (GroupView v : views) {
      Group g = new Group(v.key());
      for (PushedFamily f : v.families()) {
        g.families.put(f.name(), f);
      }
      g.pushTime = v.pushTimeSeconds();
      g.failureTime = v.failureTimeSeconds();
      groups.put(v.key(), g);
      seriesCount += g.seriesCount();
    }
  }

  /**
   * One group as {@link #groups()} shows it.
   *
   * @param key the grouping labels
   * @param pushTimeSeconds the last successful push, Unix seconds (0 if none)
   * @param failureTimeSeconds the last refused push, Unix seconds (0 if none)
   * @param families the pushed families
   */
  public record GroupView(
      Labels key, double pushTimeSeconds, double failureTimeSeconds, List<PushedFamily> families) {}

  private String check(Labels key, Map<String, PushedFamily> merged) {
    int count = 0;
    for (PushedFamily f : merged.values()) {
      count += f.series().size();
    }
    Group old = groups.get(key);
    int after = seriesCount - (old == null ? 0 : old.seriesCount()) + count;
    if (after > maxSeries) {
      return "the push would keep "
          + after
          + " pushed series, over the limit of "
          + maxSeries
          + " (pushgateway.max_series); delete groups that are no longer needed";
    }
    for (PushedFamily f : merged.values()) {
      for (Group other : groups.values()) {
        if (other.key.equals(key)) {
          continue;
        }
        PushedFamily o = other.families.get(f.name());
        if (o != null && o.type() != f.type()) {
          return "metric family \""
              + f.name()
              + "\" is pushed as "
              + typeName(f.type())
              + " but group "
              + other.key
              + " has it as "
              + typeName(o.type());
        }
      }
    }
    return null;
  }

  private static String typeName(MetricType t) {
    return t == MetricType.UNKNOWN ? "untyped" : t.name().toLowerCase(java.util.Locale.ROOT);
  }

  private long next(long nowMillis) {
    lastT = Math.max(nowMillis, lastT == Long.MIN_VALUE ? nowMillis : lastT + 1);
    return lastT;
  }

  private void write(Group g, long t, Appender app) {
    for (PushedFamily f : g.families.values()) {
      for (PushedSeries s : f.series()) {
        append(app, s, t, s.value());
      }
    }
    for (PushedSeries s : timeSeries(g)) {
      append(app, s, t, s.value());
    }
  }

  /** The group's two push-time series, with their current values. */
  private static PushedSeries[] timeSeries(Group g) {
    PushedSeries push = g.times[0];
    if (push == null || push.value() != g.pushTime) {
      push = new PushedSeries(withName(g.key, PUSH_TIME), g.pushTime);
      push.ref = g.times[0] == null ? 0 : g.times[0].ref;
      g.times[0] = push;
    }
    PushedSeries failure = g.times[1];
    if (failure == null || failure.value() != g.failureTime) {
      failure = new PushedSeries(withName(g.key, PUSH_FAILURE_TIME), g.failureTime);
      failure.ref = g.times[1] == null ? 0 : g.times[1].ref;
      g.times[1] = failure;
    }
    return g.times;
  }

  private static Labels withName(Labels key, String name) {
    return key.toBuilder().set(Labels.METRIC_NAME, name).build();
  }

  private void append(Appender app, PushedSeries s, long t, double v) {
    try {
      s.ref = app.append(s.ref, s.labels(), t, v);
    } catch (OutOfOrderException
        | OutOfBoundsException
        | LimitExceededException
        | InvalidSeriesException e) {
      rejected++;
    }
  }
}
