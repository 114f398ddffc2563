package dev.vigil.server.api;

import dev.vigil.core.selfmetrics.MetricsRegistry;
import dev.vigil.server.config.ConfigException;
import dev.vigil.server.http.ApiException;
import dev.vigil.server.http.Json;
import dev.vigil.server.lifecycle.Readiness;
import dev.vigil.server.selfmon.BuildInfo;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server's own routes: health, readiness, reload, {@code /metrics} and build info. Answers in
 * the shapes Prometheus uses so that probes, scrapers and Grafana treat Vigil like Prometheus.
 */
public final class StatusApi {
  /** Something that reloads the configuration, failing with a user-facing message. */
  @FunctionalInterface
  public interface Reloader {
    /** Reloads; on failure the old configuration keeps running. */
    void reload() throws ConfigException;
  }

  /** What {@code /api/v1/status/config} and {@code runtimeinfo} read from the running server. */
  public interface RuntimeState {
    /** The configuration in force, as YAML. */
    String configYaml();

    /** Whether the last reload succeeded. */
    boolean lastReloadSuccessful();

    /** When the configuration in force was loaded, in milliseconds since the epoch. */
    long lastConfigMillis();

    /** The command-line flags and their values. */
    Map<String, String> flags();
  }

  private final Readiness readiness;
  private final MetricsRegistry registry;
  private final BuildInfo build;
  private final Reloader reloader;
  private final RuntimeState state;

  /** Creates the handlers. */
  public StatusApi(
      Readiness readiness,
      MetricsRegistry registry,
      BuildInfo build,
      Reloader reloader,
      RuntimeState state) {
    this.readiness = readiness;
    this.registry = registry;
    this.build = build;
    this.reloader = reloader;
    this.state = state;
  }

  /** {@code /api/v1/status/config}: the configuration in force, as YAML. */
  public void config(Context ctx) {
    Json.success(ctx, Map.of("yaml", state.configYaml()));
  }

  /** {@code /api/v1/status/flags}: the command-line flags. */
  public void flags(Context ctx) {
    Json.success(ctx, new java.util.TreeMap<>(state.flags()));
  }

  /** {@code /api/v1/status/runtimeinfo} with Prometheus's keys (Go fields mapped to the JVM). */
  public void runtimeInfo(Context ctx) {
    Map<String, Object> data = new LinkedHashMap<>();
    java.lang.management.RuntimeMXBean rt =
        java.lang.management.ManagementFactory.getRuntimeMXBean();
    data.put("startTime", java.time.Instant.ofEpochMilli(rt.getStartTime()).toString());
    data.put("CWD", System.getProperty("user.dir"));
    data.put("reloadConfigSuccess", state.lastReloadSuccessful());
    data.put("lastConfigTime", java.time.Instant.ofEpochMilli(state.lastConfigMillis()).toString());
    data.put("corruptionCount", 0);
    data.put(
        "goroutineCount",
        java.lang.management.ManagementFactory.getThreadMXBean().getThreadCount());
    data.put("GOMAXPROCS", Runtime.getRuntime().availableProcessors());
    data.put("GOMEMLIMIT", Runtime.getRuntime().maxMemory());
    data.put("GOGC", "");
    data.put("GODEBUG", "");
    data.put("storageRetention", "");
    Json.success(ctx, data);
  }

  /** {@code /-/healthy}: 200 while the process serves HTTP. */
  public void healthy(Context ctx) {
    ctx.contentType("text/plain; charset=utf-8").result("Vigil is Healthy.\n");
  }

  /** {@code /-/ready}: 200 when every component is ready, 503 naming the ones still starting. */
  public void ready(Context ctx) {
    ctx.contentType("text/plain; charset=utf-8");
    if (readiness.isReady()) {
      ctx.result("Vigil is Ready.\n");
    } else {
      ctx.status(503)
          .result(
              "Service Unavailable: waiting for "
                  + String.join(", ", readiness.waitingFor())
                  + "\n");
    }
  }

  /** {@code POST /-/reload}: rereads the configuration; 400 with the reason if it is invalid. */
  public void reload(Context ctx) {
    try {
      reloader.reload();
    } catch (ConfigException e) {
      throw ApiException.badData(
          "configuration not reloaded, the previous one keeps running: " + e.getMessage());
    }
    Json.success(ctx, Map.of("reloaded", true));
  }

  /** {@code /metrics}: Vigil's own metrics in the Prometheus text format. */
  public void metrics(Context ctx) {
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape());
  }

  /** {@code /api/v1/status/buildinfo} in Prometheus's shape. */
  public void buildInfo(Context ctx) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("version", build.version());
    data.put("revision", build.revision());
    data.put("branch", build.branch());
    data.put("buildUser", build.buildUser());
    data.put("buildDate", build.buildDate());
    // Prometheus reports its Go version here; clients only display it.
    data.put("goVersion", "java" + build.javaVersion());
    Json.success(ctx, data);
  }

  /**
   * {@code /api/v1/status/walreplay} in Prometheus's shape: the write-ahead log is replayed before
   * the store opens, so once the server is ready the replay is complete ({@code current == max}).
   * While it is not ready, 503 like Prometheus's readiness.
   */
  public void walReplay(Context ctx) {
    if (!readiness.isReady()) {
      throw new ApiException(
          503,
          dev.vigil.server.http.ErrorType.UNAVAILABLE,
          "waiting for " + String.join(", ", readiness.waitingFor()));
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("min", 0);
    data.put("max", 0);
    data.put("current", 0);
    Json.success(ctx, data);
  }

  /**
   * {@code /api/v1/alertmanagers} in Prometheus's shape. Alerts go to Vigil's built-in Alertmanager
   * ({@code /api/v2/alerts} on this server), listed as the one active Alertmanager.
   */
  public void alertmanagers(Context ctx) {
    String url = ctx.scheme() + "://" + ctx.host() + "/api/v2/alerts";
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("activeAlertmanagers", java.util.List.of(Map.of("url", url)));
    data.put("droppedAlertmanagers", java.util.List.of());
    Json.success(ctx, data);
  }
}
