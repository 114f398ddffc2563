package dev.vigil.collect.db;

import dev.vigil.collect.source.MetricWriter;
import dev.vigil.ingest.MetricType;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects a MariaDB or MySQL server's statistics under mysqld_exporter's names: {@code SHOW GLOBAL
 * STATUS} (threads, questions, slow queries, InnoDB buffer pool, row lock waits, commands,
 * handlers, ...), {@code SHOW GLOBAL VARIABLES} and the version, replica status where the server is
 * a replica, table sizes from {@code information_schema.tables}, and the top statement digests of
 * {@code performance_schema} by total time when it is on.
 */
final class MysqlProbe extends JdbcSource {
  private static final Logger LOG = LoggerFactory.getLogger(MysqlProbe.class);
  private static final Pattern GROUPED =
      Pattern.compile(
          "^(com|handler|connection_errors|innodb_buffer_pool_pages|innodb_rows|performance_schema)_(.*)$");
  private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
  private static final Pattern INVALID = Pattern.compile("[^a-zA-Z0-9_]");
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
  private static final String SYSTEM_SCHEMAS =
      "('mysql', 'performance_schema', 'information_schema', 'sys')";
  private static final String[] REPLICA_QUERIES = {
    "SHOW ALL SLAVES STATUS", "SHOW REPLICA STATUS", "SHOW SLAVE STATUS"
  };

  /** One grouped family of {@code SHOW GLOBAL STATUS}: name, label, type, help. */
  private record Group(String name, String label, MetricType type, String help) {}

  private static final Map<String, Group> GROUPS =
      Map.of(
          "com",
          new Group("commands_total", "command", MetricType.COUNTER, "Executed commands by kind."),
          "handler",
          new Group("handlers_total", "handler", MetricType.COUNTER, "Executed handlers by kind."),
          "connection_errors",
          new Group(
              "connection_errors_total", "error", MetricType.COUNTER, "Connection errors by kind."),
          "innodb_rows",
          new Group(
              "innodb_row_ops_total", "operation", MetricType.COUNTER, "InnoDB row operations."),
          "performance_schema",
          new Group(
              "performance_schema_lost_total",
              "instrumentation",
              MetricType.COUNTER,
              "Instruments performance_schema could not create for lack of memory."));

  private final MysqlConfig config;

  MysqlProbe(MysqlConfig config) {
    super(config, config.address(), "mysql_up");
    this.config = config;
  }

  @Override
  Connection connect() throws SQLException {
    Properties p = credentials();
    long millis = config.timeout().millis();
    p.setProperty("connectTimeout", Long.toString(millis));
    p.setProperty("socketTimeout", Long.toString(millis + 1000));
    p.setProperty("connectionAttributes", "program_name:vigil");
    Connection c = DriverManager.getConnection(MysqlConfig.jdbcUrl(config.dsn()), p);
    c.setReadOnly(true);
    return c;
  }

  @Override
  void statistics(Connection c, MetricWriter out) throws SQLException {
    globalStatus(c, out);
    Map<String, String> vars = globalVariables(c, out);
    optional(() -> replicas(c, out));
    if (config.tables() > 0) {
      tables(c, out);
    }
    if (config.topStatements() > 0 && parse(vars.get("performance_schema")) == 1) {
      optional(() -> statements(c, out));
    }
  }

  private interface Part {
    void run() throws SQLException;
  }

  /**
   * Runs a part that needs a privilege the monitoring user may lack ({@code REPLICATION CLIENT},
   * {@code SELECT} on {@code performance_schema}): without it the part's series are absent, the
   * rest is still collected.
   */
  private static void optional(Part part) {
    try {
      part.run();
    } catch (SQLException e) {
      LOG.debug("optional part skipped: {}", e.getMessage());
    }
  }

  /** A status or variable value as mysqld_exporter reads it, or NaN when it is not a number. */
  static double parse(String v) {
    if (v == null) {
      return Double.NaN;
    }
    switch (v.toLowerCase(Locale.ROOT)) {
      case "yes", "on", "primary" -> {
        return 1;
      }
      case "no", "off", "disabled", "connecting", "non-primary", "disconnected" -> {
        return 0;
      }
      default -> {}
    }
    if (NUMBER.matcher(v).matches()) {
      return Double.parseDouble(v);
    }
    try {
      return LocalDateTime.parse(v, DATE_TIME).toEpochSecond(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return Double.NaN;
    }
  }

  /** A variable name as a metric name part: lower case, other characters as {@code _}. */
  static String metricPart(String name) {
    return INVALID.matcher(name).replaceAll("_").toLowerCase(Locale.ROOT);
  }

  private void globalStatus(Connection c, MetricWriter out) throws SQLException {
    Map<String, List<String[]>> grouped = new LinkedHashMap<>();
    List<String> names = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    query(
        c,
        "SHOW GLOBAL STATUS",
        rs -> {
          double v = parse(rs.getString(2));
          if (Double.isNaN(v)) {
            return;
          }
          String key = metricPart(rs.getString(1));
          Matcher m = GROUPED.matcher(key);
          if (!m.matches()) {
            names.add(key);
            values.add(v);
            return;
          }
          grouped
              .computeIfAbsent(m.group(1), k -> new ArrayList<>())
              .add(new String[] {m.group(2), Double.toString(v)});
        });
    for (int i = 0; i < names.size(); i++) {
      out.single(
          "mysql_global_status_" + names.get(i),
          MetricType.UNKNOWN,
          "Generic metric from SHOW GLOBAL STATUS.",
          values.get(i));
    }
    for (Map.Entry<String, List<String[]>> e : grouped.entrySet()) {
      if (e.getKey().equals("innodb_buffer_pool_pages")) {
        bufferPool(e.getValue(), out);
        continue;
      }
      Group g = GROUPS.get(e.getKey());
      String name = "mysql_global_status_" + g.name();
      out.family(name, g.type(), g.help());
      for (String[] kv : e.getValue()) {
        out.sample(name, Double.parseDouble(kv[1]), g.label(), kv[0]);
      }
    }
  }

  private static void bufferPool(List<String[]> rows, MetricWriter out) {
    out.family(
        "mysql_global_status_buffer_pool_pages",
        MetricType.GAUGE,
        "InnoDB buffer pool pages by state.");
    out.family(
        "mysql_global_status_buffer_pool_page_changes_total",
        MetricType.COUNTER,
        "InnoDB buffer pool page state changes.");
    for (String[] kv : rows) {
      double v = Double.parseDouble(kv[1]);
      switch (kv[0]) {
        case "data", "free", "misc", "old" ->
            out.sample("mysql_global_status_buffer_pool_pages", v, "state", kv[0]);
        case "dirty" ->
            out.single(
                "mysql_global_status_buffer_pool_dirty_pages",
                MetricType.GAUGE,
                "InnoDB buffer pool dirty pages.",
                v);
        case "total" -> {}
        default ->
            out.sample("mysql_global_status_buffer_pool_page_changes_total", v, "operation", kv[0]);
      }
    }
  }

  /** Writes the numeric variables and the version; returns every variable by lower-case name. */
  private Map<String, String> globalVariables(Connection c, MetricWriter out) throws SQLException {
    Map<String, String> vars = new LinkedHashMap<>();
    query(c, "SHOW GLOBAL VARIABLES", rs -> vars.put(metricPart(rs.getString(1)), rs.getString(2)));
    for (Map.Entry<String, String> e : vars.entrySet()) {
      double v = parse(e.getValue());
      if (!Double.isNaN(v)) {
        out.single(
            "mysql_global_variables_" + e.getKey(),
            MetricType.GAUGE,
            "Generic gauge metric from SHOW GLOBAL VARIABLES.",
            v);
      }
    }
    out.family("mysql_version_info", MetricType.GAUGE, "MySQL version and distribution.");
    out.sample(
        "mysql_version_info",
        1,
        "innodb_version",
        vars.getOrDefault("innodb_version", ""),
        "version",
        vars.getOrDefault("version", ""),
        "version_comment",
        vars.getOrDefault("version_comment", ""));
    return vars;
  }

  /** {@code SHOW ... SLAVE STATUS}: one row per replication source, none on a primary. */
  private void replicas(Connection c, MetricWriter out) throws SQLException {
    SQLException last = new SQLException("no replica status statement");
    for (String sql : REPLICA_QUERIES) {
      try (Statement s = c.createStatement()) {
        s.setQueryTimeout(seconds());
        try (ResultSet rs = s.executeQuery(sql)) {
          replicaRows(rs, out);
          return;
        }
      } catch (SQLException e) {
        last = e; // the other dialect's syntax
      }
    }
    throw last;
  }

  private static void replicaRows(ResultSet rs, MetricWriter out) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    while (rs.next()) {
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        row.put(md.getColumnLabel(i), rs.getString(i));
      }
      String[] labels = {
        "master_host", first(row, "Master_Host", "Source_Host"),
        "master_uuid", first(row, "Master_UUID", "Source_UUID"),
        "channel_name", first(row, "Channel_Name"),
        "connection_name", first(row, "Connection_name")
      };
      for (Map.Entry<String, String> e : row.entrySet()) {
        double v = parse(e.getValue());
        if (!Double.isNaN(v)) {
          String name = "mysql_slave_status_" + metricPart(e.getKey());
          out.family(name, MetricType.UNKNOWN, "Generic metric from SHOW SLAVE STATUS.");
          out.sample(name, v, labels);
        }
      }
    }
  }

  private static String first(Map<String, String> row, String... columns) {
    for (String col : columns) {
      String v = row.get(col);
      if (v != null && !v.isEmpty()) {
        return v;
      }
    }
    return "";
  }

  /** The largest tables, and every schema's total, from {@code information_schema.tables}. */
  private void tables(Connection c, MetricWriter out) throws SQLException {
    out.family(
        "mysql_info_schema_table_rows",
        MetricType.GAUGE,
        "The estimated number of rows in the table from information_schema.tables.");
    out.family(
        "mysql_info_schema_table_size",
        MetricType.GAUGE,
        "The size of the table components from information_schema.tables.");
    query(
        c,
        "SELECT table_schema, table_name, COALESCE(table_rows, 0), COALESCE(data_length, 0),"
            + " COALESCE(index_length, 0), COALESCE(data_free, 0) FROM information_schema.tables"
            + " WHERE table_schema NOT IN "
            + SYSTEM_SCHEMAS
            + " AND table_type = 'BASE TABLE'"
            + " ORDER BY COALESCE(data_length, 0) + COALESCE(index_length, 0) DESC LIMIT "
            + config.tables(),
        rs -> {
          String schema = rs.getString(1);
          String table = rs.getString(2);
          out.sample(
              "mysql_info_schema_table_rows", rs.getDouble(3), "schema", schema, "table", table);
          String[] components = {"data_length", "index_length", "data_free"};
          for (int i = 0; i < components.length; i++) {
            out.sample(
                "mysql_info_schema_table_size",
                rs.getDouble(4 + i),
                "schema",
                schema,
                "table",
                table,
                "component",
                components[i]);
          }
        });
    out.family(
        "mysql_info_schema_schema_size_bytes",
        MetricType.GAUGE,
        "Data and index length of all tables of the schema.");
    query(
        c,
        "SELECT s.schema_name, COALESCE(SUM(t.data_length + t.index_length), 0)"
            + " FROM information_schema.schemata s LEFT JOIN information_schema.tables t"
            + " ON t.table_schema = s.schema_name WHERE s.schema_name NOT IN "
            + SYSTEM_SCHEMAS
            + " GROUP BY s.schema_name",
        rs ->
            out.sample(
                "mysql_info_schema_schema_size_bytes", rs.getDouble(2), "schema", rs.getString(1)));
  }

  /** The top statement digests of {@code performance_schema} by total time. */
  private void statements(Connection c, MetricWriter out) throws SQLException {
    String[] names = {
      "mysql_perf_schema_events_statements_total",
      "mysql_perf_schema_events_statements_seconds_total",
      "mysql_perf_schema_events_statements_errors_total",
      "mysql_perf_schema_events_statements_warnings_total",
      "mysql_perf_schema_events_statements_rows_affected_total",
      "mysql_perf_schema_events_statements_rows_sent_total",
      "mysql_perf_schema_events_statements_rows_examined_total",
      "mysql_perf_schema_events_statements_no_index_used_total",
      "mysql_perf_schema_events_statements_max_seconds"
    };
    String[] help = {
      "The total count of events statements by digest.",
      "The total time of events statements by digest.",
      "The errors of events statements by digest.",
      "The warnings of events statements by digest.",
      "The total rows affected by events statements by digest.",
      "The total rows returned by events statements by digest.",
      "The total rows examined by events statements by digest.",
      "The total count of statements that used no index, by digest.",
      "The longest execution of the digest's statements."
    };
    List<String[]> labels = new ArrayList<>();
    List<double[]> values = new ArrayList<>();
    query(
        c,
        "SELECT COALESCE(schema_name, ''), digest, digest_text, count_star,"
            + " sum_timer_wait / 1e12, sum_errors, sum_warnings, sum_rows_affected, sum_rows_sent,"
            + " sum_rows_examined, sum_no_index_used, max_timer_wait / 1e12"
            + " FROM performance_schema.events_statements_summary_by_digest"
            + " WHERE digest IS NOT NULL AND COALESCE(schema_name, '') NOT IN "
            + SYSTEM_SCHEMAS
            + " ORDER BY sum_timer_wait DESC LIMIT "
            + config.topStatements(),
        rs -> {
          labels.add(
              new String[] {
                "schema", rs.getString(1),
                "digest", rs.getString(2),
                "digest_text", shorten(rs.getString(3))
              });
          double[] v = new double[names.length];
          for (int i = 0; i < v.length; i++) {
            v[i] = rs.getDouble(4 + i);
          }
          values.add(v);
        });
    for (int k = 0; k < names.length; k++) {
      out.family(
          names[k], names[k].endsWith("_total") ? MetricType.COUNTER : MetricType.GAUGE, help[k]);
      for (int i = 0; i < labels.size(); i++) {
        out.sample(names[k], values.get(i)[k], labels.get(i));
      }
    }
  }
}
