package dev.vigil.alerting.inhibit;

import dev.vigil.alerting.notify.AlertStore;
import dev.vigil.alerting.notify.Muter;
import dev.vigil.core.model.Labels;
import java.time.Instant;
import java.util.List;

/**
 * The running notifier config's inhibition rules as one {@link Muter} whose rules a reload swaps
 * atomically: the dispatcher and the API hold this object while the {@link Inhibitor} behind it is
 * replaced. Thread-safe.
 */
public final class Inhibition implements Muter {
  private final AlertStore store;
  private volatile Inhibitor current;

  /** An inhibition with no rules over {@code store}'s alerts. */
  public Inhibition(AlertStore store) {
    this.store = store;
    this.current = new Inhibitor(List.of(), store);
  }

  /** Replaces the rules; takes effect for the next question. */
  public void apply(List<InhibitRule> rules) {
    current = new Inhibitor(rules, store);
  }

  /** The rules in force. */
  public List<InhibitRule> rules() {
    return current.rules();
  }

  @Override
  public List<String> mutedBy(Labels labels, Instant now) {
    return current.mutedBy(labels, now);
  }

  @Override
  public boolean inhibits() {
    return true;
  }
}
