package dev.vigil.alerting.history;

import dev.vigil.alerting.notify.AlertStore;
import dev.vigil.alerting.notify.Muter;
import dev.vigil.core.meta.MetaStore;
import dev.vigil.core.model.Labels;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Acknowledgements: someone has seen a firing alert and is on it. An acknowledged alert is not
 * notified again at {@code repeat_interval} ({@link #repeatsOnly()}) until it resolves (a new
 * firing of the same labels is a new alert, not acknowledged) or the acknowledgement expires. Kept
 * in the metadata store (table {@code alert_acks}); each acknowledgement and its end go to the
 * {@link AlertHistory}. Thread-safe.
 */
public final class Acknowledgements implements Muter {
  /** One acknowledgement. */
  public record Ack(
      String fingerprint,
      Labels labels,
      Instant alertStartsAt,
      String by,
      String comment,
      Instant at,
      Instant expiresAt) {}

  private final MetaStore store;
  private final AlertHistory history;
  private final Supplier<Instant> clock;
  private final Map<String, Ack> acks = new HashMap<>();

  private Acknowledgements(MetaStore store, AlertHistory history, Supplier<Instant> clock) {
    this.store = store;
    this.history = history;
    this.clock = clock;
  }

  /** Loads the acknowledgements kept in {@code store} (migrations of {@link AlertHistory}). */
  public static Acknowledgements open(
      MetaStore store, AlertHistory history, Supplier<Instant> clock) throws SQLException {
    Acknowledgements a = new Acknowledgements(store, history, clock);
    store.inTransaction(
        c -> {
          try (PreparedStatement s =
                  c.prepareStatement(
                      "SELECT fingerprint, labels, alert_starts_at, acked_by, comment, acked_at,"
                          + " expires_at FROM alert_acks");
              ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              Ack k =
                  new Ack(
                      rs.getString(1),
                      AlertHistory.labels(rs.getString(2)),
                      Instant.ofEpochMilli(rs.getLong(3)),
                      rs.getString(4),
                      rs.getString(5),
                      Instant.ofEpochMilli(rs.getLong(6)),
                      Instant.ofEpochMilli(rs.getLong(7)));
              a.acks.put(k.fingerprint(), k);
            }
          }
          return null;
        });
    return a;
  }

  /**
   * Acknowledges the firing alert {@code entry} until {@code expiresAt} (or until it resolves).
   * Acknowledging again replaces the earlier acknowledgement.
   *
   * @throws IllegalArgumentException if the alert is not firing or the expiry is not in the future
   */
  public synchronized Ack acknowledge(
      AlertStore.Entry entry, String by, String comment, Instant expiresAt) throws SQLException {
    Instant now = clock.get();
    if (entry.resolvedAt(now)) {
      throw new IllegalArgumentException("alert " + entry.fingerprint() + " is not firing");
    }
    if (!expiresAt.isAfter(now)) {
      throw new IllegalArgumentException("the acknowledgement must expire in the future");
    }
    Ack k =
        new Ack(
            entry.fingerprint(),
            entry.alert().labels(),
            entry.alert().startsAt(),
            by,
            comment,
            now,
            expiresAt);
    store.inTransaction(
        c -> {
          try (PreparedStatement d =
                  c.prepareStatement("DELETE FROM alert_acks WHERE fingerprint = ?");
              PreparedStatement i =
                  c.prepareStatement(
                      "INSERT INTO alert_acks (fingerprint, labels, alert_starts_at, acked_by,"
                          + " comment, acked_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            d.setString(1, k.fingerprint());
            d.executeUpdate();
            i.setString(1, k.fingerprint());
            i.setString(2, AlertHistory.json(k.labels()));
            i.setLong(3, k.alertStartsAt().toEpochMilli());
            i.setString(4, by);
            i.setString(5, comment);
            i.setLong(6, now.toEpochMilli());
            i.setLong(7, expiresAt.toEpochMilli());
            i.executeUpdate();
          }
          return null;
        });
    acks.put(k.fingerprint(), k);
    history.record(
        List.of(
            new AlertEvent(
                k.fingerprint(),
                k.labels(),
                AlertEvent.Kind.ACKNOWLEDGED,
                now,
                by + (comment.isEmpty() ? "" : ": " + comment) + " (until " + expiresAt + ")")),
        Map.of());
    return k;
  }

  /**
   * Ends the acknowledgement of the alert with {@code fingerprint}, if there is one, giving {@code
   * reason} in the history.
   *
   * @return whether there was one
   */
  public synchronized boolean remove(String fingerprint, String reason) throws SQLException {
    Ack k = acks.get(fingerprint);
    if (k == null) {
      return false;
    }
    store.inTransaction(
        c -> {
          try (PreparedStatement d =
              c.prepareStatement("DELETE FROM alert_acks WHERE fingerprint = ?")) {
            d.setString(1, fingerprint);
            d.executeUpdate();
          }
          return null;
        });
    acks.remove(fingerprint);
    history.record(
        List.of(
            new AlertEvent(
                fingerprint, k.labels(), AlertEvent.Kind.UNACKNOWLEDGED, clock.get(), reason)),
        Map.of());
    return true;
  }

  /**
   * Ends the acknowledgements that have expired at {@code now}, and those of alerts that resolved
   * or started again since ({@code firing}: the start of each alert firing now, by fingerprint).
   */
  synchronized void sweep(Map<String, Instant> firing, Instant now) throws SQLException {
    List<String[]> ended = new ArrayList<>();
    for (Ack k : acks.values()) {
      Instant start = firing.get(k.fingerprint());
      if (start == null || !start.equals(k.alertStartsAt())) {
        ended.add(new String[] {k.fingerprint(), "resolved"});
      } else if (!k.expiresAt().isAfter(now)) {
        ended.add(new String[] {k.fingerprint(), "expired"});
      }
    }
    for (String[] e : ended) {
      remove(e[0], e[1]);
    }
  }

  /** The acknowledgement of the alert with {@code fingerprint}, if any. */
  public synchronized Optional<Ack> get(String fingerprint) {
    return Optional.ofNullable(acks.get(fingerprint));
  }

  /** Every acknowledgement, by fingerprint. */
  public synchronized List<Ack> list() {
    List<Ack> out = new ArrayList<>(acks.values());
    out.sort((a, b) -> a.fingerprint().compareTo(b.fingerprint()));
    return out;
  }

  @Override
  public synchronized List<String> mutedBy(Labels labels, Instant now) {
    if (acks.isEmpty()) {
      return List.of();
    }
    Ack k = acks.get(AlertStore.fingerprint(labels));
    return k != null && k.expiresAt().isAfter(now) ? List.of("ack:" + k.by()) : List.of();
  }

  @Override
  public boolean repeatsOnly() {
    return true;
  }
}
