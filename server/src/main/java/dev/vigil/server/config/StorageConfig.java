package dev.vigil.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.Locale;

/**
 * The {@code storage:} section.
 *
 * @param path the data folder (default {@code ./data}, relative to the working directory)
 * @param walFsync when the write-ahead log is forced to disk: {@code always}, {@code interval}
 *     (default) or {@code never}; every policy has an acknowledged write in the operating system
 *     before the write is acknowledged, so a crash of Vigil loses nothing
 * @param walFsyncInterval how often {@code interval} forces the log to disk (default 1s)
 * @param retention how long samples are kept (default 15d)
 * @param retentionSize the most the metrics store may use on disk before the oldest blocks are
 *     deleted; unset for no size limit
 * @param outOfOrderWindow how far behind the newest stored sample a sample may lie and still be
 *     accepted, in any order (default: the retention); 0 refuses out-of-order samples
 * @param maxLabelNameLength the longest label name, in characters (default 1024; 0: no limit)
 * @param maxLabelValueLength the longest label value, in characters (default 4096; 0: no limit)
 * @param maxLabelsPerSeries the most labels one series may have (default 64; 0: no limit)
 * @param maxSeries the most series held in memory at once (default 0: no limit)
 * @param maxSeriesPerMetric the most series in memory of one metric name (default 0: no limit)
 * @param maxFuture how far past the wall clock a sample's timestamp may lie (default 1d; 0: no
 *     limit)
 */
public record StorageConfig(
    @JsonProperty("path") String path,
    @JsonProperty("wal_fsync") String walFsync,
    @JsonProperty("wal_fsync_interval") Duration walFsyncInterval,
    @JsonProperty("retention") Duration retention,
    @JsonProperty("retention_size") ByteSize retentionSize,
    @JsonProperty("out_of_order_window") Duration outOfOrderWindow,
    @JsonProperty("max_label_name_length") Integer maxLabelNameLength,
    @JsonProperty("max_label_value_length") Integer maxLabelValueLength,
    @JsonProperty("max_labels_per_series") Integer maxLabelsPerSeries,
    @JsonProperty("max_series") Integer maxSeries,
    @JsonProperty("max_series_per_metric") Integer maxSeriesPerMetric,
    @JsonProperty("max_future") Duration maxFuture) {

  /** Fills in defaults and checks the values. */
  public StorageConfig {
    path = path == null ? "./data" : path;
    if (path.isBlank()) {
      throw new IllegalArgumentException("storage.path must not be empty");
    }
    walFsync = walFsync == null ? "interval" : walFsync.toLowerCase(Locale.ROOT);
    if (!walFsync.equals("always") && !walFsync.equals("interval") && !walFsync.equals("never")) {
      throw new IllegalArgumentException(
          "storage.wal_fsync must be always, interval or never, got \"" + walFsync + "\"");
    }
    walFsyncInterval = walFsyncInterval == null ? Duration.ofSeconds(1) : walFsyncInterval;
    ConfigChecks.positive("storage.wal_fsync_interval", walFsyncInterval);
    retention = retention == null ? Duration.ofDays(15) : retention;
    ConfigChecks.positive("storage.retention", retention);
    retentionSize = retentionSize == null ? new ByteSize(0) : retentionSize;
    outOfOrderWindow = outOfOrderWindow == null ? retention : outOfOrderWindow;
    notNegative("storage.out_of_order_window", outOfOrderWindow);
    maxLabelNameLength = count("storage.max_label_name_length", maxLabelNameLength, 1024);
    maxLabelValueLength = count("storage.max_label_value_length", maxLabelValueLength, 4096);
    maxLabelsPerSeries = count("storage.max_labels_per_series", maxLabelsPerSeries, 64);
    maxSeries = count("storage.max_series", maxSeries, 0);
    maxSeriesPerMetric = count("storage.max_series_per_metric", maxSeriesPerMetric, 0);
    maxFuture = maxFuture == null ? Duration.ofDays(1) : maxFuture;
    notNegative("storage.max_future", maxFuture);
  }

  private static void notNegative(String key, Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException(key + " must not be negative, got " + d);
    }
  }

  private static int count(String key, Integer value, int dflt) {
    if (value == null) {
      return dflt;
    }
    if (value < 0) {
      throw new IllegalArgumentException(key + " must be 0 (no limit) or more, got " + value);
    }
    return value;
  }

  static StorageConfig defaults() {
    return new StorageConfig(
        null, null, null, null, null, null, null, null, null, null, null, null);
  }

  /** A copy with another data folder. */
  public StorageConfig withPath(String path) {
    return new StorageConfig(
        path,
        walFsync,
        walFsyncInterval,
        retention,
        retentionSize,
        outOfOrderWindow,
        maxLabelNameLength,
        maxLabelValueLength,
        maxLabelsPerSeries,
        maxSeries,
        maxSeriesPerMetric,
        maxFuture);
  }
}
