package dev.vigil.ingest.push;

import dev.vigil.ingest.MetricType;
import java.util.List;

/**
 * One metric family of a push, as the Pushgateway groups them: a {@code POST} replaces the families
 * of the same {@link #name} in its group. The series already carry the grouping labels.
 *
 * @param name the family name ({@code # TYPE} name, or the sample name for untyped samples)
 * @param type its declared type ({@link MetricType#UNKNOWN} when untyped)
 * @param help its {@code # HELP} text, or empty
 * @param series its samples' series, each with its value
 */
public record PushedFamily(String name, MetricType type, String help, List<PushedSeries> series) {
  /** Copies the list. */
  public PushedFamily {
    series = List.copyOf(series);
  }
}
