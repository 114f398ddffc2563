package dev.vigil.core.meta;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The metadata store over one JDBC connection. Thread-safe: work runs one transaction at a time
 * (metadata writes are rare and small; SQLite has one writer anyway).
 *
 * <p>Open it with {@link #open}, {@link #migrate} the migrations of every component that uses it,
 * then call {@link #inTransaction}. {@link #close} once.
 */
public final class MetaStore implements AutoCloseable {
  private static final Pattern STATEMENT_END = Pattern.compile(";\\s*(\\n|$)");
  private final Connection connection;

  private MetaStore(Connection connection) {
    this.connection = connection;
  }

  /**
   * Opens a store at a JDBC URL ({@code jdbc:sqlite:/path/vigil.db}, later {@code
   * jdbc:postgresql://…}); the driver must be on the classpath.
   *
   * @throws SQLException if the database cannot be opened
   */
  public static MetaStore open(String jdbcUrl) throws SQLException {
    Connection c = DriverManager.getConnection(jdbcUrl);
    c.setAutoCommit(false);
    return new MetaStore(c);
  }

  /**
   * Applies the migrations not yet recorded, in version order, each in its own transaction.
   *
   * @return the versions applied now
   * @throws SQLException if a migration fails (it is rolled back; later ones are not tried)
   * @throws IllegalArgumentException if two migrations share a version
   */
  public synchronized List<Integer> migrate(List<Migration> migrations) throws SQLException {
    Set<Integer> seen = new HashSet<>();
    for (Migration m : migrations) {
      if (!seen.add(m.version())) {
        throw new IllegalArgumentException("two migrations have version " + m.version());
      }
    }
    try (Statement s = connection.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,"
              + " description TEXT NOT NULL, applied_at TEXT NOT NULL)");
    }
    connection.commit();
    Set<Integer> applied = appliedVersions();
    List<Migration> todo = new ArrayList<>(migrations);
    todo.sort(Comparator.comparingInt(Migration::version));
    List<Integer> now = new ArrayList<>();
    for (Migration m : todo) {
      if (applied.contains(m.version())) {
        continue;
      }
      try (Statement s = connection.createStatement();
          PreparedStatement record =
              connection.prepareStatement(
                  "INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)")) {
        for (String sql : STATEMENT_END.splitAsStream(m.sql()).toList()) {
          if (!sql.isBlank()) {
            s.execute(sql);
          }
        }
        record.setInt(1, m.version());
        record.setString(2, m.description());
        record.setString(3, Instant.now().toString());
        record.executeUpdate();
        connection.commit();
        now.add(m.version());
      } catch (SQLException e) {
        connection.rollback();
        throw new SQLException(
            "metadata migration "
                + m.version()
                + " ("
                + m.description()
                + ") failed: "
                + e.getMessage(),
            e);
      }
    }
    return now;
  }

  /** The versions recorded in {@code schema_migrations}. */
  public synchronized Set<Integer> appliedVersions() throws SQLException {
    Set<Integer> out = new HashSet<>();
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT version FROM schema_migrations")) {
      while (rs.next()) {
        out.add(rs.getInt(1));
      }
    }
    connection.commit();
    return out;
  }

  /** Work on the connection inside one transaction. */
  @FunctionalInterface
  public interface Work<T> {
    /** Runs; throwing rolls the transaction back. */
    T run(Connection c) throws SQLException;
  }

  /**
   * Runs {@code work} in a transaction: committed when it returns, rolled back when it throws.
   *
   * @throws SQLException what the work or the commit threw
   */
  public synchronized <T> T inTransaction(Work<T> work) throws SQLException {
    try {
      T result = work.run(connection);
      connection.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    }
  }

  @Override
  public synchronized void close() throws SQLException {
    connection.close();
  }
}
