package dev.vigil.collect.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vigil.collect.config.ScrapeConfig;
import dev.vigil.collect.relabel.Relabeler;
import dev.vigil.core.model.Labels;
import dev.vigil.core.storage.Appender;
import dev.vigil.core.storage.OutOfOrderException;
import dev.vigil.ingest.MetadataSink;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Differential test of the per-target series text cache: the same random sequence of scrape bodies
 * (series coming and going, duplicates, explicit timestamps, text and OpenMetrics, HELP and TYPE
 * lines) goes through a scrape appender that the parser may use as its cache and through one it
 * cannot see as a cache; the storage must receive the same samples and the report counts must
 * match, scrape after scrape. The storage checks that every reference it is handed belongs to the
 * labels it comes with.
 */
class SeriesTextCacheTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static final String[] CONFIGS = {
    "job_name: plain",
    """
    job_name: honor
    honor_labels: true
    honor_timestamps: false""",
    """
    job_name: relabel
    metric_relabel_configs:
      - source_labels: [__name__]
        regex: drop_.*
        action: drop
      - source_labels: [mode]
        target_label: m
        replacement: x$1""",
    """
    job_name: limited
    sample_limit: 25""",
  };

  /** A storage appender that logs what it is given and hands out references per label set. */
  private static final class Recorder implements Appender {
    final List<String> log = new ArrayList<>();
    final Map<Labels, Long> ids = new HashMap<>();
    final Map<Long, Labels> byId = new HashMap<>();
    final Map<Labels, Long> lastT = new HashMap<>();

    @Override
    public long append(long ref, Labels labels, long t, double v) {
      if (ref != 0) {
        assertThat(byId.get(ref)).as("labels of ref %d", ref).isEqualTo(labels);
      }
      Long last = lastT.get(labels);
      if (last != null && t < last) {
        throw new OutOfOrderException("out of order: " + labels);
      }
      lastT.put(labels, t);
      long id =
          ids.computeIfAbsent(
              labels,
              l -> {
                long n = ids.size() + 1L;
                byId.put(n, l);
                return n;
              });
      log.add(labels + " " + t + " " + Double.doubleToRawLongBits(v));
      return id;
    }

    @Override
    public void commit() {}

    @Override
    public void rollback() {}
  }

  /** Hides that the wrapped appender is a cache, so the parser decodes every line. */
  private record Opaque(Appender app) implements Appender {
    @Override
    public long append(long ref, Labels labels, long t, double v) {
      return app.append(ref, labels, t, v);
    }

    @Override
    public void commit() {
      app.commit();
    }

    @Override
    public void rollback() {
      app.rollback();
    }
  }

  @Test
  void cachedScrapesStoreWhatUncachedOnesStore() throws Exception {
    long seed = new SplittableRandom().nextLong();
    System.out.println("SeriesTextCacheTest seed " + seed);
    SplittableRandom rnd = new SplittableRandom(seed);
    for (String yaml : CONFIGS) {
      ScrapeConfig config =
          YAML.<List<ScrapeConfig>>readValue(
                  "- " + yaml.replace("\n", "\n  "), new TypeReference<>() {})
              .getFirst();
      Recorder cachedStore = new Recorder();
      Recorder plainStore = new Recorder();
      ScrapeAppender cached =
          new ScrapeAppender(cachedStore, config, Relabeler.compile(config.metricRelabelConfigs()));
      ScrapeAppender plain =
          new ScrapeAppender(plainStore, config, Relabeler.compile(config.metricRelabelConfigs()));
      PromTextParser p1 = new PromTextParser();
      PromTextParser p2 = new PromTextParser();
      Labels target = Labels.of("job", config.jobName(), "instance", "host:9100", "mode", "t");
      for (int scrape = 0; scrape < 60; scrape++) {
        boolean om = rnd.nextInt(10) == 0;
        byte[] body = body(rnd, om, 1000L * scrape);
        String ct = om ? "application/openmetrics-text; version=1.0.0" : "text/plain";
        long t = 1_000_000L + 15_000L * scrape;
        long[] r1 = scrape(cached, cached, p1, target, t, body, ct);
        long[] r2 = scrape(plain, new Opaque(plain), p2, target, t, body, ct);
        assertThat(cachedStore.log)
            .as("samples after scrape %d of job %s (seed %d)", scrape, config.jobName(), seed)
            .isEqualTo(plainStore.log);
        // scraped, post-relabel, rejected, failed. (scrape_series_added may differ: a known text
        // is never counted, as in Prometheus; the label-keyed path counts series again once its
        // reference map was pruned, e.g. after a failed scrape.)
        assertThat(new long[] {r1[0], r1[1], r1[3], r1[4]})
            .as("counts of scrape %d of job %s (seed %d)", scrape, config.jobName(), seed)
            .isEqualTo(new long[] {r2[0], r2[1], r2[3], r2[4]});
      }
      assertThat(cached.cacheHits()).as("cache hits, job %s", config.jobName()).isPositive();
      assertThat(plain.cacheHits()).isZero();
    }
  }

  /** One scrape; returns scraped, post-relabel, added, rejected and 1 when it failed. */
  private static long[] scrape(
      ScrapeAppender app,
      Appender given,
      PromTextParser parser,
      Labels target,
      long t,
      byte[] body,
      String ct) {
    app.begin(target, t);
    boolean failed = false;
    try {
      parser.parse(body, ct, t, given, MetadataSink.NONE);
    } catch (RuntimeException e) {
      failed = true;
    }
    if (failed || app.failure() != null) {
      app.failAndMarkAllStale();
      return new long[] {0, 0, 0, 0, 1};
    }
    app.markStaleAndRotate();
    return new long[] {app.scraped(), app.postRelabel(), app.added(), app.rejected(), 0};
  }

  private static byte[] body(SplittableRandom rnd, boolean om, long tsBase) {
    StringBuilder b = new StringBuilder();
    String[] modes = {"idle", "user", "system"};
    for (int f = 0; f < 6; f++) {
      if (rnd.nextInt(8) == 0) {
        continue; // a family missing from this scrape
      }
      String name = (f == 5 ? "drop_me" : "metric_" + f) + (om ? "" : "_total");
      b.append("# HELP ").append(name).append(" help ").append(f).append('\n');
      b.append("# TYPE ").append(name).append(om ? " gauge\n" : " counter\n");
      for (int i = 0; i < 8; i++) {
        if (rnd.nextInt(6) == 0) {
          continue; // a series missing from this scrape
        }
        b.append(name);
        if (i > 0) {
          b.append("{cpu=\"").append(i).append("\",mode=\"").append(modes[i % 3]).append('"');
          if (i == 7) {
            b.append(",job=\"inner\",note=\"a \\\"q\\\" } b\"");
          }
          b.append('}');
        }
        b.append(' ').append(String.format(Locale.ROOT, "%.3f", rnd.nextDouble() * 100));
        if (f == 4 && i == 3) {
          b.append(' ').append(om ? String.valueOf(tsBase / 1000) : String.valueOf(tsBase));
        }
        b.append('\n');
        if (rnd.nextInt(40) == 0) {
          b.append(name).append("{cpu=\"1\",mode=\"user\"} 1\n"); // maybe a duplicate
        }
      }
    }
    if (om) {
      b.append("# EOF\n");
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }
}
