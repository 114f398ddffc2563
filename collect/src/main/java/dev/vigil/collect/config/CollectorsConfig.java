package dev.vigil.collect.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vigil.collect.db.DatabaseConfig;
import dev.vigil.collect.db.MysqlConfig;
import dev.vigil.collect.db.PostgresConfig;
import dev.vigil.collect.host.HostConfig;
import dev.vigil.collect.network.LatencyConfig;
import dev.vigil.collect.scrape.LocalTarget;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code collectors:} section of {@code vigil.yml}: what Vigil measures in-process. Each
 * collector becomes a target of the scrape manager ({@link #targets()}).
 *
 * @param host this host's metrics (on by default)
 * @param postgres PostgreSQL servers to watch
 * @param mysql MariaDB and MySQL servers to watch
 * @param networkLatency round-trip latency and loss to hosts (off until hosts are listed)
 */
public record CollectorsConfig(
    @JsonProperty("host") HostConfig host,
    @JsonProperty("postgres") List<PostgresConfig> postgres,
    @JsonProperty("mysql") List<MysqlConfig> mysql,
    @JsonProperty("network_latency") LatencyConfig networkLatency) {

  /** Fills in defaults. */
  public CollectorsConfig {
    host = host == null ? HostConfig.defaults() : host;
    postgres = postgres == null ? List.of() : List.copyOf(postgres);
    DatabaseConfig.checkUnique("postgres", postgres);
    mysql = mysql == null ? List.of() : List.copyOf(mysql);
    DatabaseConfig.checkUnique("mysql", mysql);
    networkLatency = networkLatency == null ? LatencyConfig.defaults() : networkLatency;
  }

  /** Every collector on by default. */
  public static CollectorsConfig defaults() {
    return new CollectorsConfig(null, null, null, null);
  }

  /** The targets to run for the enabled collectors. */
  public List<LocalTarget> targets() {
    List<LocalTarget> out = new ArrayList<>();
    if (host.enabled()) {
      out.add(host.target());
    }
    for (PostgresConfig p : postgres) {
      out.add(p.localTarget());
    }
    for (MysqlConfig m : mysql) {
      out.add(m.localTarget());
    }
    out.addAll(networkLatency.targets());
    return out;
  }
}
