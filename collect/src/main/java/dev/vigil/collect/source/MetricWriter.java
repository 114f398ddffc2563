package dev.vigil.collect.source;

import dev.vigil.core.model.Labels;
import dev.vigil.core.storage.Appender;
import dev.vigil.ingest.MetadataSink;
import dev.vigil.ingest.MetricType;

/**
 * Where a {@link Source} writes one collection: metric families with their type and help, and
 * samples stamped with the collection's time. The target's own labels ({@code job}, {@code
 * instance}) are attached later by the scrape machinery, as for a scraped body.
 *
 * <p>Not thread-safe: used by the collecting thread only.
 */
public final class MetricWriter {
  private final Appender app;
  private final MetadataSink metadata;
  private final long timestamp;
  private final String[] extra;

  /**
   * A writer appending to {@code app} at {@code timestamp} (milliseconds since the epoch) and
   * passing families to {@code metadata}.
   */
  public MetricWriter(Appender app, MetadataSink metadata, long timestamp) {
    this(app, metadata, timestamp, new String[0]);
  }

  private MetricWriter(Appender app, MetadataSink metadata, long timestamp, String[] extra) {
    this.app = app;
    this.metadata = metadata;
    this.timestamp = timestamp;
    this.extra = extra;
  }

  /**
   * A writer to the same place that adds {@code labelPairs} (names and values, alternating) to
   * every sample, e.g. the {@code step} of a multi-step probe.
   */
  public MetricWriter withLabels(String... labelPairs) {
    String[] all = new String[extra.length + labelPairs.length];
    System.arraycopy(extra, 0, all, 0, extra.length);
    System.arraycopy(labelPairs, 0, all, extra.length, labelPairs.length);
    return new MetricWriter(app, metadata, timestamp, all);
  }

  /** The collection's timestamp in milliseconds since the epoch. */
  public long timestamp() {
    return timestamp;
  }

  /** Declares a family's type and help text; write it before the family's samples. */
  public void family(String name, MetricType type, String help) {
    metadata.metadata(name, type, help, "");
  }

  /**
   * Writes one sample of metric {@code name}.
   *
   * @param labelPairs label names and values, alternating; the writer sorts them
   */
  public void sample(String name, double value, String... labelPairs) {
    String[] pairs = new String[labelPairs.length + extra.length + 2];
    pairs[0] = Labels.METRIC_NAME;
    pairs[1] = name;
    System.arraycopy(labelPairs, 0, pairs, 2, labelPairs.length);
    System.arraycopy(extra, 0, pairs, 2 + labelPairs.length, extra.length);
    app.append(0, Labels.of(pairs), timestamp, value);
  }

  /** Writes a one-sample family. */
  public void single(String name, MetricType type, String help, double value) {
    family(name, type, help);
    sample(name, value);
  }
}
