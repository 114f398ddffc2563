package dev.vigil.ingest.otlp;

import java.util.List;

/**
 * How OTLP metrics are translated, the equivalents of Prometheus's {@code otlp:} settings.
 *
 * @param addSuffixes whether names get unit and type suffixes ({@code _seconds}, {@code _total},
 *     {@code _ratio}): Prometheus's {@code UnderscoreEscapingWithSuffixes}; false is {@code
 *     UnderscoreEscapingWithoutSuffixes}
 * @param promoteResourceAttributes resource attributes copied as labels onto every series of that
 *     resource (a data point's own attribute of the same name wins)
 * @param keepIdentifyingResourceAttributes whether {@code service.name}, {@code service.namespace}
 *     and {@code service.instance.id} also stay on {@code target_info}
 * @param allowDeltaTemporality whether delta sums and histograms are stored as they come (each
 *     sample the change over its interval; query with {@code sum_over_time}); when false they are
 *     rejected, as Prometheus does without its delta feature flag
 * @param exponentialHistogramScale the finest scale exponential histograms are turned into classic
 *     buckets at: bucket bounds are powers of {@code 2^(2^-scale)} (scale 0: powers of 2), so the
 *     bucket set stays the same as the SDK rescales; from -10 to 20
 * @param lookbackDeltaMillis the query lookback; {@code target_info} gets a sample every half of it
 *     across the time the request's data points span
 */
public record OtlpSettings(
    boolean addSuffixes,
    List<String> promoteResourceAttributes,
    boolean keepIdentifyingResourceAttributes,
    boolean allowDeltaTemporality,
    int exponentialHistogramScale,
    long lookbackDeltaMillis) {

  /** Suffixes on, nothing promoted, delta rejected, scale 2, lookback 5 minutes. */
  public static final OtlpSettings DEFAULT =
      new OtlpSettings(true, List.of(), false, false, 2, 300_000);

  /** Checks the ranges. */
  public OtlpSettings {
    promoteResourceAttributes = List.copyOf(promoteResourceAttributes);
    if (exponentialHistogramScale < -10 || exponentialHistogramScale > 20) {
      throw new IllegalArgumentException(
          "exponential histogram scale must be from -10 to 20, got " + exponentialHistogramScale);
    }
    if (lookbackDeltaMillis <= 0) {
      throw new IllegalArgumentException("lookback delta must be positive");
    }
  }
}
