package dev.vigil.alerting.inhibit;

import dev.vigil.alerting.notify.AlertStore;
import dev.vigil.alerting.notify.Muter;
import dev.vigil.core.model.Labels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Inhibition as Alertmanager does it, as a {@link Muter} over the {@link AlertStore}'s firing
 * alerts: an alert is muted when, for some rule, it matches the target side and a firing alert
 * matching the source side has the same {@code equal} labels. An alert that matches both sides of a
 * rule is not muted by alerts that also match both sides (so such alerts cannot mute each other,
 * nor themselves). The answer is the fingerprint of one inhibiting alert (the smallest), as
 * Alertmanager reports one in {@code status.inhibitedBy}.
 *
 * <p>The source alerts of every rule are indexed by their {@code equal} values in a snapshot that
 * is rebuilt when it is older than {@code maxAgeNanos}, so asking about many alerts in one flush
 * reads the store once. Thread-safe.
 */
public final class Inhibitor implements Muter {
  private record Source(String fingerprint, Labels labels, Instant endsAt) {}

  private record Snapshot(long builtAt, List<Map<List<String>, List<Source>>> byRule) {}

  private final List<InhibitRule> rules;
  private final AlertStore store;
  private final long maxAgeNanos;
  private final LongSupplier nanoTime;
  private volatile Snapshot snapshot;

  /**
   * @param maxAgeNanos how stale the source index may be (Alertmanager's inhibitor also lags the
   *     alert store a little); 0 rebuilds it at every question
   */
  public Inhibitor(
      List<InhibitRule> rules, AlertStore store, long maxAgeNanos, LongSupplier nanoTime) {
    this.rules = List.copyOf(rules);
    this.store = store;
    this.maxAgeNanos = maxAgeNanos;
    this.nanoTime = nanoTime;
  }

  /** An inhibitor whose view of the store is at most 100 ms old. */
  public Inhibitor(List<InhibitRule> rules, AlertStore store) {
    this(rules, store, 100_000_000L, System::nanoTime);
  }

  /** The rules, as configured. */
  public List<InhibitRule> rules() {
    return rules;
  }

  @Override
  public List<String> mutedBy(Labels labels, Instant now) {
    if (rules.isEmpty()) {
      return List.of();
    }
    Snapshot s = current(now);
    for (int i = 0; i < rules.size(); i++) {
      InhibitRule r = rules.get(i);
      if (!r.targetMatches(labels)) {
        continue;
      }
      List<Source> candidates = s.byRule().get(i).get(r.equalValues(labels));
      if (candidates == null) {
        continue;
      }
      boolean twoSided = r.sourceMatches(labels);
      for (Source c : candidates) {
        if (!c.endsAt().isAfter(now)) {
          continue;
        }
        if (twoSided && r.targetMatches(c.labels())) {
          continue;
        }
        return List.of(c.fingerprint());
      }
    }
    return List.of();
  }

  private Snapshot current(Instant now) {
    Snapshot s = snapshot;
    long t = nanoTime.getAsLong();
    if (s != null && t - s.builtAt() <= maxAgeNanos) {
      return s;
    }
    List<Map<List<String>, List<Source>>> byRule = new ArrayList<>(rules.size());
    for (int i = 0; i < rules.size(); i++) {
      byRule.add(new HashMap<>());
    }
    // list() orders by fingerprint, so the first candidate is the smallest fingerprint.
    for (AlertStore.Entry e : store.list(e -> !e.resolvedAt(now))) {
      Labels l = e.alert().labels();
      for (int i = 0; i < rules.size(); i++) {
        InhibitRule r = rules.get(i);
        if (r.sourceMatches(l)) {
          byRule
              .get(i)
              .computeIfAbsent(r.equalValues(l), k -> new ArrayList<>())
              .add(new Source(e.fingerprint(), l, e.alert().endsAt()));
        }
      }
    }
    s = new Snapshot(t, byRule);
    snapshot = s;
    return s;
  }
}
