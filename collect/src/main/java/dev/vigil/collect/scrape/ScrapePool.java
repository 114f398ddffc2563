package dev.vigil.collect.scrape;

import dev.vigil.collect.config.FileSdConfig;
import dev.vigil.collect.config.ScrapeConfig;
import dev.vigil.collect.discovery.Discoverer;
import dev.vigil.collect.discovery.FileDiscoverer;
import dev.vigil.collect.discovery.StaticDiscoverer;
import dev.vigil.collect.discovery.TargetGroup;
import dev.vigil.collect.relabel.Relabeler;
import dev.vigil.core.model.Labels;
import dev.vigil.core.storage.Appendable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The targets of one job and their scrape loops. Discovery updates re-sync the pool: new targets
 * get a loop, vanished ones are stopped with stale markers, unchanged ones keep theirs.
 *
 * <p>Thread-safe: every method that touches the loops is synchronized.
 */
final class ScrapePool {
  private static final Logger LOG = LoggerFactory.getLogger(ScrapePool.class);

  private final ScrapeConfig config;
  private final Appendable storage;
  private final Supplier<ExpositionParser> parsers;
  private final HttpScraper scraper;
  private final Relabeler metricRelabel;
  private final TargetBuilder builder;
  private final List<Discoverer> discoverers = new ArrayList<>();
  private final Map<Target, ScrapeLoop> loops = new LinkedHashMap<>();
  private Map<Target, ScrapeLoop> predecessors = new LinkedHashMap<>();
  private List<Labels> dropped = List.of();
  private volatile String poolError;
  private boolean stopped;

  ScrapePool(ScrapeConfig config, Appendable storage, Supplier<ExpositionParser> parsers) {
    this.config = config;
    this.storage = storage;
    this.parsers = parsers;
    this.metricRelabel = Relabeler.compile(config.metricRelabelConfigs());
    this.builder = new TargetBuilder(config);
    this.scraper = new HttpScraper(config);
    if (!config.staticConfigs().isEmpty()) {
      discoverers.add(new StaticDiscoverer(config.staticConfigs()));
    }
    for (FileSdConfig f : config.fileSdConfigs()) {
      discoverers.add(new FileDiscoverer(f));
    }
  }

  ScrapeConfig config() {
    return config;
  }

  /**
   * Starts discovery and the loops. Targets that {@code old} (the pool this one replaces on a
   * reload, or null) also has continue from its loops' series; {@code old}'s other targets are
   * stopped with stale markers.
   */
  synchronized void start(ScrapePool old) {
    if (old != null) {
      predecessors = old.detach();
    }
    for (Discoverer d : discoverers) {
      d.start(this::sync);
    }
    stopAll(syncLocked(), true);
    stopAll(List.copyOf(predecessors.values()), true);
    predecessors = new LinkedHashMap<>();
  }

  /** Stops discovery and hands the loops over without stopping them. */
  private synchronized Map<Target, ScrapeLoop> detach() {
    stopped = true;
    closeDiscovery();
    Map<Target, ScrapeLoop> out = new LinkedHashMap<>(loops);
    loops.clear();
    return out;
  }

  /**
   * Rebuilds the target list from the discoverers' current groups; vanished targets' loops are
   * stopped (with stale markers) after the pool lock is released.
   */
  void sync() {
    stopAll(syncLocked(), true);
  }

  /** The work of {@link #sync()} under the lock; returns the loops to stop. */
  private synchronized List<ScrapeLoop> syncLocked() {
    if (stopped) {
      return List.of();
    }
    Map<Target, Boolean> active = new LinkedHashMap<>();
    List<Labels> drops = new ArrayList<>();
    for (Discoverer d : discoverers) {
      for (TargetGroup g : d.groups()) {
        for (Map<String, String> t : g.targets()) {
          TargetBuilder.Result r;
          try {
            r = builder.build(g, t);
          } catch (IllegalArgumentException e) {
            LOG.warn("job {}: bad target {}: {}", config.jobName(), t, e.getMessage());
            continue;
          }
          switch (r) {
            case TargetBuilder.Kept k -> active.putIfAbsent(k.target(), Boolean.TRUE);
            case TargetBuilder.Dropped dr -> drops.add(dr.discoveredLabels());
            case TargetBuilder.Failed f -> {
              LOG.warn("job {}: cannot create target: {}", config.jobName(), f.error());
              drops.add(f.discoveredLabels());
            }
          }
        }
      }
    }
    if (config.keepDroppedTargets() > 0 && drops.size() > config.keepDroppedTargets()) {
      drops = drops.subList(0, (int) config.keepDroppedTargets());
    }
    dropped = List.copyOf(drops);
    poolError =
        config.targetLimit() > 0 && active.size() > config.targetLimit()
            ? "target_limit exceeded (number of targets: "
                + active.size()
                + ", limit: "
                + config.targetLimit()
                + ")"
            : null;
    List<Target> gone = new ArrayList<>();
    for (Target t : loops.keySet()) {
      if (!active.containsKey(t)) {
        gone.add(t);
      }
    }
    List<ScrapeLoop> stopping = new ArrayList<>();
    for (Target t : gone) {
      stopping.add(loops.remove(t));
    }
    for (Target t : active.keySet()) {
      if (loops.containsKey(t)) {
        continue;
      }
      ScrapeLoop l =
          new ScrapeLoop(
              t,
              config,
              ScrapeLoop.http(t, scraper, parsers.get()),
              storage,
              metricRelabel,
              () -> poolError);
      ScrapeLoop before = takePredecessor(t);
      if (before != null) {
        before.stop(false);
        l.inherit(before.previousSeries());
      }
      loops.put(t, l);
      l.start();
    }
    return stopping;
  }

  /**
   * The old pool's loop for the same endpoint and sample labels as {@code t}, if any: a changed
   * interval or other {@code __} label does not make it a different target for staleness.
   */
  private ScrapeLoop takePredecessor(Target t) {
    ScrapeLoop exact = predecessors.remove(t);
    if (exact != null) {
      return exact;
    }
    Labels pub = t.publicLabels();
    for (Target old : predecessors.keySet()) {
      if (old.url().equals(t.url()) && old.publicLabels().equals(pub)) {
        return predecessors.remove(old);
      }
    }
    return null;
  }

  /** The targets being scraped, in discovery order. */
  synchronized List<Target> activeTargets() {
    return List.copyOf(loops.keySet());
  }

  /** The discovered label sets that relabeling dropped or that were invalid. */
  synchronized List<Labels> droppedTargets() {
    return dropped;
  }

  /** Stops everything; with {@code markStale}, every target's series get stale markers. */
  void stop(boolean markStale) {
    List<ScrapeLoop> ls;
    synchronized (this) {
      stopped = true;
      closeDiscovery();
      ls = new ArrayList<>(loops.values());
      loops.clear();
    }
    stopAll(ls, markStale);
    scraper.close();
  }

  /** Stops loops in parallel: each may be finishing a scrape that takes up to its timeout. */
  static void stopAll(List<ScrapeLoop> ls, boolean markStale) {
    if (ls.size() == 1) {
      ls.get(0).stop(markStale);
      return;
    }
    List<Thread> threads = new ArrayList<>();
    for (ScrapeLoop l : ls) {
      threads.add(Thread.ofVirtual().name("scrape-stop").start(() -> l.stop(markStale)));
    }
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Closes what only this pool used once its loops are handed over. */
  void closeClient() {
    scraper.close();
  }

  private void closeDiscovery() {
    for (Discoverer d : discoverers) {
      d.close();
    }
  }
}
