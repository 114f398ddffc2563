package dev.vigil.alerting.notify;

import dev.vigil.alerting.Alert;
import dev.vigil.alerting.AlertSender;
import dev.vigil.core.model.Labels;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The alerts the notifier knows, keyed by their label set, as Alertmanager's alert provider keeps
 * them: a new alert with the labels of a known one updates it (the earlier start is kept when the
 * two overlap), resolved alerts stay for a while and are then dropped.
 *
 * <p>Thread-safe: rule groups, the HTTP API and readers call it concurrently.
 */
public final class AlertStore implements AlertSender {
  /** One stored alert with the time it was last updated. */
  public record Entry(Alert alert, Instant updatedAt, String fingerprint) {
    /** Whether the alert has ended at {@code now}. */
    public boolean resolvedAt(Instant now) {
      return alert.resolvedAt(now);
    }
  }

  /**
   * How often at most ended alerts are swept out: a sweep visits every alert, so it does not run on
   * every {@link #send} (a burst of 20 posts of 500 alerts would sweep 20 times).
   */
  static final Duration MAX_GC_EVERY = Duration.ofSeconds(10);

  private final Map<Labels, Entry> alerts = new ConcurrentHashMap<>();
  private final Supplier<Instant> clock;
  private final Duration retention;
  private final List<Consumer<List<Entry>>> listeners = new CopyOnWriteArrayList<>();
  private final Duration gcEvery;
  private final AtomicReference<Instant> lastGc = new AtomicReference<>(Instant.MIN);

  /** A store that keeps resolved alerts for {@code retention}. */
  public AlertStore(Duration retention) {
    this(retention, Instant::now);
  }

  AlertStore(Duration retention, Supplier<Instant> clock) {
    this.retention = retention;
    this.clock = clock;
    this.gcEvery = retention.compareTo(MAX_GC_EVERY) < 0 ? retention : MAX_GC_EVERY;
  }

  /**
   * Calls {@code listener} after every {@link #send} with the stored entries the call created or
   * updated (the dispatcher's subscription). Listeners run on the sender's thread and must be
   * quick.
   */
  public void subscribe(Consumer<List<Entry>> listener) {
    listeners.add(listener);
  }

  /** Removes a listener added with {@link #subscribe}. */
  public void unsubscribe(Consumer<List<Entry>> listener) {
    listeners.remove(listener);
  }

  @Override
  public void send(List<Alert> incoming) {
    Instant now = clock.get();
    List<Entry> changed = new ArrayList<>(incoming.size());
    for (Alert a : incoming) {
      changed.add(
          alerts.merge(
              a.labels(),
              new Entry(a, now, fingerprint(a.labels())),
              (old, fresh) -> merge(old, fresh, now)));
    }
    gc(now);
    for (Consumer<List<Entry>> l : listeners) {
      l.accept(changed);
    }
  }

  private static Entry merge(Entry old, Entry fresh, Instant now) {
    Alert o = old.alert();
    Alert n = fresh.alert();
    // Overlapping (the old one had not ended when the new one starts): one continuous alert.
    boolean overlaps = !o.endsAt().isBefore(n.startsAt()) && !n.endsAt().isBefore(o.startsAt());
    Instant start = overlaps && o.startsAt().isBefore(n.startsAt()) ? o.startsAt() : n.startsAt();
    return new Entry(
        new Alert(n.labels(), n.annotations(), start, n.endsAt(), n.generatorUrl()),
        now,
        old.fingerprint());
  }

  private void gc(Instant now) {
    Instant last = lastGc.get();
    if (now.isBefore(last.plus(gcEvery)) || !lastGc.compareAndSet(last, now)) {
      return;
    }
    Instant cutoff = now.minus(retention);
    alerts.values().removeIf(e -> e.alert().endsAt().isBefore(cutoff));
  }

  /** The alerts for which {@code filter} holds, ordered by fingerprint. */
  public List<Entry> list(Predicate<Entry> filter) {
    List<Entry> out = new ArrayList<>();
    for (Entry e : alerts.values()) {
      if (filter.test(e)) {
        out.add(e);
      }
    }
    out.sort((x, y) -> x.fingerprint().compareTo(y.fingerprint()));
    return out;
  }

  /** Every stored alert, in no particular order (cheaper than {@link #list} for whole sweeps). */
  public List<Entry> all() {
    return new ArrayList<>(alerts.values());
  }

  /** How many alerts are stored, resolved ones included. */
  public int size() {
    return alerts.size();
  }

  /**
   * Alertmanager's fingerprint of a label set (FNV-1a 64 over sorted names and values, each
   * followed by 0xff), as 16 hex digits.
   */
  public static String fingerprint(Labels labels) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < labels.size(); i++) {
      h = add(h, labels.name(i));
      h = addByte(h, (byte) 0xff);
      h = add(h, labels.value(i));
      h = addByte(h, (byte) 0xff);
    }
    return String.format(java.util.Locale.ROOT, "%016x", h);
  }

  private static long add(long h, String s) {
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h = addByte(h, b);
    }
    return h;
  }

  private static long addByte(long h, byte b) {
    return (h ^ (b & 0xff)) * 0x100000001b3L;
  }
}
