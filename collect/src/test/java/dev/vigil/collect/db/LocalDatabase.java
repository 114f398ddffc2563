package dev.vigil.collect.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.collect.scrape.LocalTarget;
import dev.vigil.collect.source.MetricWriter;
import dev.vigil.core.model.Labels;
import dev.vigil.core.storage.Appender;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the database ITs share: finding the server program (a failure on CI, where {@code .ci/run}
 * installs it; a skip elsewhere), a free loopback port, running setup commands, collecting once
 * from a target into a map, and removing the temporary folder.
 */
final class LocalDatabase {
  private LocalDatabase() {}

  /** Fails on CI and skips elsewhere when {@code program} is missing. */
  static void require(Path program, String debianPackage) {
    if (Files.isExecutable(program)) {
      return;
    }
    String msg = program + " not found: install the Debian package " + debianPackage;
    if ("true".equals(System.getenv("CI"))) {
      throw new IllegalStateException(msg + " (.ci/run should have)");
    }
    assumeTrue(false, msg);
  }

  static boolean root() {
    return "root".equals(System.getProperty("user.name"));
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static void run(List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out;
    try (InputStream in = p.getInputStream()) {
      out = in.readAllBytes();
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(cmd + ": " + new String(out, StandardCharsets.UTF_8)).isZero();
  }

  /** Opens a connection to the server being started. */
  interface Connect {
    Connection open() throws SQLException;
  }

  /**
   * Waits up to 30 s until {@code connect} succeeds, then creates the database {@code shop}; fails
   * with the server's log when it exits or does not come up.
   */
  static void createShopWhenUp(Process server, Path log, Connect connect) throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (true) {
      try (Connection c = connect.open();
          Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE shop");
        return;
      } catch (SQLException e) {
        if (System.nanoTime() > deadline || !server.isAlive()) {
          throw new IllegalStateException(
              "the database did not start: " + Files.readString(log), e);
        }
        Thread.sleep(200);
      }
    }
  }

  static void stop(Process server, Path dir) throws Exception {
    if (server != null) {
      server.destroy();
      if (!server.waitFor(10, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
    if (dir != null) {
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder())
            .forEach(
                p -> {
                  try {
                    Files.deleteIfExists(p);
                  } catch (java.io.IOException e) {
                    throw new UncheckedIOException(e);
                  }
                });
      }
    }
  }

  /** One collection of {@code target}: every series as text, plus {@code failure} 0 or 1. */
  static Map<String, Double> collect(LocalTarget target) throws Exception {
    Map<String, Double> values = new LinkedHashMap<>();
    Appender app = appender(values);
    String failure = target.source().get().collect(new MetricWriter(app, (f, t, h, u) -> {}, 0));
    values.put("failure", failure == null ? 0.0 : 1.0);
    return values;
  }

  /** An appender that records each series' last value under its text form. */
  static Appender appender(Map<String, Double> values) {
    return new Appender() {
      @Override
      public long append(long ref, Labels labels, long t, double v) {
        values.put(labels.toString(), v);
        return 1;
      }

      @Override
      public void commit() {}

      @Override
      public void rollback() {}
    };
  }

  static String f(String template, Object... args) {
    return String.format(java.util.Locale.ROOT, template, args);
  }

  /**
   * Asserts that every series name with {@code prefix} that the shipped dashboard {@code id}
   * queries is among those a collection gave, so a dashboard panel cannot name a series the
   * collector never writes. The dashboards live in the server module, beside this one.
   */
  static void assertDashboardSeriesCollected(
      String id, String prefix, Map<String, Double> collected) throws java.io.IOException {
    Path file =
        Path.of("..", "server", "src", "main", "resources", "dev", "vigil", "server", "dashboards")
            .resolve("shipped")
            .resolve(id + ".json");
    String text = Files.readString(file, StandardCharsets.UTF_8);
    java.util.Set<String> used = new java.util.TreeSet<>();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\\b(" + prefix + "[a-z0-9_]+)\\b").matcher(text);
    while (m.find()) {
      used.add(m.group(1));
    }
    java.util.Set<String> names = new java.util.TreeSet<>();
    for (String key : collected.keySet()) {
      int brace = key.indexOf('{');
      names.add(brace < 0 ? key : key.substring(0, brace));
    }
    assertThat(used).as("series the %s dashboard queries", id).isNotEmpty();
    assertThat(names).as("series collected, for the %s dashboard", id).containsAll(used);
  }
}
