package dev.vigil.alerting.actions;

import dev.vigil.core.meta.MetaStore;
import dev.vigil.core.meta.Migration;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit of action runs in the metadata store, one row per triggered run (migrations 260–279).
 * Thread-safe through {@link MetaStore}.
 */
public final class ActionAudit {
  /** The schema; versions 260–279 belong to actions. */
  public static final List<Migration> MIGRATIONS =
      List.of(
          new Migration(
              260,
              "action runs audit",
              """
              CREATE TABLE action_runs (
                id TEXT PRIMARY KEY,
                action TEXT NOT NULL,
                kind TEXT NOT NULL,
                receiver TEXT NOT NULL,
                group_key TEXT NOT NULL,
                status TEXT NOT NULL,
                result TEXT NOT NULL,
                started_at TEXT NOT NULL,
                duration_ms BIGINT NOT NULL,
                exit_code INTEGER NOT NULL,
                http_status INTEGER NOT NULL,
                alerts INTEGER NOT NULL,
                output TEXT NOT NULL,
                detail TEXT NOT NULL
              );
              CREATE INDEX action_runs_started ON action_runs (started_at);
              CREATE INDEX action_runs_action ON action_runs (action, started_at)
              """));

  private final MetaStore store;

  /** Uses {@code store}, whose migrations must include {@link #MIGRATIONS}. */
  public ActionAudit(MetaStore store) {
    this.store = store;
  }

  /** Stores one run. */
  public void record(ActionRun r) throws SQLException {
    store.inTransaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO action_runs (id, action, kind, receiver, group_key, status, result,"
                      + " started_at, duration_ms, exit_code, http_status, alerts, output, detail)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, r.id());
            s.setString(2, r.action());
            s.setString(3, r.kind());
            s.setString(4, r.receiver());
            s.setString(5, r.groupKey());
            s.setString(6, r.status());
            s.setString(7, r.result());
            s.setString(8, r.startedAt().toString());
            s.setLong(9, r.durationMillis());
            s.setInt(10, r.exitCode());
            s.setInt(11, r.httpStatus());
            s.setInt(12, r.alerts());
            s.setString(13, r.output());
            s.setString(14, r.detail());
            s.executeUpdate();
          }
          return null;
        });
  }

  /**
   * The newest runs first, at most {@code limit}; {@code action} and {@code result} filter when not
   * null.
   */
  public List<ActionRun> list(String action, String result, int limit) throws SQLException {
    return store.inTransaction(
        c -> {
          StringBuilder q =
              new StringBuilder(
                  "SELECT id, action, kind, receiver, group_key, status, result, started_at,"
                      + " duration_ms, exit_code, http_status, alerts, output, detail"
                      + " FROM action_runs WHERE 1 = 1");
          List<String> args = new ArrayList<>();
          if (action != null) {
            q.append(" AND action = ?");
            args.add(action);
          }
          if (result != null) {
            q.append(" AND result = ?");
            args.add(result);
          }
          q.append(" ORDER BY started_at DESC, id LIMIT ").append(Math.max(1, limit));
          List<ActionRun> out = new ArrayList<>();
          try (PreparedStatement s = c.prepareStatement(q.toString())) {
            for (int i = 0; i < args.size(); i++) {
              s.setString(i + 1, args.get(i));
            }
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new ActionRun(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        Instant.parse(rs.getString(8)),
                        rs.getLong(9),
                        rs.getInt(10),
                        rs.getInt(11),
                        rs.getInt(12),
                        rs.getString(13),
                        rs.getString(14)));
              }
            }
          }
          return out;
        });
  }
}
