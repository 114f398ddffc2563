package dev.vigil.collect.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vigil.collect.source.MetricWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL probe against a real PostgreSQL 15 (Debian's {@code postgresql}) that the test
 * starts in a temporary folder on a free loopback port with {@code pg_stat_statements} loaded, as
 * the {@code postgres} user when the test runs as root. A generated workload runs a statement a
 * random number of times and holds idle connections; the probe must report the same call counts and
 * connection counts as the database itself.
 */
class PostgresProbeIT {
  private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static Path dir;
  private static Process server;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    LocalDatabase.require(BIN.resolve("initdb"), "postgresql");
    port = LocalDatabase.freePort();
    dir = Files.createTempDirectory("vigil-pg");
    boolean root = LocalDatabase.root();
    if (root) {
      run(List.of("chown", "postgres", dir.toString()));
    }
    Path data = dir.resolve("data");
    run(
        as(
            root,
            BIN.resolve("initdb").toString(),
            "-D",
            data.toString(),
            "-U",
            "vigil",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-sync"));
    List<String> cmd =
        as(
            root,
            BIN.resolve("postgres").toString(),
            "-D",
            data.toString(),
            "-p",
            Integer.toString(port),
            "-k",
            dir.toString(),
            "-c",
            "listen_addresses=127.0.0.1",
            "-c",
            "shared_preload_libraries=pg_stat_statements",
            "-c",
            "fsync=off");
    server =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("postgres.log").toFile())
            .start();
    LocalDatabase.createShopWhenUp(server, dir.resolve("postgres.log"), () -> connect("postgres"));
  }

  private static List<String> as(boolean root, String... args) {
    List<String> cmd = new ArrayList<>();
    if (root) {
      cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    cmd.addAll(List.of(args));
    return cmd;
  }

  private static void run(List<String> cmd) throws Exception {
    LocalDatabase.run(cmd);
  }

  @AfterAll
  static void stop() throws Exception {
    LocalDatabase.stop(server, dir);
  }

  private static Connection connect(String db) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "vigil");
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + db, p);
  }

  private static Map<String, Double> collect(String yaml) throws Exception {
    return LocalDatabase.collect(YAML.readValue(yaml, PostgresConfig.class).localTarget());
  }

  @Test
  void statementCallsAndConnectionsMatchWhatTheDatabaseReports() throws Exception {
    long seed = System.nanoTime();
    System.out.println("PostgresProbeIT seed " + seed);
    java.util.Random rnd = new java.util.Random(seed);
    int calls = 20 + rnd.nextInt(40);
    int idle = 2 + rnd.nextInt(3);
    List<Connection> held = new ArrayList<>();
    try (Connection w = connect("shop")) {
      try (Statement s = w.createStatement()) {
        s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        s.execute("CREATE TABLE orders (id int primary key, amount numeric)");
        s.execute("INSERT INTO orders SELECT g, g * 1.5 FROM generate_series(1, 1000) g");
        s.execute("SELECT pg_stat_statements_reset()");
      }
      try (PreparedStatement ps =
          w.prepareStatement("SELECT sum(amount) FROM orders WHERE id < $1".replace("$1", "?"))) {
        for (int i = 0; i < calls; i++) {
          ps.setInt(1, rnd.nextInt(1000));
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
          }
        }
      }
      for (int i = 0; i < idle; i++) {
        held.add(connect("shop"));
      }
      Map<String, Double> got =
          collect(
              f(
                  """
              name: shop-db
              dsn: 127.0.0.1:%d/shop
              user: vigil
              password: not-needed-with-trust
              queries:
                - name: shop_orders
                  query: SELECT count(*) AS rows, sum(amount) AS amount FROM orders
                  values: [rows, amount]
              """,
                  port));
      assertThat(got).containsEntry("failure", 0.0).containsEntry("pg_up", 1.0);
      LocalDatabase.assertDashboardSeriesCollected("postgresql", "pg_", got);

      // what the database says, on a connection opened after the probe closed its own
      String statement = null;
      double probeCalls = -1;
      for (Map.Entry<String, Double> e : got.entrySet()) {
        if (e.getKey().startsWith("pg_stat_statements_calls_total")
            && e.getKey().contains("FROM orders WHERE id <")) {
          statement = e.getKey();
          probeCalls = e.getValue();
        }
      }
      assertThat(statement).as(got.keySet().toString()).isNotNull();
      assertThat(probeCalls).isEqualTo(calls);
      try (Connection direct = connect("shop");
          Statement s = direct.createStatement()) {
        try (ResultSet rs =
            s.executeQuery(
                "SELECT calls FROM pg_stat_statements WHERE query LIKE '%FROM orders WHERE id <%'")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getLong(1)).isEqualTo(calls);
        }
        try (ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = 'shop' AND state = 'idle'")) {
          rs.next();
          // the workload connection and the held ones; the probe's own connection is gone
          assertThat(rs.getLong(1)).isEqualTo(idle + 1);
          assertThat(got)
              .containsEntry(
                  "pg_stat_activity_count{datname=\"shop\", state=\"idle\"}", (double) idle + 1);
        }
        try (ResultSet rs =
            s.executeQuery(
                "SELECT xact_commit, deadlocks FROM pg_stat_database WHERE datname = 'shop'")) {
          rs.next();
          // backends flush their statistics lazily: the probe read earlier, so never more
          assertThat(got.get("pg_stat_database_xact_commit{datname=\"shop\"}"))
              .isPositive()
              .isLessThanOrEqualTo(rs.getDouble(1));
        }
      }
      assertThat(
              got.get(
                  "pg_stat_statements_mean_seconds{"
                      + statement.substring(statement.indexOf('{') + 1)))
          .isPositive();
      assertThat(got).containsEntry("shop_orders_rows", 1000.0);
      assertThat(got).containsEntry("shop_orders_amount", 1.5 * 1000 * 1001 / 2);
      assertThat(got.get("pg_stat_database_blks_hit_ratio{datname=\"shop\"}")).isBetween(0.0, 1.0);
      assertThat(got.get("pg_database_size_bytes{datname=\"shop\"}")).isGreaterThan(1e6);
      assertThat(got).containsKey("pg_replication_lag_seconds");
      assertThat(got.keySet()).anyMatch(k -> k.startsWith("pg_locks_count{"));
    } finally {
      for (Connection c : held) {
        c.close();
      }
    }
  }

  @Test
  void anUnreachableDatabaseIsDownWithTheReasonAndNoPassword() throws Exception {
    int closed = LocalDatabase.freePort();
    PostgresConfig c =
        YAML.readValue(
            f(
                "{name: gone, dsn: '127.0.0.1:%d/x', user: u, password: hunter2, timeout: 2s}",
                closed),
            PostgresConfig.class);
    Map<String, Double> series = new LinkedHashMap<>();
    long start = System.nanoTime();
    String failure =
        c.localTarget()
            .source()
            .get()
            .collect(new MetricWriter(LocalDatabase.appender(series), (f, t, h, u) -> {}, 0));
    assertThat((System.nanoTime() - start) / 1e9).isLessThan(5);
    assertThat(failure).isNotNull().doesNotContain("hunter2");
    assertThat(series).containsExactly(Map.entry("pg_up", 0.0));
    assertThat(c.toString()).doesNotContain("hunter2");
  }

  private static String f(String template, Object... args) {
    return LocalDatabase.f(template, args);
  }
}
