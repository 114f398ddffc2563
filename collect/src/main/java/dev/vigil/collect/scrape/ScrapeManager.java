package dev.vigil.collect.scrape;

import dev.vigil.collect.config.ScrapeConfig;
import dev.vigil.collect.config.ScrapeGlobals;
import dev.vigil.collect.relabel.Relabeler;
import dev.vigil.core.model.Labels;
import dev.vigil.core.storage.Appendable;
import dev.vigil.core.time.Durations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Runs Prometheus-style scraping for a list of {@code scrape_configs}: one pool per job, one
 * virtual thread per target, samples appended to {@code storage}.
 *
 * <p>Lifecycle: construct, {@link #apply} the configuration (again on every reload), {@link
 * #targets()} for the API, {@link #stop()} at shutdown. On {@link #apply}, jobs whose resolved
 * config is unchanged keep running untouched; changed jobs get a new pool whose loops continue the
 * old loops' series (no stale markers for targets that stay); removed jobs' targets get stale
 * markers.
 *
 * <p>Thread-safe.
 */
public final class ScrapeManager {
  private final Appendable storage;
  private final Supplier<ExpositionParser> parsers;
  private ScrapeGlobals globals;
  private final Map<String, ScrapePool> pools = new LinkedHashMap<>();
  private final Map<Labels, LocalLoop> locals = new LinkedHashMap<>();
  private boolean stopped;

  /**
   * A manager that stores into {@code storage}, parsing bodies with parsers from {@code parsers}
   * (called once per target loop; each parser is used by one thread).
   *
   * @param globals the {@code global:} interval and timeout jobs inherit
   */
  public ScrapeManager(
      Appendable storage, Supplier<ExpositionParser> parsers, ScrapeGlobals globals) {
    this.storage = storage;
    this.parsers = parsers;
    this.globals = globals;
  }

  /**
   * A manager that stores into {@code storage} and parses Prometheus text and OpenMetrics with
   * {@link PromTextParser}.
   */
  public ScrapeManager(Appendable storage, ScrapeGlobals globals) {
    this(storage, PromTextParser::new, globals);
  }

  /** Like {@link #apply(ScrapeGlobals, List)} keeping the current globals. */
  public void apply(List<ScrapeConfig> configs) {
    ScrapeGlobals g;
    synchronized (this) {
      g = globals;
    }
    apply(g, configs);
  }

  /**
   * Makes {@code configs} the running configuration. Everything is validated first: on an error
   * nothing changes.
   *
   * @throws IllegalArgumentException naming the job and key that is wrong
   */
  public synchronized void apply(ScrapeGlobals newGlobals, List<ScrapeConfig> configs) {
    if (stopped) {
      throw new IllegalStateException("scrape manager is stopped");
    }
    ScrapeConfig.checkUniqueJobs(configs);
    Map<String, ScrapeConfig> resolved = new LinkedHashMap<>();
    for (ScrapeConfig c : configs) {
      if (c == null) {
        throw new IllegalArgumentException("scrape_configs: empty entry");
      }
      ScrapeConfig r = c.resolve(newGlobals);
      resolved.put(r.jobName(), r);
    }
    Map<String, ScrapePool> fresh = new LinkedHashMap<>();
    try {
      for (ScrapeConfig c : resolved.values()) {
        ScrapePool old = pools.get(c.jobName());
        if (old != null && old.config().equals(c)) {
          fresh.put(c.jobName(), old);
        } else {
          fresh.put(c.jobName(), new ScrapePool(c, storage, parsers)); // throws on bad TLS files
        }
      }
    } catch (RuntimeException e) {
      for (ScrapePool p : fresh.values()) {
        if (!pools.containsValue(p)) {
          p.closeClient();
        }
      }
      throw e;
    }
    for (Map.Entry<String, ScrapePool> e : pools.entrySet()) {
      if (!fresh.containsKey(e.getKey())) {
        e.getValue().stop(true);
      }
    }
    for (Map.Entry<String, ScrapePool> e : fresh.entrySet()) {
      ScrapePool old = pools.get(e.getKey());
      if (old == e.getValue()) {
        continue;
      }
      e.getValue().start(old);
      if (old != null) {
        old.closeClient();
      }
    }
    pools.clear();
    pools.putAll(fresh);
    globals = newGlobals;
  }

  private record LocalLoop(LocalTarget target, ScrapeLoop loop) {}

  /**
   * Makes {@code targets} the running in-process targets (host collector, probes, databases).
   * Targets whose labels and settings are unchanged keep running; changed ones restart and continue
   * their predecessor's series; removed ones get stale markers.
   *
   * @throws IllegalArgumentException when two targets have the same labels
   */
  public void applyLocal(List<LocalTarget> targets) {
    Map<Labels, LocalTarget> wanted = new LinkedHashMap<>();
    for (LocalTarget t : targets) {
      if (wanted.put(t.publicLabels(), t) != null) {
        throw new IllegalArgumentException("two collectors have the labels " + t.publicLabels());
      }
    }
    List<ScrapeLoop> gone = new ArrayList<>();
    synchronized (this) {
      if (stopped) {
        throw new IllegalStateException("scrape manager is stopped");
      }
      Map<Labels, LocalLoop> fresh = new LinkedHashMap<>();
      for (Map.Entry<Labels, LocalTarget> e : wanted.entrySet()) {
        LocalTarget t = e.getValue();
        LocalLoop old = locals.remove(e.getKey());
        if (old != null && old.target().sameAs(t)) {
          fresh.put(e.getKey(), old);
          continue;
        }
        Target target =
            new Target(t.job(), e.getKey(), t.url(), t.intervalMillis(), t.timeoutMillis());
        ScrapeLoop loop =
            new ScrapeLoop(
                target,
                ScrapeConfig.of(t.job(), null),
                ScrapeLoop.source(t.source().get()),
                storage,
                Relabeler.compile(List.of()),
                () -> null);
        if (old != null) {
          old.loop().stop(false);
          loop.inherit(old.loop().previousSeries());
        }
        loop.startImmediately();
        loop.start();
        fresh.put(e.getKey(), new LocalLoop(t, loop));
      }
      for (LocalLoop l : locals.values()) {
        gone.add(l.loop());
      }
      locals.clear();
      locals.putAll(fresh);
    }
    ScrapePool.stopAll(gone, true);
  }

  /** Stops every loop; stored series are left as they are (no stale markers). Idempotent. */
  public void stop() {
    List<ScrapePool> ps;
    List<ScrapeLoop> ls = new ArrayList<>();
    synchronized (this) {
      stopped = true;
      ps = new ArrayList<>(pools.values());
      pools.clear();
      for (LocalLoop l : locals.values()) {
        ls.add(l.loop());
      }
      locals.clear();
    }
    for (ScrapePool p : ps) {
      p.stop(false);
    }
    ScrapePool.stopAll(ls, false);
  }

  /** The global settings in force. */
  public synchronized ScrapeGlobals globals() {
    return globals;
  }

  /**
   * A snapshot of every job's active and dropped targets, in job order, followed by the in-process
   * targets.
   */
  public TargetsView targets() {
    List<ScrapePool> ps;
    List<Target> localTargets = new ArrayList<>();
    synchronized (this) {
      ps = new ArrayList<>(pools.values());
      for (LocalLoop l : locals.values()) {
        localTargets.add(l.loop().target());
      }
    }
    List<TargetsView.Active> active = new ArrayList<>();
    List<TargetsView.Dropped> dropped = new ArrayList<>();
    for (ScrapePool p : ps) {
      for (Target t : p.activeTargets()) {
        active.add(view(t));
      }
      for (Labels l : p.droppedTargets()) {
        dropped.add(new TargetsView.Dropped(l.toMap(), p.config().jobName()));
      }
    }
    for (Target t : localTargets) {
      active.add(view(t));
    }
    return new TargetsView(List.copyOf(active), List.copyOf(dropped));
  }

  private static TargetsView.Active view(Target t) {
    Target.ScrapeStatus s = t.status();
    return new TargetsView.Active(
        t.discoveredLabels().toMap(),
        t.publicLabels().toMap(),
        t.job(),
        t.url().toString(),
        t.url().toString(),
        s.lastError(),
        s.lastScrape() == null ? "0001-01-01T00:00:00Z" : s.lastScrape().toString(),
        s.lastScrapeDurationSeconds(),
        s.health().apiName(),
        Durations.format(t.intervalMillis()),
        Durations.format(t.timeoutMillis()));
  }

  /**
   * Metric metadata of the active targets, for {@code /api/v1/targets/metadata}.
   *
   * @param matchTarget which targets (by {@link Target#publicLabels()}) to include
   * @param metric only this family; empty or null for all
   * @param limit at most this many targets; 0 or less for no limit
   */
  public List<TargetMetadata> targetMetadata(
      Predicate<Labels> matchTarget, String metric, int limit) {
    List<TargetMetadata> out = new ArrayList<>();
    int targets = 0;
    for (Target t : activeTargets()) {
      Labels pub = t.publicLabels();
      if (!matchTarget.test(pub)) {
        continue;
      }
      if (limit > 0 && targets >= limit) {
        break;
      }
      targets++;
      Map<String, String> labels = pub.toMap();
      for (Map.Entry<String, Target.Metadata> e :
          new java.util.TreeMap<>(t.metadata()).entrySet()) {
        if (metric == null || metric.isEmpty() || metric.equals(e.getKey())) {
          Target.Metadata m = e.getValue();
          out.add(new TargetMetadata(labels, e.getKey(), m.type(), m.help(), m.unit()));
        }
      }
    }
    return out;
  }

  /** The active targets with their live status, for callers that want more than the view. */
  public List<Target> activeTargets() {
    List<ScrapePool> ps;
    List<Target> out = new ArrayList<>();
    synchronized (this) {
      ps = new ArrayList<>(pools.values());
      for (LocalLoop l : locals.values()) {
        out.add(l.loop().target());
      }
    }
    List<Target> scraped = new ArrayList<>();
    for (ScrapePool p : ps) {
      scraped.addAll(p.activeTargets());
    }
    scraped.addAll(out);
    return scraped;
  }
}
