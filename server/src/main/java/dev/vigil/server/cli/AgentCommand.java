package dev.vigil.server.cli;

import dev.vigil.collect.agent.Agent;
import dev.vigil.server.config.ByteSize;
import dev.vigil.server.config.ConfigException;
import dev.vigil.server.config.ConfigLoader;
import dev.vigil.server.config.VigilConfig;
import dev.vigil.server.lifecycle.Signals;
import dev.vigil.server.logging.LogSetup;
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
      required = true,
      description = "Remote write endpoint, e.g. http://vigil:7070/api/v1/write.")
  URI remoteWrite;

  @Option(
      names = "--remote-write.header",
      paramLabel = "NAME:VALUE",
      description = "Extra request header, e.g. 'Authorization: Bearer TOKEN' (repeatable).")
  List<String> headers = new ArrayList<>();

  @Option(
      names = "--queue.path",
      paramLabel = "DIR",
      defaultValue = "agent-queue",
      description = "Folder of the disk queue (default: ${DEFAULT-VALUE}).")
  Path queuePath;

  @Option(
      names = "--queue.max-size",
      paramLabel = "SIZE",
      defaultValue = "1GiB",
      description =
          "Largest size of the queue; beyond it the oldest samples are dropped and counted in"
              + " vigil_agent_queue_dropped_samples_total (default: ${DEFAULT-VALUE}).")
  String queueMaxSize;

  @Option(
      names = "--remote-write.min-backoff",
      paramLabel = "MILLIS",
      defaultValue = "100",
      description = "First retry delay in milliseconds (default: ${DEFAULT-VALUE}).")
  long minBackoff;

  @Option(
      names = "--remote-write.max-backoff",
      paramLabel = "MILLIS",
      defaultValue = "5000",
      description = "Longest retry delay in milliseconds (default: ${DEFAULT-VALUE}).")
  long maxBackoff;

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
      options = options();
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
      err.println("vigil: queue " + queuePath + ": " + e.getMessage());
      err.flush();
      return ExitCodes.FAILURE;
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
        "agent forwarding to {} through the queue in {} ({} pending bytes)",
        remoteWrite,
        queuePath.toAbsolutePath(),
        agent.queue().pendingBytes());
    try {
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    agent.stop();
    return ExitCodes.OK;
  }

  private static VigilConfig load(Path file) throws ConfigException {
    return file == null ? VigilConfig.defaults() : new ConfigLoader().load(file);
  }

  private Agent.Options options() {
    String scheme = remoteWrite.getScheme();
    if (scheme == null
        || !(scheme.equals("http") || scheme.equals("https"))
        || remoteWrite.getHost() == null) {
      throw new IllegalArgumentException(
          "--remote-write: \"" + remoteWrite + "\" must be an http:// or https:// URL");
    }
    Map<String, String> h = new LinkedHashMap<>();
    for (String header : headers) {
      int colon = header.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException(
            "--remote-write.header: \"" + header + "\" must be NAME: VALUE");
      }
      h.put(header.substring(0, colon).strip(), header.substring(colon + 1).strip());
    }
    if (minBackoff <= 0 || maxBackoff < minBackoff) {
      throw new IllegalArgumentException(
          "--remote-write.min-backoff must be positive and at most --remote-write.max-backoff");
    }
    long max = ByteSize.parse(queueMaxSize).bytes();
    String instance;
    try {
      instance = InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
    } catch (UnknownHostException e) {
      instance = "localhost";
    }
    return new Agent.Options(
        remoteWrite,
        h,
        queuePath,
        max,
        Duration.ofMillis(minBackoff),
        Duration.ofMillis(maxBackoff),
        instance);
  }
}
