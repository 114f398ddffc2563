package dev.vigil.alerting.rules;

import dev.vigil.alerting.Alert;
import dev.vigil.core.model.Labels;
import dev.vigil.core.model.Matcher;
import dev.vigil.core.storage.Querier;
import dev.vigil.core.storage.SampleIterator;
import dev.vigil.core.storage.SeriesSet;
import dev.vigil.core.storage.ValueType;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.engine.QueryResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An alerting rule and the alerts it tracks, with Prometheus's state machine: a new result is
 * pending, fires once it has been active for {@code for}, keeps firing {@code keep_firing_for}
 * after it cleared, and is kept as resolved for 15 minutes so that receivers hear it ended.
 */
public final class AlertingRule extends Rule {
  /** How long resolved alerts are kept and re-sent, as Prometheus's {@code resolvedRetention}. */
  static final long RESOLVED_RETENTION_MILLIS = 15 * 60_000L;

  private final Map<Labels, ActiveAlert> active = new LinkedHashMap<>();
  private boolean restored;

  AlertingRule(RuleSpec spec, Expr expr) {
    super(spec, expr);
  }

  @Override
  List<Output> eval(long ts, Evaluation ev) {
    List<QueryResult.Sample> res = query(expr, ts - ev.queryOffsetMillis(), ev);
    Map<Labels, ActiveAlert> fresh = new LinkedHashMap<>();
    for (QueryResult.Sample s : res) {
      Map<String, String> tmplLabels = s.labels().toMap();
      Labels.Builder b = s.labels().toBuilder().del(Labels.METRIC_NAME);
      for (Map.Entry<String, String> l : new TreeMap<>(spec.labels()).entrySet()) {
        b.set(
            l.getKey(),
            ev.expander()
                .expand(spec.alert(), l.getValue(), tmplLabels, ev.externalLabels(), s.v()));
      }
      b.set("alertname", spec.alert());
      Labels.Builder ann = Labels.builder();
      for (Map.Entry<String, String> a : spec.annotations().entrySet()) {
        ann.set(
            a.getKey(),
            ev.expander()
                .expand(spec.alert(), a.getValue(), tmplLabels, ev.externalLabels(), s.v()));
      }
      Labels l = b.build();
      if (fresh.containsKey(l)) {
        throw new IllegalStateException(
            "vector contains metrics with the same labelset after applying alert labels");
      }
      fresh.put(l, new ActiveAlert(l, ann.build(), ts, s.v()));
    }
    synchronized (this) {
      return update(ts, ev, fresh);
    }
  }

  private List<Output> update(long ts, Evaluation ev, Map<Labels, ActiveAlert> fresh) {
    for (ActiveAlert a : fresh.values()) {
      ActiveAlert old = active.get(a.labels);
      if (old != null && old.state != AlertState.INACTIVE) {
        old.value = a.value;
        old.annotations = a.annotations;
        continue;
      }
      active.put(a.labels, a);
    }
    List<Output> out = new ArrayList<>();
    int activeCount = 0;
    for (var it = active.values().iterator(); it.hasNext(); ) {
      ActiveAlert a = it.next();
      if (!fresh.containsKey(a.labels)) {
        boolean keepFiring = false;
        if (a.state == AlertState.FIRING && spec.keepFiringForMillis() > 0) {
          if (a.keepFiringSince == 0) {
            a.keepFiringSince = ts;
          }
          keepFiring = ts - a.keepFiringSince < spec.keepFiringForMillis();
        }
        if (a.state == AlertState.PENDING
            || (a.resolvedAt != 0 && ts - a.resolvedAt > RESOLVED_RETENTION_MILLIS)) {
          it.remove();
        }
        if (a.state != AlertState.INACTIVE && !keepFiring) {
          a.state = AlertState.INACTIVE;
          a.resolvedAt = ts;
        }
        if (!keepFiring) {
          continue;
        }
      } else {
        a.keepFiringSince = 0;
      }
      activeCount++;
      if (a.state == AlertState.PENDING && ts - a.activeAt >= spec.forMillis()) {
        a.state = AlertState.FIRING;
        a.firedAt = ts;
      }
      if (restored) {
        out.add(
            new Output(
                a.labels.toBuilder()
                    .set(Labels.METRIC_NAME, "ALERTS")
                    .set("alertstate", a.state.apiName())
                    .build(),
                1));
        out.add(
            new Output(
                a.labels.toBuilder().set(Labels.METRIC_NAME, "ALERTS_FOR_STATE").build(),
                (double) Math.floorDiv(a.activeAt, 1000L)));
      }
    }
    if (ev.limit() > 0 && activeCount > ev.limit()) {
      active.clear();
      throw new IllegalStateException(
          "exceeded limit of " + ev.limit() + " with " + activeCount + " alerts");
    }
    return out;
  }

  /**
   * The alerts to hand to the notifier after an evaluation at {@code ts}: firing ones not sent for
   * {@code resendDelay}, and ones resolved since they were last sent.
   */
  synchronized List<Alert> alertsToSend(
      long ts, long resendDelay, long interval, Map<String, String> externalLabels, String url) {
    List<Alert> out = new ArrayList<>();
    for (ActiveAlert a : active.values()) {
      if (!a.needsSending(ts, resendDelay)) {
        continue;
      }
      a.lastSentAt = ts;
      a.validUntil = ts + 4 * Math.max(resendDelay, interval);
      Labels.Builder b = a.labels.toBuilder();
      for (Map.Entry<String, String> e : externalLabels.entrySet()) {
        if (!a.labels.has(e.getKey())) {
          b.set(e.getKey(), e.getValue());
        }
      }
      long end = a.resolvedAt != 0 ? a.resolvedAt : a.validUntil;
      out.add(
          new Alert(
              b.build(),
              a.annotations,
              Instant.ofEpochMilli(a.firedAt),
              Instant.ofEpochMilli(end),
              url));
    }
    return out;
  }

  /**
   * Restores when pending and firing alerts became active from the {@code ALERTS_FOR_STATE} series
   * written before a restart, as Prometheus does: time spent down counts as pending time unless
   * less than {@code gracePeriod} would remain, in which case the alert waits that long.
   */
  synchronized void restore(long now, Querier querier, long holdGracePeriod, long outageTolerance) {
    restored = true;
    if (spec.forMillis() < holdGracePeriod) {
      return;
    }
    for (ActiveAlert a : active.values()) {
      List<Matcher> ms = new ArrayList<>();
      ms.add(Matcher.of(Matcher.Type.EQUAL, Labels.METRIC_NAME, "ALERTS_FOR_STATE"));
      a.labels.forEach((n, v) -> ms.add(Matcher.of(Matcher.Type.EQUAL, n, v)));
      SeriesSet set = querier.select(false, null, ms.toArray(new Matcher[0]));
      long lastT = -1;
      double lastV = 0;
      while (set.next()) {
        if (set.at().labels().size() != a.labels.size() + 1) {
          continue;
        }
        SampleIterator it = set.at().iterator(null);
        while (it.next() == ValueType.FLOAT) {
          if (it.atT() >= now - outageTolerance
              && it.atT() <= now
              && !dev.vigil.core.model.Values.isStaleNaN(it.atF())) {
            lastT = it.atT();
            lastV = it.atF();
          }
        }
      }
      if (lastT < 0) {
        continue;
      }
      long restoredActiveAt = (long) (lastV * 1000);
      long remaining = spec.forMillis() - (lastT - restoredActiveAt);
      // remaining <= 0: it was firing (or due to), so it keeps its original start.
      if (remaining > 0 && remaining < holdGracePeriod) {
        restoredActiveAt = now + holdGracePeriod - spec.forMillis();
      } else if (remaining > 0) {
        restoredActiveAt += now - lastT;
      }
      a.activeAt = restoredActiveAt;
    }
  }

  /** Carries the alerts of the same rule over a reload. */
  synchronized void takeStateFrom(AlertingRule old) {
    synchronized (old) {
      for (Map.Entry<Labels, ActiveAlert> e : old.active.entrySet()) {
        active.put(e.getKey(), e.getValue().copy());
      }
      restored = old.restored;
    }
  }

  /** Copies of the alerts this rule tracks, in a stable order. */
  public synchronized List<ActiveAlert> alerts() {
    List<ActiveAlert> out = new ArrayList<>();
    for (ActiveAlert a : active.values()) {
      out.add(a.copy());
    }
    out.sort((x, y) -> x.labels.compareTo(y.labels));
    return out;
  }

  /** The most severe state among this rule's alerts. */
  public synchronized AlertState state() {
    AlertState s = AlertState.INACTIVE;
    for (ActiveAlert a : active.values()) {
      if (a.state.compareTo(s) > 0) {
        s = a.state;
      }
    }
    return s;
  }
}
