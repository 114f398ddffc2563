package dev.vigil.collect.scrape;

import dev.vigil.collect.config.ScrapeConfig;
import dev.vigil.collect.relabel.Relabeler;
import dev.vigil.core.model.Labels;
import dev.vigil.core.storage.Appender;
import dev.vigil.core.storage.StorageException;
import dev.vigil.ingest.promtext.KnownSeries;
import dev.vigil.ingest.promtext.TextFormat;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The appender a parser writes one scrape into. For each sample it attaches the target's labels
 * ({@code honor_labels}: scraped labels win; otherwise clashing scraped labels are renamed {@code
 * exported_<name>}), applies {@code metric_relabel_configs}, enforces {@code sample_limit} and the
 * label limits, replaces the timestamp unless {@code honor_timestamps}, and forwards to the
 * storage's appender, remembering each series' reference across scrapes.
 *
 * <p>A broken limit does not throw (decoders may swallow storage-like exceptions per sample): it
 * records {@link #failure()} and ignores every later sample; the scrape loop then rolls back.
 * Storage refusals of single samples (out of order, duplicates) are counted and skipped, as
 * Prometheus does.
 *
 * <p>As a {@link KnownSeries} it keeps the target's {@link SeriesTextCache}: a text parser that
 * finds a line's series text there skips decoding its labels, and this appender skips attaching the
 * target's labels, relabeling, the limits already checked and the storage lookup.
 *
 * <p>Not thread-safe: owned by one scrape loop.
 */
final class ScrapeAppender implements Appender, KnownSeries {
  private final Appender storage;
  private final ScrapeConfig config;
  private final Relabeler metricRelabel;
  private Labels targetLabels = Labels.empty();

  /** Storage refs by final labels; kept across scrapes, pruned to the series of the last one. */
  private Map<Labels, Long> refs = new HashMap<>();

  private Set<Labels> seen = new HashSet<>();
  private Set<Labels> previous = new HashSet<>();
  private long scrapeTime;
  private long scraped;
  private long postRelabel;
  private long added;
  private long rejected;
  private String failure;

  private final SeriesTextCache cache = new SeriesTextCache();
  private TextFormat cacheFormat;
  private long scrapeNo;
  private long cacheHits;
  // What the last append() made of its series, for learn().
  private boolean lastCacheable;
  private Labels lastFinal;
  private long lastRef;

  ScrapeAppender(Appender storage, ScrapeConfig config, Relabeler metricRelabel) {
    this.storage = storage;
    this.config = config;
    this.metricRelabel = metricRelabel;
  }

  /** Starts a scrape of a target with public labels {@code targetLabels} at {@code scrapeTime}. */
  void begin(Labels targetLabels, long scrapeTime) {
    this.targetLabels = targetLabels;
    this.scrapeTime = scrapeTime;
    cache.begin(++scrapeNo);
    seen = HashSet.newHashSet(previous.size() + 16);
    scraped = 0;
    postRelabel = 0;
    added = 0;
    rejected = 0;
    failure = null;
  }

  @Override
  public long append(long ref, Labels labels, long t, double v) {
    lastCacheable = false;
    if (failure != null) {
      return 1;
    }
    scraped++;
    Labels l = metricRelabel.process(withTargetLabels(labels, targetLabels, config.honorLabels()));
    if (l == null || l.isEmpty()) {
      lastCacheable = true;
      lastFinal = null;
      lastRef = 0;
      return 1;
    }
    long r = accept(l, t, v, 0, false);
    if (failure == null) {
      lastCacheable = true;
      lastFinal = l;
      lastRef = r;
    }
    return 1;
  }

  /**
   * Stores a sample of a series with final labels {@code l}: the limits, duplicate and staleness
   * tracking, then the storage. {@code known} series come from the cache with the reference {@code
   * knownRef} and passed the label limits before.
   *
   * @return the storage's reference for the series, or 0 when unknown
   */
  private long accept(Labels l, long t, double v, long knownRef, boolean known) {
    postRelabel++;
    if (config.sampleLimit() > 0 && postRelabel > config.sampleLimit()) {
      failure = "sample limit exceeded (limit: " + config.sampleLimit() + ")";
      return 0;
    }
    if (!known && !checkLabelLimits(l)) {
      return 0;
    }
    boolean explicitTime = config.honorTimestamps() && t != scrapeTime;
    long ts = config.honorTimestamps() ? t : scrapeTime;
    if (!seen.add(l)) {
      rejected++; // duplicate series in one scrape
      return knownRef;
    }
    if (!known && !previous.contains(l) && !refs.containsKey(l)) {
      added++;
    }
    long r = known ? knownRef : refs.getOrDefault(l, 0L);
    try {
      r = storage.append(r, l, ts, v);
      if (!known) {
        refs.put(l, r);
      }
    } catch (StorageException e) {
      rejected++;
    }
    if (explicitTime) {
      seen.remove(l); // series with their own timestamps get no staleness markers
      if (!known) {
        refs.putIfAbsent(l, 0L);
      }
    }
    return r;
  }

  @Override
  public void start(TextFormat format) {
    if (format != cacheFormat) {
      cache.clear();
      cacheFormat = format;
    }
  }

  @Override
  public int find(byte[] b, int off, int len) {
    return cache.find(b, off, len);
  }

  @Override
  public void append(int handle, long t, double v) {
    if (failure != null) {
      return;
    }
    scraped++;
    cacheHits++;
    Labels l = cache.labels(handle);
    long r = l == null ? 0 : accept(l, t, v, cache.ref(handle), true);
    cache.seen(handle, r);
  }

  /** Samples whose series text was found in the cache, since this appender was made. */
  long cacheHits() {
    return cacheHits;
  }

  @Override
  public void learn(byte[] b, int off, int len) {
    if (lastCacheable) {
      cache.put(b, off, len, lastFinal, lastRef);
    }
  }

  private boolean checkLabelLimits(Labels l) {
    if (config.labelLimit() > 0 && l.size() > config.labelLimit()) {
      failure =
          "label_limit exceeded (metric: "
              + l.metricName()
              + ", number of labels: "
              + l.size()
              + ", limit: "
              + config.labelLimit()
              + ")";
      return false;
    }
    for (int i = 0; i < l.size(); i++) {
      if (config.labelNameLengthLimit() > 0 && l.name(i).length() > config.labelNameLengthLimit()) {
        failure =
            "label_name_length_limit exceeded (metric: "
                + l.metricName()
                + ", label name: "
                + l.name(i)
                + ", length: "
                + l.name(i).length()
                + ", limit: "
                + config.labelNameLengthLimit()
                + ")";
        return false;
      }
      if (config.labelValueLengthLimit() > 0
          && l.value(i).length() > config.labelValueLengthLimit()) {
        failure =
            "label_value_length_limit exceeded (metric: "
                + l.metricName()
                + ", label name: "
                + l.name(i)
                + ", value length: "
                + l.value(i).length()
                + ", limit: "
                + config.labelValueLengthLimit()
                + ")";
        return false;
      }
    }
    return true;
  }

  /**
   * Attaches a target's labels to scraped labels as Prometheus's {@code mutateSampleLabels} does.
   */
  static Labels withTargetLabels(Labels scraped, Labels target, boolean honorLabels) {
    Labels.Builder b = scraped.toBuilder();
    if (honorLabels) {
      target.forEach(
          (n, v) -> {
            if (!scraped.has(n)) {
              b.set(n, v);
            }
          });
      return b.build();
    }
    target.forEach(
        (n, v) -> {
          String existing = scraped.get(n);
          if (!existing.isEmpty()) {
            String exported = "exported_" + n;
            while (!b.get(exported).isEmpty() || target.has(exported)) {
              exported = "exported_" + exported;
            }
            b.set(exported, existing);
          }
          b.set(n, v);
        });
    return b.build();
  }

  /** Why the scrape must fail (a limit), or null. */
  String failure() {
    return failure;
  }

  long scraped() {
    return scraped;
  }

  long postRelabel() {
    return postRelabel;
  }

  long added() {
    return added;
  }

  long rejected() {
    return rejected;
  }

  /**
   * Appends stale markers at the scrape time for the series of the previous successful scrape that
   * this one did not have, then makes this scrape's series the previous ones.
   */
  void markStaleAndRotate() {
    for (Labels l : previous) {
      if (!seen.contains(l)) {
        appendStale(l, scrapeTime);
      }
    }
    previous = seen;
    seen = new HashSet<>();
    pruneRefs();
    cache.prune();
  }

  /** A failed scrape: rolls back what the parser appended; every previous series goes stale. */
  void failAndMarkAllStale() {
    storage.rollback();
    markAllStale(scrapeTime);
  }

  /** Appends stale markers at {@code t} for every series of the last successful scrape. */
  void markAllStale(long t) {
    for (Labels l : previous) {
      appendStale(l, t);
    }
    previous = new HashSet<>();
    seen = new HashSet<>();
    pruneRefs();
  }

  private void pruneRefs() {
    if (refs.size() > 2 * (previous.size() + 16)) {
      Map<Labels, Long> kept = new HashMap<>();
      for (Labels l : previous) {
        Long r = refs.get(l);
        if (r != null) {
          kept.put(l, r);
        }
      }
      refs = kept;
    }
  }

  private void appendStale(Labels l, long t) {
    try {
      storage.append(refs.getOrDefault(l, 0L), l, t, dev.vigil.core.model.Values.STALE_NAN);
    } catch (StorageException e) {
      // a newer sample already exists; nothing to mark
    }
  }

  /** Appends a report series ({@code up}, ...) straight to storage, outside the limits. */
  void appendReport(Labels l, long t, double v) {
    try {
      long r = storage.append(refs.getOrDefault(l, 0L), l, t, v);
      refs.put(l, r);
    } catch (StorageException e) {
      rejected++;
    }
  }

  /** Hands over the series of the last scrape, e.g. to the loop that replaces this one. */
  Set<Labels> previousSeries() {
    return previous;
  }

  void previousSeries(Set<Labels> p) {
    previous = new HashSet<>(p);
  }

  @Override
  public void commit() {
    storage.commit();
  }

  @Override
  public void rollback() {
    storage.rollback();
  }
}
