package dev.vigil.server.cli;

import dev.vigil.server.VigilServer;
import dev.vigil.server.config.ConfigException;
import dev.vigil.server.config.ConfigLoader;
import dev.vigil.server.config.ListenAddress;
import dev.vigil.server.config.VigilConfig;
import dev.vigil.server.http.HttpServer;
import dev.vigil.server.lifecycle.Signals;
import dev.vigil.server.logging.LogSetup;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigil server}: runs Vigil until SIGTERM or Ctrl-C. */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    description = {
      "Run Vigil: the UI and every HTTP API on one port, data in one folder.",
      "Stops gracefully on SIGTERM or Ctrl-C; rereads the configuration on SIGHUP or POST /-/reload."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:stopped gracefully",
      "1:runtime failure (port in use, data folder unusable)",
      "2:bad usage or invalid configuration"
    })
public final class ServerCommand implements Callable<Integer> {
  private static final long STOP_DEADLINE_MILLIS = 10_000;

  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Configuration file (default: ./vigil.yml if it exists, else built-in defaults).")
  Path config;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "Data folder; overrides storage.path (default: ./data).")
  String data;

  @Option(
      names = "--listen",
      paramLabel = "ADDR",
      description = "Listen address, host:port or :port; overrides server.listen (default: :7070).")
  String listen;

  @Option(
      names = "--log.level",
      paramLabel = "LEVEL",
      defaultValue = "info",
      description = "error, warn, info, debug or trace (default: ${DEFAULT-VALUE}).")
  String logLevel;

  @Option(
      names = "--log.format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text or json (default: ${DEFAULT-VALUE}).")
  String logFormat;

  private Map<String, String> flagValues(Path file) {
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put("config", file == null ? "" : file.toString());
    flags.put("data", data == null ? "" : data);
    flags.put("listen", listen == null ? "" : listen);
    flags.put("log.level", logLevel);
    flags.put("log.format", logFormat);
    return flags;
  }

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    LogSetup.Format format;
    try {
      format = LogSetup.Format.valueOf(logFormat.toUpperCase(java.util.Locale.ROOT));
      LogSetup.configure(logLevel, format);
    } catch (IllegalArgumentException e) {
      err.println(
          "vigil: "
              + (e.getMessage().startsWith("unknown log level")
                  ? e.getMessage()
                  : "unknown log format \"" + logFormat + "\" (expected text or json)"));
      err.flush();
      return ExitCodes.USAGE;
    }
    Logger log = LoggerFactory.getLogger(ServerCommand.class);

    Path file = config;
    if (file == null && Files.isRegularFile(Path.of("vigil.yml"))) {
      file = Path.of("vigil.yml");
    }
    VigilConfig cfg;
    ListenAddress listenAddress;
    try {
      cfg = file == null ? VigilConfig.defaults() : new ConfigLoader().load(file);
      VigilServer.ruleGroups(cfg, file);
      listenAddress = listen == null ? null : ListenAddress.parse(listen);
    } catch (ConfigException e) {
      err.println("vigil: invalid configuration: " + e.getMessage());
      err.flush();
      return ExitCodes.USAGE;
    } catch (IllegalArgumentException e) {
      err.println("vigil: --listen: " + e.getMessage());
      err.flush();
      return ExitCodes.USAGE;
    }
    if (file != null) {
      log.info("configuration from {}", file.toAbsolutePath());
    }

    VigilServer server =
        new VigilServer(
            file, cfg, new VigilServer.Overrides(listenAddress, data), flagValues(file));
    CountDownLatch stop = new CountDownLatch(1);
    Signals.install(
        stop::countDown,
        () -> {
          try {
            server.reload();
          } catch (ConfigException e) {
            // Already logged by the server; the old configuration keeps running.
          }
        });
    try {
      server.start();
    } catch (HttpServer.PortInUseException e) {
      err.println("vigil: " + e.getMessage());
      err.flush();
      return ExitCodes.FAILURE;
    } catch (IOException e) {
      err.println("vigil: " + e.getMessage());
      err.flush();
      return ExitCodes.FAILURE;
    }

    try {
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Thread watchdog =
        Thread.ofPlatform()
            .daemon()
            .name("stop-watchdog")
            .start(
                () -> {
                  try {
                    Thread.sleep(STOP_DEADLINE_MILLIS);
                  } catch (InterruptedException e) {
                    return;
                  }
                  log.error("graceful stop took longer than 10s; exiting now");
                  Runtime.getRuntime().halt(ExitCodes.FAILURE);
                });
    server.stop();
    watchdog.interrupt();
    return ExitCodes.OK;
  }
}
