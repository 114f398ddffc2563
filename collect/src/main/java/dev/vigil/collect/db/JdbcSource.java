package dev.vigil.collect.db;

import dev.vigil.collect.source.MetricWriter;
import dev.vigil.collect.source.Source;
import dev.vigil.ingest.MetricType;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A database watched over JDBC: each collection opens one connection, runs the kind's own
 * statistics queries and then the custom SQL, every statement bounded by the timeout, and closes
 * the connection. {@code <prefix>_up} is 1 when all of it succeeded; otherwise 0, with the driver's
 * reason as the target's last error (logged once when it changes, never with the password).
 */
abstract class JdbcSource implements Source {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcSource.class);

  private final DatabaseConfig config;
  private final String address;
  private final String up;
  private String lastFailure;

  /**
   * @param up the name of the up series ({@code pg_up}, {@code mysql_up})
   */
  JdbcSource(DatabaseConfig config, String address, String up) {
    this.config = config;
    this.address = address;
    this.up = up;
  }

  /** The timeout in whole seconds (at least 1), as JDBC statement timeouts take it. */
  final int seconds() {
    return (int) Math.max(1, config.timeout().millis() / 1000);
  }

  /** Connection properties holding the user and password. */
  final Properties credentials() {
    Properties p = new Properties();
    p.setProperty("user", config.user());
    p.setProperty("password", config.password());
    return p;
  }

  /** Opens a read-only connection bounded by the timeout. */
  abstract Connection connect() throws SQLException;

  /** Writes the kind's own statistics. */
  abstract void statistics(Connection c, MetricWriter out) throws SQLException;

  @Override
  public final String collect(MetricWriter out) {
    String failure = null;
    try (Connection c = connect()) {
      statistics(c, out);
      for (SqlMetric m : config.queries()) {
        custom(c, out, m);
      }
    } catch (SQLException e) {
      failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
    out.single(
        up,
        MetricType.GAUGE,
        "Whether the last query of the database succeeded.",
        failure == null ? 1 : 0);
    if (failure != null && !failure.equals(lastFailure)) {
      LOG.warn("database {} ({}): {}", config.name(), address, failure);
    }
    lastFailure = failure;
    return failure;
  }

  /** What a {@link #query} does with each row. */
  interface Row {
    void accept(ResultSet rs) throws SQLException;
  }

  /** Runs {@code sql} with the timeout and hands each row to {@code row}. */
  final void query(Connection c, String sql, Row row) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.setQueryTimeout(seconds());
      try (ResultSet rs = s.executeQuery(sql)) {
        while (rs.next()) {
          row.accept(rs);
        }
      }
    }
  }

  private void custom(Connection c, MetricWriter out, SqlMetric m) throws SQLException {
    for (String v : m.values()) {
      out.family(
          m.name() + "_" + v,
          m.type().equals("counter") ? MetricType.COUNTER : MetricType.GAUGE,
          m.help());
    }
    query(
        c,
        m.query(),
        rs -> {
          String[] pairs = new String[m.labels().size() * 2];
          for (int i = 0; i < m.labels().size(); i++) {
            pairs[2 * i] = m.labels().get(i);
            String s = rs.getString(m.labels().get(i));
            pairs[2 * i + 1] = s == null ? "" : s;
          }
          for (String v : m.values()) {
            out.sample(m.name() + "_" + v, rs.getDouble(v), pairs);
          }
        });
  }

  /** A statement's text on one line, at most 200 characters. */
  static String shorten(String q) {
    String one = q == null ? "" : q.strip().replaceAll("\\s+", " ");
    return one.length() > 200 ? one.substring(0, 197) + "..." : one;
  }
}
