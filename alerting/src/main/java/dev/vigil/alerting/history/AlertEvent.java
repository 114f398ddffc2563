package dev.vigil.alerting.history;

import dev.vigil.core.model.Labels;
import java.time.Instant;
import java.util.Objects;

/**
 * One state change of one alert, as kept in the alert history.
 *
 * @param fingerprint Alertmanager's fingerprint of the labels
 * @param labels the alert's labels
 * @param kind what happened
 * @param at when it happened (for firing and resolved: the alert's own start and end)
 * @param detail more about it (who acknowledged and why, the flip count of a flapping alert); may
 *     be empty
 */
public record AlertEvent(String fingerprint, Labels labels, Kind kind, Instant at, String detail) {

  /** The kinds of change, named in the API by {@link #apiName()}. */
  public enum Kind {
    FIRING,
    RESOLVED,
    ACKNOWLEDGED,
    UNACKNOWLEDGED,
    FLAPPING,
    STABLE;

    /** The lower-case name used in the API and the store. */
    public String apiName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The kind with {@code apiName}, or null. */
    public static Kind of(String apiName) {
      for (Kind k : values()) {
        if (k.apiName().equals(apiName)) {
          return k;
        }
      }
      return null;
    }
  }

  public AlertEvent {
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(detail, "detail");
  }
}
