package dev.vigil.collect.db;

import dev.vigil.collect.source.MetricWriter;
import dev.vigil.ingest.MetricType;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Collects a PostgreSQL server's statistics under postgres_exporter's names: connections by
 * database and state, transactions, tuples, block reads and hits (and their ratio), deadlocks,
 * temporary files, locks by mode, replication lag, database sizes, and the top statements of {@code
 * pg_stat_statements} by total execution time. One connection per collection, closed afterwards;
 * every statement is bounded by the timeout. An unreachable database gives {@code pg_up 0} and an
 * unhealthy target with the driver's reason (never the password).
 */
final class PostgresProbe extends JdbcSource {
  private static final String[] DB_COUNTERS = {
    "xact_commit", "xact_rollback", "blks_read", "blks_hit", "tup_returned", "tup_fetched",
    "tup_inserted", "tup_updated", "tup_deleted", "conflicts", "temp_files", "temp_bytes",
    "deadlocks"
  };

  private final PostgresConfig config;

  PostgresProbe(PostgresConfig config) {
    super(config, config.address(), "pg_up");
    this.config = config;
  }

  @Override
  Connection connect() throws SQLException {
    Properties p = credentials();
    int seconds = seconds();
    p.setProperty("connectTimeout", Integer.toString(seconds));
    p.setProperty("socketTimeout", Integer.toString(seconds + 1));
    p.setProperty("loginTimeout", Integer.toString(seconds));
    p.setProperty("ApplicationName", "vigil");
    p.setProperty("readOnly", "true");
    return DriverManager.getConnection(PostgresConfig.jdbcUrl(config.dsn()), p);
  }

  @Override
  void statistics(Connection c, MetricWriter out) throws SQLException {
    activity(c, out);
    databases(c, out);
    locks(c, out);
    replication(c, out);
    if (config.topStatements() > 0) {
      statements(c, out);
    }
  }

  private void activity(Connection c, MetricWriter out) throws SQLException {
    out.family(
        "pg_stat_activity_count", MetricType.GAUGE, "Number of connections by database and state.");
    query(
        c,
        "SELECT datname, COALESCE(state, 'unknown'), count(*) FROM pg_stat_activity"
            + " WHERE datname IS NOT NULL GROUP BY 1, 2",
        rs ->
            out.sample(
                "pg_stat_activity_count",
                rs.getLong(3),
                "datname",
                rs.getString(1),
                "state",
                rs.getString(2)));
  }

  private void databases(Connection c, MetricWriter out) throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    query(
        c,
        "SELECT datname, "
            + String.join(", ", DB_COUNTERS)
            + ", pg_database_size(datname) FROM pg_stat_database WHERE datname IS NOT NULL",
        rs -> {
          Object[] r = new Object[DB_COUNTERS.length + 2];
          r[0] = rs.getString(1);
          for (int i = 0; i <= DB_COUNTERS.length; i++) {
            r[i + 1] = rs.getDouble(i + 2);
          }
          rows.add(r);
        });
    for (int k = 0; k < DB_COUNTERS.length; k++) {
      String name = "pg_stat_database_" + DB_COUNTERS[k];
      out.family(name, MetricType.COUNTER, "pg_stat_database." + DB_COUNTERS[k] + ".");
      for (Object[] r : rows) {
        out.sample(name, (Double) r[k + 1], "datname", (String) r[0]);
      }
    }
    out.family(
        "pg_stat_database_blks_hit_ratio",
        MetricType.GAUGE,
        "Share of block reads served from the buffer cache since the statistics were reset.");
    for (Object[] r : rows) {
      double read = (Double) r[3];
      double hit = (Double) r[4];
      if (read + hit > 0) {
        out.sample("pg_stat_database_blks_hit_ratio", hit / (read + hit), "datname", (String) r[0]);
      }
    }
    out.family("pg_database_size_bytes", MetricType.GAUGE, "Disk space used by the database.");
    for (Object[] r : rows) {
      out.sample(
          "pg_database_size_bytes", (Double) r[DB_COUNTERS.length + 1], "datname", (String) r[0]);
    }
  }

  private void locks(Connection c, MetricWriter out) throws SQLException {
    out.family("pg_locks_count", MetricType.GAUGE, "Number of locks by database and mode.");
    query(
        c,
        "SELECT d.datname, l.mode, count(*) FROM pg_locks l JOIN pg_database d"
            + " ON d.oid = l.database GROUP BY 1, 2",
        rs ->
            out.sample(
                "pg_locks_count",
                rs.getLong(3),
                "datname",
                rs.getString(1),
                "mode",
                rs.getString(2)));
  }

  private void replication(Connection c, MetricWriter out) throws SQLException {
    query(
        c,
        "SELECT pg_is_in_recovery(), CASE WHEN pg_is_in_recovery() THEN COALESCE(EXTRACT(EPOCH FROM"
            + " now() - pg_last_xact_replay_timestamp()), 0) ELSE 0 END",
        rs -> {
          out.single(
              "pg_replication_is_replica",
              MetricType.GAUGE,
              "Whether the server is a standby.",
              rs.getBoolean(1) ? 1 : 0);
          out.single(
              "pg_replication_lag_seconds",
              MetricType.GAUGE,
              "On a standby, seconds since the last replayed transaction; 0 on a primary.",
              rs.getDouble(2));
        });
    out.family(
        "pg_stat_replication_replay_lag_seconds",
        MetricType.GAUGE,
        "On a primary, each standby's replay lag.");
    query(
        c,
        "SELECT application_name, COALESCE(EXTRACT(EPOCH FROM replay_lag), 0)"
            + " FROM pg_stat_replication",
        rs ->
            out.sample(
                "pg_stat_replication_replay_lag_seconds",
                rs.getDouble(2),
                "application_name",
                rs.getString(1)));
  }

  private void statements(Connection c, MetricWriter out) throws SQLException {
    boolean present;
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'")) {
      present = rs.next();
    }
    if (!present) {
      return;
    }
    String[] names = {
      "pg_stat_statements_calls_total", "pg_stat_statements_seconds_total",
      "pg_stat_statements_mean_seconds", "pg_stat_statements_max_seconds",
      "pg_stat_statements_rows_total"
    };
    MetricType[] types = {
      MetricType.COUNTER, MetricType.COUNTER, MetricType.GAUGE, MetricType.GAUGE, MetricType.COUNTER
    };
    String[] help = {
      "Times the statement was executed.", "Total execution time of the statement.",
      "Mean execution time of the statement.", "Longest execution of the statement.",
      "Rows retrieved or affected by the statement."
    };
    List<String[]> labels = new ArrayList<>();
    List<double[]> values = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT s.queryid::text, d.datname, r.rolname, s.query, s.calls,"
                + " s.total_exec_time / 1000, s.mean_exec_time / 1000, s.max_exec_time / 1000,"
                + " s.rows FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid"
                + " JOIN pg_roles r ON r.oid = s.userid ORDER BY s.total_exec_time DESC LIMIT ?")) {
      ps.setQueryTimeout(seconds());
      ps.setInt(1, config.topStatements());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          labels.add(
              new String[] {
                "datname",
                rs.getString(2),
                "user",
                rs.getString(3),
                "queryid",
                rs.getString(1),
                "query",
                shorten(rs.getString(4))
              });
          values.add(
              new double[] {
                rs.getDouble(5), rs.getDouble(6), rs.getDouble(7), rs.getDouble(8), rs.getDouble(9)
              });
        }
      }
    }
    for (int k = 0; k < names.length; k++) {
      out.family(names[k], types[k], help[k]);
      for (int i = 0; i < labels.size(); i++) {
        out.sample(names[k], values.get(i)[k], labels.get(i));
      }
    }
  }
}
