package dev.vigil.alerting.dispatch;

import dev.vigil.alerting.config.Route;
import dev.vigil.alerting.notify.AlertStore;
import dev.vigil.core.model.Labels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The alerts of one route that share the values of the route's {@code group_by} labels: they are
 * notified together. Alertmanager's aggregation group: the first flush waits {@code group_wait},
 * later ones come every {@code group_interval}; a flush that finds nothing left ends the group.
 *
 * <p>Thread-safe: alerts are added by senders while the group's own thread flushes.
 */
public final class AggregationGroup {
  private final Route route;
  private final Labels groupLabels;
  private final String key;
  private final Map<String, AlertStore.Entry> alerts = new HashMap<>();
  private Instant nextFlush;
  private boolean flushed;
  private boolean ended;

  /**
   * When the group's first notification of firing alerts went out, for its route's escalation
   * steps; null while nothing fires. Only the group's own thread reads and writes it.
   */
  Instant escalationStart;

  AggregationGroup(Route route, Labels groupLabels, Instant firstFlush) {
    this.route = route;
    this.groupLabels = groupLabels;
    this.key = route.key() + ":" + groupLabels;
    this.nextFlush = firstFlush;
  }

  /** The route the group belongs to. */
  public Route route() {
    return route;
  }

  /** The values of the route's {@code group_by} labels. */
  public Labels groupLabels() {
    return groupLabels;
  }

  /** Alertmanager's group key: the route key, a colon and the group labels. */
  public String key() {
    return key;
  }

  /** The group's alerts, ordered by fingerprint. */
  public synchronized List<AlertStore.Entry> alerts() {
    List<AlertStore.Entry> out = new ArrayList<>(alerts.values());
    out.sort((a, b) -> a.fingerprint().compareTo(b.fingerprint()));
    return out;
  }

  /**
   * Adds or updates an alert; false when the group has ended (the caller makes a new one). An alert
   * that started longer than {@code group_wait} ago makes a group that has not flushed yet flush at
   * once, as after a restart.
   */
  synchronized boolean add(AlertStore.Entry e, Instant now) {
    if (ended) {
      return false;
    }
    alerts.put(e.fingerprint(), e);
    if (!flushed && e.alert().startsAt().plus(route.groupWait()).isBefore(now)) {
      nextFlush = now;
      notifyAll();
    }
    return true;
  }

  /** Brings the next flush forward to {@code at} when that is sooner (an escalation step). */
  synchronized void flushBy(Instant at) {
    if (at.isBefore(nextFlush)) {
      nextFlush = at;
      notifyAll();
    }
  }

  /** Waits until the next flush is due; false when the group ended meanwhile. */
  synchronized boolean awaitFlush(java.util.function.Supplier<Instant> clock)
      throws InterruptedException {
    while (!ended) {
      long wait = nextFlush.toEpochMilli() - clock.get().toEpochMilli();
      if (wait <= 0) {
        flushed = true;
        nextFlush = clock.get().plus(route.groupInterval());
        return true;
      }
      wait(wait);
    }
    return false;
  }

  /**
   * Drops the resolved alerts that were notified and have not changed since; ends the group when it
   * is then empty.
   *
   * @return whether the group ended
   */
  synchronized boolean removeNotified(List<AlertStore.Entry> resolvedSent) {
    for (AlertStore.Entry e : resolvedSent) {
      AlertStore.Entry now = alerts.get(e.fingerprint());
      if (now != null && now.updatedAt().equals(e.updatedAt())) {
        alerts.remove(e.fingerprint());
      }
    }
    if (alerts.isEmpty()) {
      ended = true;
    }
    return ended;
  }

  /** Ends the group (on reload or stop) and wakes its thread. */
  synchronized void end() {
    ended = true;
    notifyAll();
  }
}
