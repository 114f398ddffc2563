package dev.vigil.server.cli;

import dev.vigil.collect.agent.Agent;
import dev.vigil.core.selfmetrics.TextWriter;
import dev.vigil.server.config.ByteSize;
import dev.vigil.server.config.ConfigException;
import dev.vigil.server.config.ConfigLoader;
import dev.vigil.server.config.ListenAddress;
import dev.vigil.server.config.RemoteWriteConfig;
import dev.vigil.server.config.VigilConfig;
import dev.vigil.server.lifecycle.Signals;
import dev.vigil.server.logging.LogSetup;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigil agent}: runs the collectors, probes and scrapes of a configuration without storage
 * or UI and forwards everything by remote write through a disk-backed queue.
 */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    description = {
      "Collect this host, probes, databases and scrape_configs, and forward them by remote write",
      "to a Vigil server or any Prometheus remote write receiver, through a queue on disk that",
      "survives restarts and receiver outages. Stops on SIGTERM or Ctrl-C; rereads the",
      "configuration on SIGHUP."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:stopped gracefully",
      "1:runtime failure (queue folder unusable)",
      "2:bad usage or invalid configuration"
    })
public final class AgentCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Configuration file: its collectors, probes, scrape_configs and global are used"
              + " (default: ./vigil.yml if it exists, else the host collector alone).")
  Path config;

  @Option(
      names = "--remote-write",
      paramLabel = "URL",
      description =
          "Remote write endpoint, e.g. http://vigil:7070/api/v1/write (default: the url of the"
              + " configuration's remote_write entry).")
  String remoteWrite;

  @Option(
      names = "--remote-write.header",
      paramLabel = "NAME:VALUE",
      description = "Extra request header, e.g. 'Authorization: Bearer TOKEN' (repeatable).")
  List<String> headers = new ArrayList<>();

  @Option(
      names = "--queue.path",
      paramLabel = "DIR",
      description =
          "Folder of the disk queue (default: remote_write.queue_config.path, else"
              + " ./agent-queue).")
  Path queuePath;

  @Option(
      names = "--queue.max-size",
      paramLabel = "SIZE",
      description =
          "Largest size of the queue; beyond it the oldest samples are dropped and counted in"
              + " vigil_agent_queue_dropped_samples_total (default:"
              + " remote_write.queue_config.max_size, else 1GiB).")
  String queueMaxSize;

  @Option(
      names = "--remote-write.min-backoff",
      paramLabel = "MILLIS",
      description =
          "First retry delay in milliseconds (default: remote_write.queue_config.min_backoff,"
              + " else 100).")
  Long minBackoff;

  @Option(
      names = "--remote-write.max-backoff",
      paramLabel = "MILLIS",
      description =
          "Longest retry delay in milliseconds (default: remote_write.queue_config.max_backoff,"
              + " else 5000).")
  Long maxBackoff;

  @Option(
      names = "--listen",
      paramLabel = "[HOST]:PORT",
      description =
          "Serve the agent's own metrics on http://HOST:PORT/metrics (and /-/healthy) for"
              + " scraping (default: no HTTP port).")
  String listen;

  @Option(
      names = "--log.level",
      paramLabel = "LEVEL",
      defaultValue = "info",
      description = "error, warn, info, debug or trace (default: ${DEFAULT-VALUE}).")
  String logLevel;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    try {
      LogSetup.configure(logLevel, LogSetup.Format.TEXT);
    } catch (IllegalArgumentException e) {
      err.println("vigil: " + e.getMessage());
      err.flush();
      return ExitCodes.USAGE;
    }
    Logger log = LoggerFactory.getLogger(AgentCommand.class);
    Path file = config;
    if (file == null && Files.isRegularFile(Path.of("vigil.yml"))) {
      file = Path.of("vigil.yml");
    }
    VigilConfig cfg;
    Agent.Options options;
    try {
      cfg = load(file);
      options = options(cfg);
    } catch (ConfigException e) {
      err.println("vigil: invalid configuration: " + e.getMessage());
      err.flush();
      return ExitCodes.USAGE;
    } catch (IllegalArgumentException e) {
      err.println("vigil: " + e.getMessage());
      err.flush();
      return ExitCodes.USAGE;
    }
    Agent agent;
    try {
      agent = new Agent(options, cfg.scrapeGlobals());
    } catch (IOException e) {
      err.println("vigil: queue " + options.queueDir() + ": " + e.getMessage());
      err.flush();
      return ExitCodes.FAILURE;
    }
    Javalin http = null;
    if (listen != null) {
      try {
        http = metricsServer(agent, ListenAddress.parse(listen));
      } catch (RuntimeException e) {
        agent.queue().close();
        err.println("vigil: --listen " + listen + ": " + e.getMessage());
        err.flush();
        return ExitCodes.FAILURE;
      }
    }
    Path source = file;
    CountDownLatch stop = new CountDownLatch(1);
    Signals.install(
        stop::countDown,
        () -> {
          try {
            VigilConfig c = load(source);
            agent.apply(c.scrapeConfigs(), c.localTargets());
            log.info("configuration reloaded");
          } catch (ConfigException e) {
            log.error("configuration not reloaded: {}", e.getMessage());
          }
        });
    agent.start(cfg.scrapeConfigs(), cfg.localTargets());
    log.info(
        "agent forwarding to {} through the queue in {} ({} pending bytes){}",
        options.url(),
        options.queueDir().toAbsolutePath(),
        agent.queue().pendingBytes(),
        http == null ? "" : ", metrics on http://" + listen + "/metrics");
    try {
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (http != null) {
      http.stop();
    }
    agent.stop();
    return ExitCodes.OK;
  }

  private static Javalin metricsServer(Agent agent, ListenAddress address) {
    Javalin app =
        Javalin.create(
            c -> {
              c.startup.showJavalinBanner = false;
              c.startup.showOldJavalinVersionWarning = false;
              c.routes.get(
                  "/metrics",
                  ctx -> {
                    StringBuilder sb = new StringBuilder(2048);
                    agent.writeMetrics(new TextWriter(sb));
                    ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                        .result(sb.toString());
                  });
              c.routes.get("/-/healthy", ctx -> ctx.result("Vigil agent is Healthy.\n"));
            });
    return app.start(address.bindHost(), address.port());
  }

  private static VigilConfig load(Path file) throws ConfigException {
    return file == null ? VigilConfig.defaults() : new ConfigLoader().load(file);
  }

  /** The forwarding options: flags where given, else the configuration's remote_write entry. */
  private Agent.Options options(VigilConfig cfg) {
    RemoteWriteConfig rw = cfg.remoteWrite().isEmpty() ? null : cfg.remoteWrite().get(0);
    URI url;
    if (remoteWrite != null) {
      url = RemoteWriteConfig.checkUrl("--remote-write", remoteWrite);
    } else if (rw != null) {
      url = URI.create(rw.url());
    } else {
      throw new IllegalArgumentException(
          "no receiver: give --remote-write URL or a remote_write: entry in the configuration");
    }
    Map<String, String> h = new LinkedHashMap<>(rw == null ? Map.of() : rw.requestHeaders());
    for (String header : headers) {
      int colon = header.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException(
            "--remote-write.header: \"" + header + "\" must be NAME: VALUE");
      }
      h.put(header.substring(0, colon).strip(), header.substring(colon + 1).strip());
    }
    RemoteWriteConfig.QueueConfig q = rw == null ? null : rw.queueConfig();
    long min =
        minBackoff != null
            ? minBackoff
            : q != null && q.minBackoff() != null ? q.minBackoff().toMillis() : 100;
    long maxB =
        maxBackoff != null
            ? maxBackoff
            : q != null && q.maxBackoff() != null ? q.maxBackoff().toMillis() : 5000;
    if (min <= 0 || maxB < min) {
      throw new IllegalArgumentException(
          "--remote-write.min-backoff must be positive and at most --remote-write.max-backoff");
    }
    Path dir =
        queuePath != null
            ? queuePath
            : q != null && q.path() != null ? Path.of(q.path()) : Path.of("agent-queue");
    String size =
        queueMaxSize != null
            ? queueMaxSize
            : q != null && q.maxSize() != null ? q.maxSize() : "1GiB";
    long max = ByteSize.parse(size).bytes();
    String instance;
    try {
      instance = InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
    } catch (UnknownHostException e) {
      instance = "localhost";
    }
    return new Agent.Options(
        url, h, dir, max, Duration.ofMillis(min), Duration.ofMillis(maxB), instance);
  }
}
