package dev.vigil.collect.db;

import dev.vigil.collect.config.PromDuration;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What every database entry of {@code collectors:} has in common ({@code collectors.postgres},
 * {@code collectors.mysql}): where the server is, whom to connect as, how often and how long, and
 * the custom SQL. The static helpers check and default these fields the same way for every kind.
 */
public interface DatabaseConfig {
  /** The {@code job} label, unique among the databases of one kind. */
  String name();

  /** Where the server is, without credentials. */
  String dsn();

  /** The user to connect as. */
  String user();

  /** Its password; never logged, shown as {@code <secret>}. */
  String password();

  /** How often. */
  PromDuration interval();

  /** Connect and query timeout, at most the interval. */
  PromDuration timeout();

  /** Custom SQL turned into metrics. */
  List<SqlMetric> queries();

  /** Checks {@code name} and {@code dsn}: present, and no credentials in the DSN. */
  static void checkNameAndDsn(String name, String dsn) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name is required");
    }
    if (dsn == null || dsn.isBlank()) {
      throw new IllegalArgumentException("dsn of database \"" + name + "\" is required");
    }
    if (dsn.contains("@") || dsn.toLowerCase(Locale.ROOT).contains("password=")) {
      throw new IllegalArgumentException(
          "dsn of database \"" + name + "\" must not hold credentials: use user and password");
    }
  }

  /** {@code interval}, or 30 s when absent. */
  static PromDuration intervalOrDefault(PromDuration interval) {
    return interval == null ? PromDuration.ofMillis(30_000) : interval;
  }

  /** {@code timeout}, or 10 s (at most the interval) when absent; checked against the interval. */
  static PromDuration timeoutOrDefault(String name, PromDuration timeout, PromDuration interval) {
    PromDuration t =
        timeout == null ? PromDuration.ofMillis(Math.min(10_000, interval.millis())) : timeout;
    if (t.millis() <= 0 || t.millis() > interval.millis()) {
      throw new IllegalArgumentException(
          "timeout of database \""
              + name
              + "\" must be greater than zero and at most its interval");
    }
    return t;
  }

  /** {@code n}, or {@code dflt} when absent; never negative. */
  static int countOrDefault(String key, Integer n, int dflt) {
    int v = n == null ? dflt : n;
    if (v < 0) {
      throw new IllegalArgumentException(key + " must not be negative");
    }
    return v;
  }

  /**
   * {@code dsn} as a JDBC URL of {@code scheme} ({@code postgresql}, {@code mariadb}): a {@code
   * host:port/database} or a URL of one of {@code schemes}, which is rewritten to {@code scheme}.
   */
  static String jdbcUrl(String dsn, String scheme, String... schemes) {
    String url = "jdbc:" + scheme + "://" + dsn;
    for (String s : schemes) {
      String prefix = "jdbc:" + s + "://";
      if (dsn.startsWith(prefix)) {
        url = "jdbc:" + scheme + "://" + dsn.substring(prefix.length());
      }
    }
    String shape = "host:port/database or jdbc:" + schemes[0] + "://host:port/database";
    URI u;
    try {
      u = new URI(url.substring("jdbc:".length()));
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException(
          "dsn \"" + dsn + "\" must be " + shape + " (" + e.getReason() + ")", e);
    }
    if (u.getHost() == null) {
      throw new IllegalArgumentException("dsn \"" + dsn + "\" must be " + shape);
    }
    return url;
  }

  /** {@code host:port} and the path of a JDBC URL, for labels and messages (no credentials). */
  static String address(String jdbcUrl, int defaultPort) {
    URI u = URI.create(jdbcUrl.substring("jdbc:".length()));
    return u.getHost() + ":" + (u.getPort() > 0 ? u.getPort() : defaultPort) + u.getPath();
  }

  /** Checks that the names of the entries under {@code key} are unique. */
  static void checkUnique(String key, List<? extends DatabaseConfig> dbs) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < dbs.size(); i++) {
      if (dbs.get(i) != null && !seen.add(dbs.get(i).name())) {
        throw new IllegalArgumentException(
            key + "[" + i + "]: two databases are named \"" + dbs.get(i).name() + "\"");
      }
    }
  }
}
