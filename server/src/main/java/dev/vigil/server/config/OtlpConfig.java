package dev.vigil.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vigil.ingest.otlp.OtlpSettings;
import java.util.List;

/**
 * The {@code otlp:} section: how OpenTelemetry metrics are translated, with the keys of
 * Prometheus's {@code otlp:} section plus two of Vigil's own.
 *
 * @param translationStrategy {@code UnderscoreEscapingWithSuffixes} (default) or {@code
 *     UnderscoreEscapingWithoutSuffixes}
 * @param promoteResourceAttributes resource attributes copied as labels onto every series
 * @param keepIdentifyingResourceAttributes keep {@code service.*} on {@code target_info} too
 * @param allowDeltaTemporality store delta sums and histograms as they come instead of rejecting
 *     them (default false)
 * @param exponentialHistogramScale the finest scale of the classic buckets exponential histograms
 *     become (default 2: four buckets per power of two)
 */
public record OtlpConfig(
    @JsonProperty("translation_strategy") String translationStrategy,
    @JsonProperty("promote_resource_attributes") List<String> promoteResourceAttributes,
    @JsonProperty("keep_identifying_resource_attributes") Boolean keepIdentifyingResourceAttributes,
    @JsonProperty("allow_delta_temporality") Boolean allowDeltaTemporality,
    @JsonProperty("exponential_histogram_scale") Integer exponentialHistogramScale) {

  private static final String WITH_SUFFIXES = "UnderscoreEscapingWithSuffixes";
  private static final String WITHOUT_SUFFIXES = "UnderscoreEscapingWithoutSuffixes";

  /** Fills in defaults and checks the values. */
  public OtlpConfig {
    translationStrategy = translationStrategy == null ? WITH_SUFFIXES : translationStrategy;
    if (!translationStrategy.equals(WITH_SUFFIXES)
        && !translationStrategy.equals(WITHOUT_SUFFIXES)) {
      throw new IllegalArgumentException(
          "otlp.translation_strategy must be "
              + WITH_SUFFIXES
              + " or "
              + WITHOUT_SUFFIXES
              + ", got \""
              + translationStrategy
              + "\" (the UTF-8 strategies need UTF-8 metric names, which Vigil does not accept yet)");
    }
    promoteResourceAttributes =
        promoteResourceAttributes == null ? List.of() : List.copyOf(promoteResourceAttributes);
    keepIdentifyingResourceAttributes =
        keepIdentifyingResourceAttributes != null && keepIdentifyingResourceAttributes;
    allowDeltaTemporality = allowDeltaTemporality != null && allowDeltaTemporality;
    exponentialHistogramScale = exponentialHistogramScale == null ? 2 : exponentialHistogramScale;
    if (exponentialHistogramScale < -10 || exponentialHistogramScale > 20) {
      throw new IllegalArgumentException(
          "otlp.exponential_histogram_scale must be from -10 to 20, got "
              + exponentialHistogramScale);
    }
  }

  static OtlpConfig defaults() {
    return new OtlpConfig(null, null, null, null, null);
  }

  /** The translator settings, with the query lookback for {@code target_info}'s spacing. */
  public OtlpSettings settings(long lookbackDeltaMillis) {
    return new OtlpSettings(
        translationStrategy.equals(WITH_SUFFIXES),
        promoteResourceAttributes,
        keepIdentifyingResourceAttributes,
        allowDeltaTemporality,
        exponentialHistogramScale,
        lookbackDeltaMillis);
  }
}
