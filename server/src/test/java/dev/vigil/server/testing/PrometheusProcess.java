package dev.vigil.server.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real Prometheus (Debian's {@code prometheus} package) on a free loopback port with its own
 * temporary folder, as a peer for end-to-end tests. The configuration text may use {@code ${PORT}}
 * for Prometheus's own port. Close it to stop it and delete its folder.
 */
public final class PrometheusProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path dir;

  private PrometheusProcess(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  /** Starts Prometheus with {@code config} (prometheus.yml text) and extra command-line flags. */
  public static PrometheusProcess start(String config, String... flags) throws IOException {
    Path binary = Peers.require("prometheus", "prometheus");
    Path dir = Files.createTempDirectory("vigil-prometheus-");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path cfg = dir.resolve("prometheus.yml");
    Files.writeString(cfg, config.replace("${PORT}", Integer.toString(port)));
    java.util.List<String> cmd =
        new java.util.ArrayList<>(
            java.util.List.of(
                binary.toString(),
                "--config.file=" + cfg,
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port));
    cmd.addAll(java.util.List.of(flags));
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("prometheus.log").toFile())
            .start();
    return new PrometheusProcess(p, port, dir);
  }

  /** The base URL, e.g. {@code http://127.0.0.1:40123}. */
  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** What Prometheus logged so far. */
  public String log() throws IOException {
    return Files.readString(dir.resolve("prometheus.log"));
  }

  @Override
  public void close() throws IOException {
    Processes.stopAndDelete(process, dir);
  }
}
