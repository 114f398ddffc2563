package dev.vigil.collect.db;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.vigil.collect.config.Masked;
import dev.vigil.collect.config.PromDuration;
import dev.vigil.collect.scrape.LocalTarget;
import dev.vigil.core.model.Labels;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One entry of {@code collectors.postgres}: a PostgreSQL server watched over JDBC under
 * postgres_exporter's metric names, plus custom SQL. The password is never logged and is shown as
 * {@code <secret>} on {@code /api/v1/status/config}.
 *
 * @param name the {@code job} label, unique among the databases
 * @param dsn {@code host:port/database} or a {@code jdbc:postgresql://} URL without credentials
 * @param user the user to connect as
 * @param password its password (use {@code ${ENV}})
 * @param interval how often (default 30s)
 * @param timeout connect and query timeout (default 10s, at most the interval)
 * @param topStatements how many statements of {@code pg_stat_statements} by total time (default 10;
 *     0 for none)
 * @param queries custom SQL turned into metrics
 */
public record PostgresConfig(
    @JsonProperty("name") String name,
    @JsonProperty("dsn") String dsn,
    @JsonProperty("user") String user,
    @JsonProperty("password") @JsonSerialize(using = Masked.class) String password,
    @JsonProperty("interval") PromDuration interval,
    @JsonProperty("timeout") PromDuration timeout,
    @JsonProperty("top_statements") Integer topStatements,
    @JsonProperty("queries") List<SqlMetric> queries) {

  /** Fills in defaults and checks the entry. */
  public PostgresConfig {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name is required");
    }
    if (dsn == null || dsn.isBlank()) {
      throw new IllegalArgumentException("dsn of database \"" + name + "\" is required");
    }
    if (dsn.contains("@") || dsn.toLowerCase(java.util.Locale.ROOT).contains("password=")) {
      throw new IllegalArgumentException(
          "dsn of database \"" + name + "\" must not hold credentials: use user and password");
    }
    jdbcUrl(dsn); // checks the shape
    user = user == null ? "" : user;
    password = password == null ? "" : password;
    interval = interval == null ? PromDuration.ofMillis(30_000) : interval;
    timeout =
        timeout == null ? PromDuration.ofMillis(Math.min(10_000, interval.millis())) : timeout;
    if (timeout.millis() <= 0 || timeout.millis() > interval.millis()) {
      throw new IllegalArgumentException(
          "timeout of database \""
              + name
              + "\" must be greater than zero and at most its interval");
    }
    topStatements = topStatements == null ? 10 : topStatements;
    if (topStatements < 0) {
      throw new IllegalArgumentException("top_statements must not be negative");
    }
    queries = queries == null ? List.of() : List.copyOf(queries);
  }

  /** The JDBC URL for {@code dsn}. */
  static String jdbcUrl(String dsn) {
    String url = dsn.startsWith("jdbc:postgresql://") ? dsn : "jdbc:postgresql://" + dsn;
    URI u = URI.create(url.substring("jdbc:".length()));
    if (u.getHost() == null) {
      throw new IllegalArgumentException(
          "dsn \"" + dsn + "\" must be host:port/database or jdbc:postgresql://host:port/database");
    }
    return url;
  }

  /** Where the database is, for labels and messages (no credentials). */
  String address() {
    URI u = URI.create(jdbcUrl(dsn).substring("jdbc:".length()));
    return u.getHost() + ":" + (u.getPort() > 0 ? u.getPort() : 5432) + u.getPath();
  }

  /** Checks that names are unique. */
  public static void checkUnique(List<PostgresConfig> dbs) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < dbs.size(); i++) {
      if (dbs.get(i) != null && !seen.add(dbs.get(i).name())) {
        throw new IllegalArgumentException(
            "postgres[" + i + "]: two databases are named \"" + dbs.get(i).name() + "\"");
      }
    }
  }

  /** The target the scrape manager runs. */
  public LocalTarget localTarget() {
    return new LocalTarget(
        name,
        Labels.of("instance", address()),
        URI.create("postgres://" + address()),
        interval.millis(),
        timeout.millis(),
        this,
        () -> new PostgresProbe(this));
  }

  @Override
  public String toString() {
    return "PostgresConfig[name="
        + name
        + ", dsn="
        + dsn
        + ", user="
        + user
        + ", password=<secret>]";
  }
}
