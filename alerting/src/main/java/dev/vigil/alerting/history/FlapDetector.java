package dev.vigil.alerting.history;

import dev.vigil.alerting.notify.AlertStore;
import dev.vigil.alerting.notify.Muter;
import dev.vigil.core.model.Labels;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Flap suppression: an alert that changes between firing and resolved more than {@code maxFlips}
 * times within {@code window} is flapping; it is held (muted, with the id {@code "flapping"}) until
 * it has changed at most {@code maxFlips / 2} times in the last {@code window}, so that one more
 * flip does not let it through again. {@link AlertTracker} feeds it the changes and records the
 * start and end of flapping in the history.
 *
 * <p>Thread-safe.
 */
public final class FlapDetector implements Muter {
  /** What {@link #mutedBy} answers for a flapping alert. */
  public static final String ID = "flapping";

  /** More than this many changes within {@link #DEFAULT_WINDOW} is flapping, by default. */
  public static final int DEFAULT_MAX_CHANGES = 6;

  /** The window flips are counted in, by default. */
  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(30);

  private int maxFlips;
  private Duration window;
  private final Map<String, Deque<Instant>> flips = new HashMap<>();
  private final Map<String, Labels> flapping = new HashMap<>();

  /** A detector; {@code maxFlips} 0 turns it off. */
  public FlapDetector(int maxFlips, Duration window) {
    this.maxFlips = maxFlips;
    this.window = window;
  }

  /**
   * New limits (a configuration reload), used from the next {@link #evaluate}: the changes already
   * counted stay, so an alert flapping under the old limits is judged by the new ones. Turning
   * detection off releases every held alert at the next evaluation.
   */
  public synchronized void setLimits(int maxFlips, Duration window) {
    this.maxFlips = maxFlips;
    this.window = window;
    if (maxFlips <= 0) {
      flips.clear();
    }
  }

  /** A flapping alert and how many times it changed in the window. */
  public record Flapping(String fingerprint, Labels labels, int flips) {}

  /** Notes a change of the alert with {@code fingerprint} at {@code at}. */
  synchronized void flip(String fingerprint, Instant at) {
    if (maxFlips > 0) {
      flips.computeIfAbsent(fingerprint, k -> new ArrayDeque<>()).addLast(at);
    }
  }

  /**
   * Re-evaluates every alert at {@code now}: the alerts that started flapping and those that
   * stopped, as events to record.
   */
  synchronized List<AlertEvent> evaluate(Map<String, Labels> labelsByFingerprint, Instant now) {
    List<AlertEvent> events = new ArrayList<>();
    if (maxFlips <= 0) {
      for (Map.Entry<String, Labels> e : flapping.entrySet()) {
        events.add(new AlertEvent(e.getKey(), e.getValue(), AlertEvent.Kind.STABLE, now, ""));
      }
      flapping.clear();
      flips.clear();
      return events;
    }
    Instant from = now.minus(window);
    var it = flips.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, Deque<Instant>> e = it.next();
      Deque<Instant> d = e.getValue();
      while (!d.isEmpty() && d.peekFirst().isBefore(from)) {
        d.removeFirst();
      }
      String fp = e.getKey();
      Labels labels = labelsByFingerprint.getOrDefault(fp, flapping.get(fp));
      if (!flapping.containsKey(fp) && d.size() > maxFlips && labels != null) {
        flapping.put(fp, labels);
        events.add(
            new AlertEvent(
                fp,
                labels,
                AlertEvent.Kind.FLAPPING,
                now,
                d.size() + " state changes in " + window.toMinutes() + "m"));
      } else if (flapping.containsKey(fp) && d.size() <= maxFlips / 2) {
        events.add(new AlertEvent(fp, flapping.remove(fp), AlertEvent.Kind.STABLE, now, ""));
      }
      if (d.isEmpty() && !flapping.containsKey(fp)) {
        it.remove();
      }
    }
    return events;
  }

  /** The alerts flapping now. */
  public synchronized List<Flapping> flapping() {
    List<Flapping> out = new ArrayList<>();
    for (Map.Entry<String, Labels> e : flapping.entrySet()) {
      Deque<Instant> d = flips.get(e.getKey());
      out.add(new Flapping(e.getKey(), e.getValue(), d == null ? 0 : d.size()));
    }
    out.sort((a, b) -> a.fingerprint().compareTo(b.fingerprint()));
    return out;
  }

  @Override
  public synchronized List<String> mutedBy(Labels labels, Instant now) {
    return flapping.isEmpty() || !flapping.containsKey(AlertStore.fingerprint(labels))
        ? List.of()
        : List.of(ID);
  }
}
