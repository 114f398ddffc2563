package dev.vigil.alerting.history;

import dev.vigil.alerting.notify.AlertStore;
import dev.vigil.core.model.Labels;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the {@link AlertStore} and writes every change of every alert to the {@link
 * AlertHistory}: firing (at the alert's start), resolved (at its end, whether it was sent resolved
 * or timed out), and started again. It feeds the same changes to the {@link FlapDetector} and ends
 * the {@link Acknowledgements} of alerts that resolved. It looks at the store on a timer (every
 * second by default) rather than on each send, so an alert that simply stops being sent is seen to
 * resolve too; the times recorded are the alert's own, not the time of the look.
 *
 * <p>The last known state of each alert is kept in the store, so a restart records nothing twice.
 */
public final class AlertTracker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AlertTracker.class);
  private static final Duration GC_EVERY = Duration.ofHours(1);

  private final AlertStore store;
  private final AlertHistory history;
  private final FlapDetector flaps;
  private final Acknowledgements acks;
  private final Supplier<Instant> clock;
  private final Map<String, AlertHistory.LastState> states;
  private volatile Thread thread;
  private Instant lastGc = Instant.MIN;

  /** A tracker that starts from the last states kept in {@code history}. */
  public AlertTracker(
      AlertStore store,
      AlertHistory history,
      FlapDetector flaps,
      Acknowledgements acks,
      Supplier<Instant> clock)
      throws SQLException {
    this.store = store;
    this.history = history;
    this.flaps = flaps;
    this.acks = acks;
    this.clock = clock;
    this.states = new HashMap<>(history.lastStates());
  }

  /** Looks at the store now and records what changed since the last look. */
  public synchronized void sweep() throws SQLException {
    Instant now = clock.get();
    List<AlertEvent> events = new ArrayList<>();
    Map<String, AlertHistory.LastState> changed = new HashMap<>();
    Map<String, Labels> labelsByFingerprint = new HashMap<>();
    Map<String, Instant> firing = new HashMap<>();
    for (AlertStore.Entry e : store.all()) {
      String fp = e.fingerprint();
      Labels labels = e.alert().labels();
      Instant start = e.alert().startsAt();
      boolean isFiring = !e.resolvedAt(now);
      labelsByFingerprint.put(fp, labels);
      if (isFiring) {
        firing.put(fp, start);
      }
      AlertHistory.LastState prev = states.get(fp);
      if (prev == null || !prev.startsAt().equals(start)) {
        if (prev != null && prev.firing()) {
          // It ended and started again between two looks; the end is not known more precisely.
          change(events, fp, labels, AlertEvent.Kind.RESOLVED, start);
        }
        change(events, fp, labels, AlertEvent.Kind.FIRING, start);
        if (!isFiring) {
          change(events, fp, labels, AlertEvent.Kind.RESOLVED, e.alert().endsAt());
        }
      } else if (prev.firing() != isFiring) {
        change(
            events,
            fp,
            labels,
            isFiring ? AlertEvent.Kind.FIRING : AlertEvent.Kind.RESOLVED,
            isFiring ? now : e.alert().endsAt());
      }
      AlertHistory.LastState next = new AlertHistory.LastState(isFiring, start);
      if (!next.equals(prev)) {
        changed.put(fp, next);
      }
    }
    events.addAll(flaps.evaluate(labelsByFingerprint, now));
    history.record(events, changed);
    states.putAll(changed);
    states
        .keySet()
        .removeIf(fp -> !labelsByFingerprint.containsKey(fp) && !states.get(fp).firing());
    acks.sweep(firing, now);
    if (Duration.between(lastGc, now).compareTo(GC_EVERY) >= 0 || lastGc.isAfter(now)) {
      lastGc = now;
      history.gc();
    }
  }

  private void change(
      List<AlertEvent> events, String fp, Labels labels, AlertEvent.Kind kind, Instant at) {
    events.add(new AlertEvent(fp, labels, kind, at, ""));
    flaps.flip(fp, at);
  }

  /** Sweeps every {@code interval} on a virtual thread until {@link #close}. */
  public void start(Duration interval) {
    thread =
        Thread.ofVirtual()
            .name("alert-tracker")
            .start(
                () -> {
                  while (!Thread.currentThread().isInterrupted()) {
                    try {
                      sweep();
                      Thread.sleep(interval);
                    } catch (InterruptedException e) {
                      return;
                    } catch (SQLException | RuntimeException e) {
                      LOG.warn("alert history: cannot record alert changes: {}", e.getMessage());
                      try {
                        Thread.sleep(interval);
                      } catch (InterruptedException ie) {
                        return;
                      }
                    }
                  }
                });
  }

  @Override
  public void close() {
    Thread t = thread;
    if (t != null) {
      t.interrupt();
      try {
        t.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
