package dev.vigil.ingest.otlp;

import dev.vigil.core.model.Labels;
import dev.vigil.core.model.Values;
import dev.vigil.core.storage.Appender;
import dev.vigil.ingest.LabelRules;
import dev.vigil.ingest.MetadataSink;
import dev.vigil.ingest.MetricType;
import dev.vigil.ingest.Numbers;
import dev.vigil.ingest.SeriesWriter;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Stores an OTLP {@code ExportMetricsServiceRequest} as Prometheus series, the way Prometheus's
 * OTLP receiver translates it (see docs/ingest.md for the full mapping):
 *
 * <ul>
 *   <li>names through {@link OtlpNames}; attributes become labels (sanitised; keys that collide
 *       after sanitising have their values joined with {@code ;});
 *   <li>{@code job} = {@code service.namespace/service.name}, {@code instance} = {@code
 *       service.instance.id}; the other resource attributes go to a {@code target_info} series;
 *   <li>gauges and non-monotonic sums as gauges, monotonic cumulative sums as counters; histograms
 *       as classic {@code _bucket}/{@code _sum}/{@code _count}; exponential histograms as classic
 *       buckets too (Vigil has no native histograms yet); summaries as {@code quantile} series plus
 *       {@code _sum}/{@code _count};
 *   <li>a data point flagged "no recorded value" becomes a staleness marker; exemplars are counted
 *       as dropped.
 * </ul>
 *
 * <p>Not thread-safe; reusable across requests.
 */
public final class OtlpTranslator {
  private static final String SERVICE_NAME = "service.name";
  private static final String SERVICE_NAMESPACE = "service.namespace";
  private static final String SERVICE_INSTANCE_ID = "service.instance.id";
  private static final String TARGET_INFO = "target_info";
  private static final int FLAG_NO_RECORDED_VALUE = 1;
  private static final int MAX_CACHED_NAMES = 1024;
  private static final long MAX_TARGET_INFO_STEPS = 32;

  private final OtlpSettings settings;
  private final SeriesWriter writer;
  private MetadataSink metadata = MetadataSink.NONE;
  private final Map<String, String> labelNames = new HashMap<>();

  // Per request / resource state.
  private final TreeMap<String, String> base = new TreeMap<>();
  private final Set<TargetInfoKey> seenTargetInfo = new HashSet<>();
  private String job;
  private String instance;
  private final List<String[]> promoted = new ArrayList<>();
  private long rejectedPoints;

  private record TargetInfoKey(Labels labels, long t) {}

  /** A translator with {@code settings}, checking series against {@code rules}. */
  public OtlpTranslator(OtlpSettings settings, LabelRules rules) {
    this.settings = settings;
    this.writer = new SeriesWriter(rules);
  }

  /** Sends each metric's type, description and unit to {@code sink}. */
  public OtlpTranslator metadataSink(MetadataSink sink) {
    this.metadata = sink;
    return this;
  }

  /** The settings in force. */
  public OtlpSettings settings() {
    return settings;
  }

  /**
   * Appends the request's samples to {@code app}, never committing. Bad metrics and data points are
   * rejected one by one and reported in the result; the rest is appended.
   */
  public OtlpResult translate(ExportMetricsServiceRequest request, Appender app) {
    writer.begin(app);
    rejectedPoints = 0;
    seenTargetInfo.clear();
    if (labelNames.size() > MAX_CACHED_NAMES) {
      labelNames.clear();
    }
    long metricIndex = 0;
    for (ResourceMetrics rm : request.getResourceMetricsList()) {
      setResource(rm.getResource().getAttributesList());
      long earliest = Long.MAX_VALUE;
      long latest = Long.MIN_VALUE;
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        for (Metric m : sm.getMetricsList()) {
          long[] span = timeSpan(m);
          earliest = Math.min(earliest, span[0]);
          latest = Math.max(latest, span[1]);
          metric(m, metricIndex++);
        }
      }
      if (earliest != Long.MAX_VALUE) {
        targetInfo(rm.getResource().getAttributesList(), earliest, latest);
      }
    }
    return new OtlpResult(writer.finish(), rejectedPoints);
  }

  private void setResource(List<KeyValue> attrs) {
    String name = null;
    String namespace = null;
    instance = "";
    for (KeyValue kv : attrs) {
      switch (kv.getKey()) {
        case SERVICE_NAME -> name = AnyValues.asString(kv.getValue());
        case SERVICE_NAMESPACE -> namespace = AnyValues.asString(kv.getValue());
        case SERVICE_INSTANCE_ID -> instance = AnyValues.asString(kv.getValue());
        default -> {}
      }
    }
    job = name == null ? "" : namespace == null ? name : namespace + "/" + name;
    promoted.clear();
    if (!settings.promoteResourceAttributes().isEmpty()) {
      for (KeyValue kv : attrs) {
        if (settings.promoteResourceAttributes().contains(kv.getKey())) {
          String n = labelName(kv.getKey());
          if (n != null) {
            promoted.add(new String[] {n, AnyValues.asString(kv.getValue())});
          }
        }
      }
    }
  }

  private void metric(Metric m, long index) {
    OtlpNames.Kind kind = kind(m);
    int points = pointCount(m);
    AggregationTemporality temporality = temporality(m);
    if (temporality != null
        && temporality != AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE
        && !(settings.allowDeltaTemporality()
            && temporality == AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)) {
      rejectMetric(
          index,
          points,
          "invalid temporality and type combination for metric "
              + SeriesWriter.quote(m.getName())
              + ": "
              + temporalityName(temporality)
              + (temporality == AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA
                  ? " is accepted only with otlp.allow_delta_temporality"
                  : " is not supported"));
      return;
    }
    if (m.getDataCase() == Metric.DataCase.DATA_NOT_SET) {
      rejectMetric(index, 0, "metric " + SeriesWriter.quote(m.getName()) + " has no data");
      return;
    }
    String name = OtlpNames.metricName(m.getName(), m.getUnit(), kind, settings.addSuffixes());
    if (name == null) {
      rejectMetric(
          index,
          points,
          "normalization for metric " + SeriesWriter.quote(m.getName()) + " left no valid name");
      return;
    }
    metadata.metadata(
        name, metadataType(m, temporality), m.getDescription(), OtlpNames.unit(m.getUnit()));
    String unit = "metric " + SeriesWriter.quote(name) + " point";
    switch (m.getDataCase()) {
      case GAUGE -> points(m.getGauge().getDataPointsList(), name, unit, this::number);
      case SUM -> points(m.getSum().getDataPointsList(), name, unit, this::number);
      case HISTOGRAM -> points(m.getHistogram().getDataPointsList(), name, unit, this::histogram);
      case EXPONENTIAL_HISTOGRAM ->
          points(m.getExponentialHistogram().getDataPointsList(), name, unit, this::exponential);
      case SUMMARY -> points(m.getSummary().getDataPointsList(), name, unit, this::summary);
      case DATA_NOT_SET -> throw new AssertionError("handled above");
    }
  }

  /** Writes one data point's series. */
  private interface PointWriter<P> {
    void write(P point, String name, String unit, int index);
  }

  /** Writes each point, counting those with any sample or series rejected. */
  private <P> void points(List<P> points, String name, String unit, PointWriter<P> w) {
    int i = 0;
    for (P p : points) {
      long before = failures();
      w.write(p, name, unit, i++);
      if (failures() != before) {
        rejectedPoints++;
      }
    }
  }

  private void rejectMetric(long index, int points, String reason) {
    writer.startSeries("metric", index);
    writer.rejectSeries(reason);
    writer.rejectSamples(points);
    rejectedPoints += points;
  }

  private long failures() {
    return writer.samplesRejected() + writer.seriesRejected();
  }

  private void number(NumberDataPoint p, String name, String unit, int i) {
    dropExemplars(p.getExemplarsCount());
    baseLabels(p.getAttributesList());
    double v =
        switch (p.getValueCase()) {
          case AS_INT -> (double) p.getAsInt();
          case AS_DOUBLE -> p.getAsDouble();
          case VALUE_NOT_SET -> 0;
        };
    if (stale(p.getFlags())) {
      v = Values.STALE_NAN;
    }
    series(unit, i, name, null, null, millis(p.getTimeUnixNano()), v);
  }

  private void histogram(HistogramDataPoint p, String name, String unit, int i) {
    dropExemplars(p.getExemplarsCount());
    baseLabels(p.getAttributesList());
    long t = millis(p.getTimeUnixNano());
    boolean stale = stale(p.getFlags());
    if (p.hasSum()) {
      series(unit, i, name + "_sum", null, null, t, stale ? Values.STALE_NAN : p.getSum());
    }
    double count = stale ? Values.STALE_NAN : unsigned(p.getCount());
    series(unit, i, name + "_count", null, null, t, count);
    long cumulative = 0;
    int n = Math.min(p.getExplicitBoundsCount(), p.getBucketCountsCount());
    for (int b = 0; b < n; b++) {
      cumulative += p.getBucketCounts(b);
      double v = stale ? Values.STALE_NAN : unsigned(cumulative);
      series(unit, i, name + "_bucket", "le", Numbers.formatPlain(p.getExplicitBounds(b)), t, v);
    }
    series(unit, i, name + "_bucket", "le", "+Inf", t, count);
  }

  private void exponential(ExponentialHistogramDataPoint p, String name, String unit, int i) {
    dropExemplars(p.getExemplarsCount());
    int scale = p.getScale();
    if (scale < -10 || scale > 20) {
      writer.startSeries(unit, i);
      writer.rejectSeries("exponential histogram scale " + scale + " is outside -10..20");
      return;
    }
    baseLabels(p.getAttributesList());
    long t = millis(p.getTimeUnixNano());
    boolean stale = stale(p.getFlags());
    if (p.hasSum()) {
      series(unit, i, name + "_sum", null, null, t, stale ? Values.STALE_NAN : p.getSum());
    }
    double count = stale ? Values.STALE_NAN : unsigned(p.getCount());
    series(unit, i, name + "_count", null, null, t, count);
    ClassicBuckets buckets =
        ClassicBuckets.of(p, Math.min(scale, settings.exponentialHistogramScale()));
    long cumulative = 0;
    String prevLe = null;
    for (int b = 0; b < buckets.size(); b++) {
      cumulative += buckets.count(b);
      String le = Numbers.formatPlain(buckets.upperBound(b));
      boolean lastOfBound =
          b + 1 == buckets.size() || !Numbers.formatPlain(buckets.upperBound(b + 1)).equals(le);
      if (le.equals("+Inf") || le.equals(prevLe) || !lastOfBound) {
        continue;
      }
      prevLe = le;
      double v = stale ? Values.STALE_NAN : unsigned(cumulative);
      series(unit, i, name + "_bucket", "le", le, t, v);
    }
    series(unit, i, name + "_bucket", "le", "+Inf", t, count);
  }

  private void summary(SummaryDataPoint p, String name, String unit, int i) {
    baseLabels(p.getAttributesList());
    long t = millis(p.getTimeUnixNano());
    boolean stale = stale(p.getFlags());
    series(unit, i, name + "_sum", null, null, t, stale ? Values.STALE_NAN : p.getSum());
    series(
        unit, i, name + "_count", null, null, t, stale ? Values.STALE_NAN : unsigned(p.getCount()));
    for (SummaryDataPoint.ValueAtQuantile q : p.getQuantileValuesList()) {
      double v = stale ? Values.STALE_NAN : q.getValue();
      series(unit, i, name, "quantile", Numbers.formatPlain(q.getQuantile()), t, v);
    }
  }

  /** Attributes, promoted resource attributes, job and instance of one data point. */
  private void baseLabels(List<KeyValue> attrs) {
    base.clear();
    if (attrs.size() > 1) {
      attrs = new ArrayList<>(attrs);
      attrs.sort((a, b) -> a.getKey().compareTo(b.getKey()));
    }
    for (KeyValue kv : attrs) {
      if (kv.getKey().equals(Labels.METRIC_NAME)) {
        continue;
      }
      String n = labelName(kv.getKey());
      if (n == null) {
        n = kv.getKey(); // rejected with the series below, naming the key
      }
      String v = AnyValues.asString(kv.getValue());
      base.merge(n, v, (old, add) -> old.isEmpty() ? add : old + ";" + add);
    }
    for (String[] p : promoted) {
      base.putIfAbsent(p[0], p[1]);
    }
    if (!job.isEmpty()) {
      base.put("job", job);
    }
    if (!instance.isEmpty()) {
      base.put("instance", instance);
    }
  }

  private void series(
      String unit, int index, String name, String extraName, String extraValue, long t, double v) {
    writer.startSeries(unit, index);
    writer.label(Labels.METRIC_NAME, name);
    for (Map.Entry<String, String> e : base.entrySet()) {
      if (extraName == null || !extraName.equals(e.getKey())) {
        writer.label(e.getKey(), e.getValue());
      }
    }
    if (extraName != null) {
      writer.label(extraName, extraValue);
    }
    if (writer.endLabels()) {
      writer.sample(t, v);
    } else {
      writer.rejectSamples(1);
    }
  }

  /**
   * {@code target_info} for a resource with attributes beyond the identifying ones and a job or
   * instance: value 1, every half lookback across the request's span (at most the last {@value
   * #MAX_TARGET_INFO_STEPS} steps of it) and at its end.
   */
  private void targetInfo(List<KeyValue> attrs, long earliest, long latest) {
    boolean other = false;
    for (KeyValue kv : attrs) {
      if (!isIdentifying(kv.getKey())) {
        other = true;
        break;
      }
    }
    if (!other || (job.isEmpty() && instance.isEmpty())) {
      return;
    }
    List<String[]> saved = new ArrayList<>(promoted);
    promoted.clear();
    List<KeyValue> kept = new ArrayList<>(attrs.size());
    for (KeyValue kv : attrs) {
      if (settings.keepIdentifyingResourceAttributes() || !isIdentifying(kv.getKey())) {
        kept.add(kv);
      }
    }
    baseLabels(kept);
    promoted.addAll(saved);
    metadata.metadata(TARGET_INFO, MetricType.GAUGE, "Target metadata", "");
    long interval = Math.max(1, settings.lookbackDeltaMillis() / 2);
    // A request spanning more than a few intervals is odd (or hostile: one point at 0 and one at
    // 2^63 ns would mean 10^8 samples); the samples nearest its end are the ones queries need.
    long first = Math.max(earliest, latest - MAX_TARGET_INFO_STEPS * interval);
    Labels labels = null;
    for (long t = first; t < latest; t += interval) {
      labels = targetInfoSample(labels, t);
      if (labels == null) {
        return;
      }
    }
    targetInfoSample(labels, latest);
  }

  /** Appends one target_info sample unless this request already has one there. */
  private Labels targetInfoSample(Labels known, long t) {
    if (known != null && seenTargetInfo.contains(new TargetInfoKey(known, t))) {
      return known;
    }
    writer.startSeries("resource", 0);
    writer.label(Labels.METRIC_NAME, TARGET_INFO);
    for (Map.Entry<String, String> e : base.entrySet()) {
      writer.label(e.getKey(), e.getValue());
    }
    if (!writer.endLabels()) {
      return null;
    }
    Labels labels = writer.labels();
    if (seenTargetInfo.add(new TargetInfoKey(labels, t))) {
      writer.sample(t, 1);
    }
    return labels;
  }

  private static boolean isIdentifying(String key) {
    return key.equals(SERVICE_NAME)
        || key.equals(SERVICE_NAMESPACE)
        || key.equals(SERVICE_INSTANCE_ID);
  }

  private String labelName(String key) {
    String n = labelNames.get(key);
    if (n == null && !labelNames.containsKey(key)) {
      n = OtlpNames.labelName(key);
      labelNames.put(key, n);
    }
    return n;
  }

  private void dropExemplars(int n) {
    for (int k = 0; k < n; k++) {
      writer.exemplarDropped();
    }
  }

  private static boolean stale(int flags) {
    return (flags & FLAG_NO_RECORDED_VALUE) != 0;
  }

  private static long millis(long unixNanos) {
    return unixNanos / 1_000_000;
  }

  /** An unsigned 64-bit count as a double. */
  static double unsigned(long v) {
    return v >= 0 ? (double) v : ((v >>> 1) | (v & 1)) * 2.0;
  }

  private static OtlpNames.Kind kind(Metric m) {
    return switch (m.getDataCase()) {
      case GAUGE -> OtlpNames.Kind.GAUGE;
      case SUM ->
          m.getSum().getIsMonotonic()
              ? OtlpNames.Kind.MONOTONIC_COUNTER
              : OtlpNames.Kind.NON_MONOTONIC_COUNTER;
      case HISTOGRAM -> OtlpNames.Kind.HISTOGRAM;
      case EXPONENTIAL_HISTOGRAM -> OtlpNames.Kind.EXPONENTIAL_HISTOGRAM;
      case SUMMARY -> OtlpNames.Kind.SUMMARY;
      case DATA_NOT_SET -> OtlpNames.Kind.UNKNOWN;
    };
  }

  private static MetricType metadataType(Metric m, AggregationTemporality temporality) {
    boolean delta = temporality == AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA;
    return switch (m.getDataCase()) {
      case GAUGE -> MetricType.GAUGE;
      case SUM ->
          delta
              ? MetricType.UNKNOWN
              : m.getSum().getIsMonotonic() ? MetricType.COUNTER : MetricType.GAUGE;
      case HISTOGRAM, EXPONENTIAL_HISTOGRAM -> delta ? MetricType.UNKNOWN : MetricType.HISTOGRAM;
      case SUMMARY -> MetricType.SUMMARY;
      case DATA_NOT_SET -> MetricType.UNKNOWN;
    };
  }

  private static AggregationTemporality temporality(Metric m) {
    return switch (m.getDataCase()) {
      case SUM -> m.getSum().getAggregationTemporality();
      case HISTOGRAM -> m.getHistogram().getAggregationTemporality();
      case EXPONENTIAL_HISTOGRAM -> m.getExponentialHistogram().getAggregationTemporality();
      default -> null;
    };
  }

  private static String temporalityName(AggregationTemporality t) {
    return switch (t) {
      case AGGREGATION_TEMPORALITY_DELTA -> "delta temporality";
      case AGGREGATION_TEMPORALITY_CUMULATIVE -> "cumulative temporality";
      case AGGREGATION_TEMPORALITY_UNSPECIFIED -> "unspecified temporality";
      case UNRECOGNIZED -> "unknown temporality";
    };
  }

  private static int pointCount(Metric m) {
    return switch (m.getDataCase()) {
      case GAUGE -> m.getGauge().getDataPointsCount();
      case SUM -> m.getSum().getDataPointsCount();
      case HISTOGRAM -> m.getHistogram().getDataPointsCount();
      case EXPONENTIAL_HISTOGRAM -> m.getExponentialHistogram().getDataPointsCount();
      case SUMMARY -> m.getSummary().getDataPointsCount();
      case DATA_NOT_SET -> 0;
    };
  }

  /** {earliest, latest} data point time in milliseconds. */
  private static long[] timeSpan(Metric m) {
    long lo = Long.MAX_VALUE;
    long hi = Long.MIN_VALUE;
    List<? extends com.google.protobuf.MessageOrBuilder> points =
        switch (m.getDataCase()) {
          case GAUGE -> m.getGauge().getDataPointsList();
          case SUM -> m.getSum().getDataPointsList();
          case HISTOGRAM -> m.getHistogram().getDataPointsList();
          case EXPONENTIAL_HISTOGRAM -> m.getExponentialHistogram().getDataPointsList();
          case SUMMARY -> m.getSummary().getDataPointsList();
          case DATA_NOT_SET -> List.of();
        };
    for (Object p : points) {
      long t =
          millis(
              switch (p) {
                case NumberDataPoint n -> n.getTimeUnixNano();
                case HistogramDataPoint h -> h.getTimeUnixNano();
                case ExponentialHistogramDataPoint e -> e.getTimeUnixNano();
                case SummaryDataPoint s -> s.getTimeUnixNano();
                default -> 0L;
              });
      lo = Math.min(lo, t);
      hi = Math.max(hi, t);
    }
    return new long[] {lo, hi};
  }
}
