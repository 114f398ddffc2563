package dev.vigil.alerting.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.alerting.silence.Silence;
import dev.vigil.core.meta.MetaStore;
import dev.vigil.core.meta.Migration;
import dev.vigil.core.model.Labels;
import dev.vigil.core.model.Matcher;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Every state change of every alert (firing, resolved, acknowledged, flapping, ...), persisted in
 * the metadata store and queryable by label matchers and time range. Events older than the
 * retention are dropped. Also keeps each alert's last known state, so that a restart does not
 * record again what was already recorded. Thread-safe through {@link MetaStore}.
 */
public final class AlertHistory {
  /** The schema; versions 240–259 belong to history, acknowledgements and maintenance. */
  public static final List<Migration> MIGRATIONS =
      List.of(
          new Migration(
              240,
              "alert history and each alert's last state",
              """
              CREATE TABLE alert_history (
                fingerprint TEXT NOT NULL,
                alertname TEXT NOT NULL,
                labels TEXT NOT NULL,
                kind TEXT NOT NULL,
                at BIGINT NOT NULL,
                detail TEXT NOT NULL
              );
              CREATE INDEX alert_history_at ON alert_history (at);
              CREATE INDEX alert_history_name_at ON alert_history (alertname, at);
              CREATE INDEX alert_history_fingerprint_at ON alert_history (fingerprint, at);
              CREATE TABLE alert_state (
                fingerprint TEXT PRIMARY KEY,
                firing INTEGER NOT NULL,
                starts_at BIGINT NOT NULL
              )
              """),
          new Migration(
              241,
              "acknowledgements",
              """
              CREATE TABLE alert_acks (
                fingerprint TEXT PRIMARY KEY,
                labels TEXT NOT NULL,
                alert_starts_at BIGINT NOT NULL,
                acked_by TEXT NOT NULL,
                comment TEXT NOT NULL,
                acked_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL
              )
              """));

  /** How long events are kept by default. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final MetaStore store;
  private final Duration retention;
  private final Supplier<Instant> clock;

  /** Uses {@code store}, whose migrations must include {@link #MIGRATIONS}. */
  public AlertHistory(MetaStore store, Duration retention, Supplier<Instant> clock) {
    this.store = store;
    this.retention = retention;
    this.clock = clock;
  }

  /** The last known state of an alert: firing (since {@code startsAt}) or resolved. */
  public record LastState(boolean firing, Instant startsAt) {}

  /** Appends {@code events} and sets the last states, in one transaction. */
  public void record(List<AlertEvent> events, Map<String, LastState> states) throws SQLException {
    if (events.isEmpty() && states.isEmpty()) {
      return;
    }
    store.inTransaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO alert_history (fingerprint, alertname, labels, kind, at, detail)"
                      + " VALUES (?, ?, ?, ?, ?, ?)")) {
            for (AlertEvent e : events) {
              s.setString(1, e.fingerprint());
              s.setString(2, e.labels().get("alertname"));
              s.setString(3, json(e.labels()));
              s.setString(4, e.kind().apiName());
              s.setLong(5, e.at().toEpochMilli());
              s.setString(6, e.detail());
              s.addBatch();
            }
            s.executeBatch();
          }
          try (PreparedStatement d =
                  c.prepareStatement("DELETE FROM alert_state WHERE fingerprint = ?");
              PreparedStatement i =
                  c.prepareStatement(
                      "INSERT INTO alert_state (fingerprint, firing, starts_at) VALUES (?, ?, ?)")) {
            for (Map.Entry<String, LastState> e : states.entrySet()) {
              d.setString(1, e.getKey());
              d.executeUpdate();
              i.setString(1, e.getKey());
              i.setInt(2, e.getValue().firing() ? 1 : 0);
              i.setLong(3, e.getValue().startsAt().toEpochMilli());
              i.executeUpdate();
            }
          }
          return null;
        });
  }

  /** The last known state of every alert seen within the retention. */
  public Map<String, LastState> lastStates() throws SQLException {
    return store.inTransaction(
        c -> {
          Map<String, LastState> out = new HashMap<>();
          try (PreparedStatement s =
                  c.prepareStatement("SELECT fingerprint, firing, starts_at FROM alert_state");
              ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              out.put(
                  rs.getString(1),
                  new LastState(rs.getInt(2) == 1, Instant.ofEpochMilli(rs.getLong(3))));
            }
          }
          return out;
        });
  }

  /**
   * The events in {@code [from, to]} of alerts whose labels satisfy every matcher, newest first, at
   * most {@code limit} (0: no limit).
   */
  public List<AlertEvent> query(List<Matcher> matchers, Instant from, Instant to, int limit)
      throws SQLException {
    String name = null;
    for (Matcher m : matchers) {
      if (m.type() == Matcher.Type.EQUAL && m.name().equals("alertname")) {
        name = m.value();
      }
    }
    String byName = name;
    return store.inTransaction(
        c -> {
          List<AlertEvent> out = new ArrayList<>();
          String sql =
              "SELECT fingerprint, labels, kind, at, detail FROM alert_history WHERE at >= ? AND at <= ?"
                  + (byName != null ? " AND alertname = ?" : "")
                  + " ORDER BY at DESC, rowid DESC";
          try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, from.toEpochMilli());
            s.setLong(2, to.toEpochMilli());
            if (byName != null) {
              s.setString(3, byName);
            }
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next() && (limit <= 0 || out.size() < limit)) {
                Labels labels = labels(rs.getString(2));
                if (Silence.allMatch(matchers, labels)) {
                  AlertEvent.Kind kind = AlertEvent.Kind.of(rs.getString(3));
                  out.add(
                      new AlertEvent(
                          rs.getString(1),
                          labels,
                          kind == null ? AlertEvent.Kind.FIRING : kind,
                          Instant.ofEpochMilli(rs.getLong(4)),
                          rs.getString(5)));
                }
              }
            }
          }
          return out;
        });
  }

  /**
   * Drops events older than the retention, and the last states of alerts resolved before it.
   *
   * @return how many events were dropped
   */
  public int gc() throws SQLException {
    long cutoff = clock.get().minus(retention).toEpochMilli();
    return store.inTransaction(
        c -> {
          try (PreparedStatement s = c.prepareStatement("DELETE FROM alert_history WHERE at < ?");
              PreparedStatement st =
                  c.prepareStatement(
                      "DELETE FROM alert_state WHERE firing = 0 AND starts_at < ?")) {
            s.setLong(1, cutoff);
            st.setLong(1, cutoff);
            st.executeUpdate();
            return s.executeUpdate();
          }
        });
  }

  static String json(Labels labels) {
    try {
      return JSON.writeValueAsString(new TreeMap<>(labels.toMap()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static Labels labels(String json) throws SQLException {
    try {
      return Labels.of(JSON.readValue(json, new TypeReference<Map<String, String>>() {}));
    } catch (JsonProcessingException e) {
      throw new SQLException("unreadable labels in alert_history: " + e.getOriginalMessage(), e);
    }
  }
}
