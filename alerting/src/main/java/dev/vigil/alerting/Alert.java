package dev.vigil.alerting;

import dev.vigil.core.model.Labels;
import java.time.Instant;
import java.util.Objects;

/**
 * One alert as a rule sends it to the notifier, in the shape of Alertmanager's {@code
 * postableAlert}: identity is the label set; {@code endsAt} in the past means resolved.
 *
 * @param labels identifying labels, including {@code alertname}
 * @param annotations expanded annotation templates (not part of the identity)
 * @param startsAt when the alert started firing
 * @param endsAt when the alert stops being valid: in the future for a firing alert (a resend is
 *     expected before then), the resolve time for a resolved one
 * @param generatorUrl a link back to the rule or query that produced the alert; may be empty
 */
public record Alert(
    Labels labels, Labels annotations, Instant startsAt, Instant endsAt, String generatorUrl) {

  public Alert {
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(annotations, "annotations");
    Objects.requireNonNull(startsAt, "startsAt");
    Objects.requireNonNull(endsAt, "endsAt");
    Objects.requireNonNull(generatorUrl, "generatorUrl");
  }

  /** The alert's name, the value of its {@code alertname} label ("" when absent). */
  public String name() {
    return labels.get("alertname");
  }

  /** True when the alert has ended at or before {@code now}. */
  public boolean resolvedAt(Instant now) {
    return !endsAt.isAfter(now);
  }
}
