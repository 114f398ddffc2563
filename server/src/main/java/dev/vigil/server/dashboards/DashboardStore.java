package dev.vigil.server.dashboards;

import dev.vigil.core.meta.MetaStore;
import dev.vigil.core.meta.Migration;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Dashboards in the metadata store: one row per dashboard holding its JSON (the shape {@link
 * DashboardJson} checks). Thread-safe through {@link MetaStore}.
 */
public final class DashboardStore {
  /** The schema; versions 100–199 belong to dashboards. */
  public static final List<Migration> MIGRATIONS =
      List.of(
          new Migration(
              100,
              "dashboards table",
              """
              CREATE TABLE dashboards (
                id TEXT PRIMARY KEY,
                title TEXT NOT NULL,
                body TEXT NOT NULL,
                version INTEGER NOT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
              );
              CREATE INDEX dashboards_title ON dashboards (title)
              """));

  private final MetaStore store;

  /** Uses {@code store}, whose migrations must include {@link #MIGRATIONS}. */
  public DashboardStore(MetaStore store) {
    this.store = store;
  }

  /** A stored dashboard. */
  public record Stored(String id, String title, String body, long version, String updatedAt) {}

  /** Every dashboard without its body, by title. */
  public List<Stored> list() throws SQLException {
    return store.inTransaction(
        c -> {
          List<Stored> out = new ArrayList<>();
          try (PreparedStatement s =
                  c.prepareStatement(
                      "SELECT id, title, version, updated_at FROM dashboards ORDER BY title, id");
              ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              out.add(
                  new Stored(rs.getString(1), rs.getString(2), "", rs.getLong(3), rs.getString(4)));
            }
          }
          return out;
        });
  }

  /** The dashboard with {@code id}, if any. */
  public Optional<Stored> get(String id) throws SQLException {
    return store.inTransaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT id, title, body, version, updated_at FROM dashboards WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
              return rs.next()
                  ? Optional.of(
                      new Stored(
                          rs.getString(1),
                          rs.getString(2),
                          rs.getString(3),
                          rs.getLong(4),
                          rs.getString(5)))
                  : Optional.empty();
            }
          }
        });
  }

  /** Stores a new dashboard and returns its id. */
  public String create(String title, String body) throws SQLException {
    String id = UUID.randomUUID().toString().substring(0, 13).replace("-", "");
    String now = Instant.now().toString();
    store.inTransaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO dashboards (id, title, body, version, created_at, updated_at)"
                      + " VALUES (?, ?, ?, 1, ?, ?)")) {
            s.setString(1, id);
            s.setString(2, title);
            s.setString(3, body);
            s.setString(4, now);
            s.setString(5, now);
            return s.executeUpdate();
          }
        });
    return id;
  }

  /** Replaces a dashboard; false when there is none with {@code id}. */
  public boolean update(String id, String title, String body) throws SQLException {
    return store.inTransaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE dashboards SET title = ?, body = ?, version = version + 1, updated_at = ?"
                      + " WHERE id = ?")) {
            s.setString(1, title);
            s.setString(2, body);
            s.setString(3, Instant.now().toString());
            s.setString(4, id);
            return s.executeUpdate() == 1;
          }
        });
  }

  /** Deletes a dashboard; false when there is none with {@code id}. */
  public boolean delete(String id) throws SQLException {
    return store.inTransaction(
        c -> {
          try (PreparedStatement s = c.prepareStatement("DELETE FROM dashboards WHERE id = ?")) {
            s.setString(1, id);
            return s.executeUpdate() == 1;
          }
        });
  }
}
