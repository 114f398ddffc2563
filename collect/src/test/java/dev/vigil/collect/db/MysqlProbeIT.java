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
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The MariaDB/MySQL probe against a real MariaDB (Debian's {@code mariadb-server}) that the test
 * installs in a temporary folder and starts on a free loopback port with {@code performance_schema}
 * on, as the {@code mysql} user when the test runs as root. A generated workload runs a statement a
 * random number of times and holds idle connections; the probe must report the same digest call
 * count and connection count as the server itself.
 */
class MysqlProbeIT {
  private static final Path MARIADBD = Path.of("/usr/sbin/mariadbd");
  private static final Path INSTALL_DB = Path.of("/usr/bin/mariadb-install-db");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static Path dir;
  private static Process server;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    LocalDatabase.require(MARIADBD, "mariadb-server");
    LocalDatabase.require(INSTALL_DB, "mariadb-server");
    port = LocalDatabase.freePort();
    dir = Files.createTempDirectory("vigil-mariadb");
    boolean root = LocalDatabase.root();
    List<String> user = new ArrayList<>();
    if (root) {
      LocalDatabase.run(List.of("chown", "mysql", dir.toString()));
      user.add("--user=mysql");
    }
    Path data = dir.resolve("data");
    List<String> install =
        new ArrayList<>(
            List.of(
                INSTALL_DB.toString(),
                "--no-defaults",
                "--datadir=" + data,
                "--auth-root-authentication-method=normal",
                "--skip-test-db",
                "--skip-name-resolve"));
    install.addAll(user);
    LocalDatabase.run(install);
    List<String> cmd =
        new ArrayList<>(
            List.of(
                MARIADBD.toString(),
                "--no-defaults",
                "--datadir=" + data,
                "--socket=" + dir.resolve("sock"),
                "--pid-file=" + dir.resolve("pid"),
                "--port=" + port,
                "--bind-address=127.0.0.1",
                "--skip-name-resolve",
                "--performance-schema=ON",
                "--innodb-buffer-pool-size=16M",
                "--log-error=" + dir.resolve("error.log")));
    cmd.addAll(user);
    server =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("out.log").toFile())
            .start();
    LocalDatabase.createShopWhenUp(server, dir.resolve("error.log"), () -> connect(""));
  }

  @AfterAll
  static void stop() throws Exception {
    LocalDatabase.stop(server, dir);
  }

  private static Connection connect(String db) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "root");
    return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/" + db, p);
  }

  private static Map<String, Double> collect(String yaml) throws Exception {
    return LocalDatabase.collect(YAML.readValue(yaml, MysqlConfig.class).localTarget());
  }

  private static long status(Statement s, String name) throws SQLException {
    try (ResultSet rs = s.executeQuery("SHOW GLOBAL STATUS LIKE '" + name + "'")) {
      assertThat(rs.next()).as(name).isTrue();
      return rs.getLong(2);
    }
  }

  @Test
  void digestCallsAndConnectionsMatchWhatTheServerReports() throws Exception {
    long seed = System.nanoTime();
    System.out.println("MysqlProbeIT seed " + seed);
    Random rnd = new Random(seed);
    int calls = 20 + rnd.nextInt(40);
    int idle = 2 + rnd.nextInt(3);
    List<Connection> held = new ArrayList<>();
    try (Connection w = connect("shop");
        Statement s = w.createStatement()) {
      s.execute("CREATE TABLE orders (id INT PRIMARY KEY, amount DECIMAL(12, 2)) ENGINE=InnoDB");
      s.execute(
          "INSERT INTO orders SELECT seq, seq * 1.5 FROM seq_1_to_1000"); // MariaDB's SEQUENCE
      // engine
      s.execute("TRUNCATE performance_schema.events_statements_summary_by_digest");
      try (PreparedStatement ps =
          w.prepareStatement("SELECT sum(amount) FROM orders WHERE id < ?")) {
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
      long questionsBefore = status(s, "Questions");
      Map<String, Double> got =
          collect(
              LocalDatabase.f(
                  """
                  name: shop-db
                  dsn: 127.0.0.1:%d/shop
                  user: root
                  password: ''
                  top_statements: 100
                  queries:
                    - name: shop_orders
                      query: SELECT count(*) AS n, sum(amount) AS amount FROM orders
                      values: [n, amount]
                  """,
                  port));
      long questionsAfter = status(s, "Questions");
      assertThat(got.get("failure")).isEqualTo(0.0);
      assertThat(got.get("mysql_up")).isEqualTo(1.0);
      LocalDatabase.assertDashboardSeriesCollected("mysql", "mysql_", got);

      // the held connections, the workload's and the probe's own
      assertThat(got.get("mysql_global_status_threads_connected"))
          .as("mysql_global_status_threads_connected")
          .isEqualTo(idle + 2.0);
      // and once the server has torn the probe's connection down, one fewer
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (status(s, "Threads_connected") != idle + 1 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(status(s, "Threads_connected")).isEqualTo(idle + 1);
      assertThat(got.get("mysql_global_status_questions"))
          .isGreaterThan(questionsBefore)
          .isLessThan(questionsAfter);
      assertThat(got.get("mysql_global_status_commands_total{command=\"select\"}"))
          .isGreaterThanOrEqualTo(calls);
      assertThat(got.get("mysql_global_status_slow_queries"))
          .as("mysql_global_status_slow_queries")
          .isNotNull();
      assertThat(got.get("mysql_global_status_innodb_row_lock_waits"))
          .as("mysql_global_status_innodb_row_lock_waits")
          .isNotNull();
      assertThat(got.get("mysql_global_status_buffer_pool_pages{state=\"data\"}")).isPositive();
      assertThat(got.get("mysql_global_variables_innodb_buffer_pool_size"))
          .as("mysql_global_variables_innodb_buffer_pool_size")
          .isEqualTo(16.0 * 1024 * 1024);
      assertThat(got.get("mysql_global_variables_performance_schema"))
          .as("mysql_global_variables_performance_schema")
          .isEqualTo(1.0);
      assertThat(got.keySet().stream().filter(k -> k.startsWith("mysql_version_info{")).toList())
          .singleElement()
          .asString()
          .contains("MariaDB");

      // the digest: what performance_schema says, read after the probe
      String digest = null;
      for (Map.Entry<String, Double> e : got.entrySet()) {
        if (e.getKey().startsWith("mysql_perf_schema_events_statements_total{")
            && e.getKey().contains("FROM `orders` WHERE ID <")) {
          digest = e.getKey();
          assertThat(e.getValue()).isEqualTo(calls);
        }
      }
      assertThat(digest)
          .as(got.keySet().stream().filter(k -> k.startsWith("mysql_perf")).toList().toString())
          .isNotNull();
      try (ResultSet rs =
          s.executeQuery(
              "SELECT count_star, sum_timer_wait / 1e12 FROM"
                  + " performance_schema.events_statements_summary_by_digest"
                  + " WHERE digest_text LIKE '%FROM `orders` WHERE ID <%'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isEqualTo(calls);
        String labels = digest.substring(digest.indexOf('{'));
        assertThat(got.get("mysql_perf_schema_events_statements_seconds_total" + labels))
            .isPositive()
            .isCloseTo(rs.getDouble(2), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(got.get("mysql_perf_schema_events_statements_rows_sent_total" + labels))
            .isEqualTo(calls);
      }

      assertThat(got.get("shop_orders_n")).as("shop_orders_n").isEqualTo(1000.0);
      assertThat(got.get("shop_orders_amount"))
          .as("shop_orders_amount")
          .isEqualTo(1.5 * 1000 * 1001 / 2);
      assertThat(
              got.get(
                  "mysql_info_schema_table_size{component=\"data_length\", schema=\"shop\", table=\"orders\"}"))
          .isPositive();
      assertThat(got.get("mysql_info_schema_table_rows{schema=\"shop\", table=\"orders\"}"))
          .as("mysql_info_schema_table_rows{schema=\"shop\", table=\"orders\"}")
          .isNotNull();
      assertThat(got.get("mysql_info_schema_schema_size_bytes{schema=\"shop\"}")).isPositive();
      // a primary has no replica status
      assertThat(got.keySet().stream().filter(k -> k.startsWith("mysql_slave_status_")).toList())
          .isEmpty();
    } finally {
      for (Connection c : held) {
        c.close();
      }
    }
  }

  @Test
  void anUnreachableServerIsDownWithTheReasonAndNoPassword() throws Exception {
    int closed = LocalDatabase.freePort();
    MysqlConfig c =
        YAML.readValue(
            LocalDatabase.f(
                "{name: gone, dsn: 'jdbc:mysql://127.0.0.1:%d/', user: u, password: hunter2,"
                    + " timeout: 2s}",
                closed),
            MysqlConfig.class);
    Map<String, Double> series = new LinkedHashMap<>();
    long start = System.nanoTime();
    String failure =
        c.localTarget()
            .source()
            .get()
            .collect(new MetricWriter(LocalDatabase.appender(series), (f, t, h, u) -> {}, 0));
    assertThat((System.nanoTime() - start) / 1e9).isLessThan(5);
    assertThat(failure).isNotNull().doesNotContain("hunter2");
    assertThat(series).containsExactly(Map.entry("mysql_up", 0.0));
    assertThat(c.toString()).doesNotContain("hunter2");
    assertThat(c.localTarget().labels().get("instance")).isEqualTo("127.0.0.1:" + closed);
  }
}
