package dev.vigil.alerting.rules;

import dev.vigil.core.model.Labels;

/**
 * One alert an alerting rule tracks, with Prometheus's bookkeeping (times in milliseconds; 0 means
 * unset). Mutated only by its rule's evaluation under the rule's lock; {@link #copy} hands out
 * snapshots.
 */
public final class ActiveAlert {
  Labels labels;
  Labels annotations;
  AlertState state;
  double value;
  long activeAt;
  long firedAt;
  long resolvedAt;
  long lastSentAt;
  long validUntil;
  long keepFiringSince;

  ActiveAlert(Labels labels, Labels annotations, long activeAt, double value) {
    this.labels = labels;
    this.annotations = annotations;
    this.state = AlertState.PENDING;
    this.activeAt = activeAt;
    this.value = value;
  }

  ActiveAlert copy() {
    ActiveAlert c = new ActiveAlert(labels, annotations, activeAt, value);
    c.state = state;
    c.firedAt = firedAt;
    c.resolvedAt = resolvedAt;
    c.lastSentAt = lastSentAt;
    c.validUntil = validUntil;
    c.keepFiringSince = keepFiringSince;
    return c;
  }

  public Labels labels() {
    return labels;
  }

  public Labels annotations() {
    return annotations;
  }

  public AlertState state() {
    return state;
  }

  public double value() {
    return value;
  }

  /** When the alert became active (pending), in milliseconds. */
  public long activeAt() {
    return activeAt;
  }

  /** When the alert started firing; 0 if it has not. */
  public long firedAt() {
    return firedAt;
  }

  /** When the alert was resolved; 0 if it is active. */
  public long resolvedAt() {
    return resolvedAt;
  }

  /** Since when a cleared alert is kept firing by {@code keep_firing_for}; 0 if not. */
  public long keepFiringSince() {
    return keepFiringSince;
  }

  boolean needsSending(long ts, long resendDelay) {
    if (state == AlertState.PENDING) {
      return false;
    }
    if (resolvedAt > lastSentAt) {
      return true;
    }
    return lastSentAt + resendDelay < ts;
  }
}
