package dev.vigil.server.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real Alertmanager (Debian's {@code prometheus-alertmanager} package) on a free loopback port,
 * clustering off, with its own temporary folder: the reference that Vigil's Alertmanager API is
 * compared with. Close it to stop it and delete its folder.
 */
public final class AlertmanagerProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path dir;

  private AlertmanagerProcess(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  /**
   * Starts Alertmanager with {@code config} (alertmanager.yml text) and waits until it is ready.
   */
  public static AlertmanagerProcess start(String config) throws IOException, InterruptedException {
    Path binary = Peers.require("prometheus-alertmanager", "prometheus-alertmanager");
    Path dir = Files.createTempDirectory("vigil-alertmanager-");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path cfg = dir.resolve("alertmanager.yml");
    Files.writeString(cfg, config);
    Process p =
        new ProcessBuilder(
                List.of(
                    binary.toString(),
                    "--config.file=" + cfg,
                    "--storage.path=" + dir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port,
                    "--cluster.listen-address="))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("alertmanager.log").toFile())
            .start();
    AlertmanagerProcess am = new AlertmanagerProcess(p, port, dir);
    HttpClient http = HttpClient.newHttpClient();
    for (int i = 0; i < 200; i++) {
      try {
        HttpResponse<Void> r =
            http.send(
                HttpRequest.newBuilder(URI.create(am.url() + "/-/ready"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return am;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(50);
    }
    String log = Files.readString(dir.resolve("alertmanager.log"));
    am.close();
    throw new IOException("Alertmanager did not become ready; its log:\n" + log);
  }

  /** The base URL, e.g. {@code http://127.0.0.1:40123}. */
  public String url() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public void close() throws IOException {
    Processes.stopAndDelete(process, dir);
  }
}
