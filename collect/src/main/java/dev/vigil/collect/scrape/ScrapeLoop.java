package dev.vigil.collect.scrape;

import dev.vigil.collect.config.ScrapeConfig;
import dev.vigil.collect.relabel.Relabeler;
import dev.vigil.collect.source.MetricWriter;
import dev.vigil.collect.source.Source;
import dev.vigil.core.model.Labels;
import dev.vigil.core.storage.Appendable;
import dev.vigil.core.storage.Appender;
import dev.vigil.core.storage.StorageException;
import dev.vigil.ingest.MetadataSink;
import dev.vigil.ingest.MetricType;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scrapes one target every interval on its own virtual thread, at an offset within the interval
 * derived from the target's hash so that a job's targets spread out over time. Each scrape is one
 * storage batch: the parsed samples, stale markers for series that disappeared, and the report
 * series {@code up}, {@code scrape_duration_seconds}, {@code scrape_samples_scraped}, {@code
 * scrape_samples_post_metric_relabeling} and {@code scrape_series_added}. A failed scrape stores
 * only stale markers for every series of the last good scrape and the report series with {@code up}
 * 0.
 */
final class ScrapeLoop {
  private static final Logger LOG = LoggerFactory.getLogger(ScrapeLoop.class);

  private final Target target;
  private final Collect collect;
  private final ScrapeAppender app;
  private final Supplier<String> poolError;
  private final Labels[] reportLabels;
  private final Map<String, Target.Metadata> metadata = new HashMap<>();
  private final CountDownLatch stopping = new CountDownLatch(1);
  private volatile boolean stopped;
  private volatile boolean staleOnStop;
  private boolean immediate;
  private Thread thread;

  private static final String[] REPORT_NAMES = {
    "up",
    "scrape_duration_seconds",
    "scrape_samples_scraped",
    "scrape_samples_post_metric_relabeling",
    "scrape_series_added"
  };

  /**
   * How one scrape gets its samples: over HTTP and a parser, or from an in-process {@link
   * dev.vigil.collect.source.Source}.
   */
  @FunctionalInterface
  interface Collect {
    /**
     * Appends one scrape's samples at {@code start}.
     *
     * @return null, or why the target is unhealthy although its samples are kept
     */
    String into(long start, Appender app, MetadataSink metadata) throws InterruptedException;

    /** Releases what the collection holds when its loop ends. */
    default void close() {}
  }

  /** Fetches {@code target} with {@code scraper} and parses the body with {@code parser}. */
  static Collect http(Target target, HttpScraper scraper, ExpositionParser parser) {
    return (start, app, metadata) -> {
      HttpScraper.Response r = scraper.fetch(target);
      parser.parse(r.body(), r.contentType(), start, app, metadata);
      return null;
    };
  }

  /** Collects from an in-process source. */
  static Collect source(Source source) {
    return new Collect() {
      @Override
      public String into(long start, Appender app, MetadataSink metadata)
          throws InterruptedException {
        return source.collect(new MetricWriter(app, metadata, start));
      }

      @Override
      public void close() {
        source.close();
      }
    };
  }

  ScrapeLoop(
      Target target,
      ScrapeConfig config,
      Collect collect,
      Appendable storage,
      Relabeler metricRelabel,
      Supplier<String> poolError) {
    this.target = target;
    this.collect = collect;
    this.poolError = poolError;
    this.app = new ScrapeAppender(storage.appender(), config, metricRelabel);
    Labels pub = target.publicLabels();
    reportLabels = new Labels[REPORT_NAMES.length];
    for (int i = 0; i < REPORT_NAMES.length; i++) {
      reportLabels[i] = pub.toBuilder().set(Labels.METRIC_NAME, REPORT_NAMES[i]).build();
    }
  }

  Target target() {
    return target;
  }

  /** Continues from a loop this one replaces (a reload): its series are this one's previous. */
  void inherit(Set<Labels> previousSeries) {
    app.previousSeries(previousSeries);
  }

  Set<Labels> previousSeries() {
    return app.previousSeries();
  }

  /** The delay before the first scrape: the target's offset within the interval. */
  static long initialDelay(Target t, long nowMillis) {
    long interval = t.intervalMillis();
    long offset = Math.floorMod(t.hashCode() * 0x9E3779B97F4A7C15L, interval);
    return Math.floorMod(offset - nowMillis, interval);
  }

  /** Collects first right away instead of at the target's offset (in-process targets). */
  void startImmediately() {
    immediate = true;
  }

  void start() {
    thread = Thread.ofVirtual().name("scrape-loop " + target).start(this::run);
  }

  /**
   * Stops the loop and waits for it; a scrape in progress finishes first (it is bounded by the
   * timeout), so that the storage is never interrupted mid-write. With {@code markStale}, every
   * series of the last scrape and the report series get a stale marker (the target went away);
   * without, they are left as they are (shutdown, or a reload that hands them to a new loop).
   */
  void stop(boolean markStale) {
    staleOnStop = markStale;
    stopped = true;
    stopping.countDown();
    Thread t = thread;
    if (t != null) {
      try {
        t.join(target.timeoutMillis() + 5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    long interval = target.intervalMillis();
    long next =
        System.currentTimeMillis()
            + (immediate ? 0 : initialDelay(target, System.currentTimeMillis()));
    try {
      while (!stopped) {
        long wait = next - System.currentTimeMillis();
        if (wait > 0 && stopping.await(wait, TimeUnit.MILLISECONDS)) {
          break;
        }
        if (stopped) {
          break;
        }
        scrapeOnce();
        next += interval;
        long now = System.currentTimeMillis();
        if (next <= now) {
          next += ((now - next) / interval + 1) * interval; // skip missed slots
        }
      }
    } catch (InterruptedException e) {
      // stopping
    } finally {
      if (staleOnStop) {
        endOfRun();
      }
      closeCollect();
    }
  }

  private void closeCollect() {
    try {
      collect.close();
    } catch (RuntimeException e) {
      LOG.warn("{}: closing failed: {}", target, e.toString());
    }
  }

  private void endOfRun() {
    long t = System.currentTimeMillis();
    try {
      app.markAllStale(t);
      for (Labels l : reportLabels) {
        app.appendReport(l, t, dev.vigil.core.model.Values.STALE_NAN);
      }
      app.commit();
    } catch (StorageException e) {
      LOG.warn("{}: cannot store stale markers: {}", target, e.getMessage());
      app.rollback();
    }
  }

  private void metadata(String family, MetricType type, String help, String unit) {
    metadata.put(
        family,
        new Target.Metadata(
            type == MetricType.GAUGE_HISTOGRAM
                ? "gaugehistogram"
                : type.name().toLowerCase(Locale.ROOT),
            help,
            unit));
  }

  /** One scrape, stored as one batch. */
  void scrapeOnce() throws InterruptedException {
    long start = System.currentTimeMillis();
    long startNanos = System.nanoTime();
    app.begin(target.publicLabels(), start);
    String error = poolError.get();
    String unhealthy = null;
    if (error == null) {
      try {
        metadata.clear();
        unhealthy = collect.into(start, app, this::metadata);
        error = app.failure();
        if (error == null) {
          target.metadata(metadata);
        }
      } catch (InterruptedException e) {
        app.rollback();
        throw e;
      } catch (RuntimeException e) {
        error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      }
    }
    double duration = (System.nanoTime() - startNanos) / 1e9;
    try {
      if (error == null) {
        app.markStaleAndRotate();
      } else {
        app.failAndMarkAllStale();
      }
      double[] values = {
        error == null && unhealthy == null ? 1 : 0,
        duration,
        error == null ? app.scraped() : 0,
        error == null ? app.postRelabel() : 0,
        error == null ? app.added() : 0
      };
      for (int i = 0; i < reportLabels.length; i++) {
        app.appendReport(reportLabels[i], start, values[i]);
      }
      app.commit();
    } catch (StorageException e) {
      app.rollback();
      error = "storing the scrape failed: " + e.getMessage();
    }
    if (error == null && unhealthy != null) {
      error = unhealthy;
    }
    target.status(
        new Target.ScrapeStatus(
            error == null ? TargetHealth.UP : TargetHealth.DOWN,
            Instant.ofEpochMilli(start),
            duration,
            error == null ? "" : error,
            error == null ? app.scraped() : 0));
  }
}
