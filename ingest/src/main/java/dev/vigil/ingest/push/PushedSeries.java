package dev.vigil.ingest.push;

import dev.vigil.core.model.Labels;

/**
 * A pushed series and its value. The {@link PushStore} remembers the storage's reference for it so
 * that writing it again every interval costs no label lookup; only the store touches {@link #ref},
 * under its lock.
 */
public final class PushedSeries {
  private final Labels labels;
  private final double value;
  long ref;

  /** A series with its labels (metric name and grouping labels included) and value. */
  public PushedSeries(Labels labels, double value) {
    this.labels = labels;
    this.value = value;
  }

  /** The series' labels. */
  public Labels labels() {
    return labels;
  }

  /** The pushed value. */
  public double value() {
    return value;
  }

  @Override
  public String toString() {
    return labels + " " + value;
  }
}
