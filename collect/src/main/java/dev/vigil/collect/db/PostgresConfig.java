package dev.vigil.collect.db;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.vigil.collect.config.Masked;
import dev.vigil.collect.config.PromDuration;
import dev.vigil.collect.scrape.LocalTarget;
import dev.vigil.core.model.Labels;
import java.net.URI;
import java.util.List;

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
    @JsonProperty("queries") List<SqlMetric> queries)
    implements DatabaseConfig {

  /** Fills in defaults and checks the entry. */
  public PostgresConfig {
    DatabaseConfig.checkNameAndDsn(name, dsn);
    jdbcUrl(dsn); // checks the shape
    user = user == null ? "" : user;
    password = password == null ? "" : password;
    interval = DatabaseConfig.intervalOrDefault(interval);
    timeout = DatabaseConfig.timeoutOrDefault(name, timeout, interval);
    topStatements = DatabaseConfig.countOrDefault("top_statements", topStatements, 10);
    queries = queries == null ? List.of() : List.copyOf(queries);
  }

  /** The JDBC URL for {@code dsn}. */
  static String jdbcUrl(String dsn) {
    return DatabaseConfig.jdbcUrl(dsn, "postgresql", "postgresql");
  }

  /** Where the database is, for labels and messages (no credentials). */
  String address() {
    return DatabaseConfig.address(jdbcUrl(dsn), 5432);
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
