package dev.vigil.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The built {@code vigil.jar} running as a separate process on a free loopback port with its own
 * temporary data folder — what every end-to-end test talks to over HTTP, as a user would.
 *
 * <p>Use with try-with-resources: {@link #close} stops it with SIGTERM (and SIGKILL if it does not
 * stop in time) and deletes the data folder. Output (stdout and stderr together) is kept in a file
 * for assertions and printed when a start fails.
 */
public final class VigilProcess implements AutoCloseable {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final int port;
  private final int grpcPort;
  private final Path dir;
  private final Path output;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private VigilProcess(Process process, int port, int grpcPort, Path dir, Path output) {
    this.process = process;
    this.port = port;
    this.grpcPort = grpcPort;
    this.dir = dir;
    this.output = output;
  }

  /** Starts {@code vigil server} with default configuration and waits until it is ready. */
  public static VigilProcess start() throws IOException {
    return builder().start();
  }

  /** A builder for a process with a configuration file or extra arguments. */
  public static Builder builder() {
    return new Builder();
  }

  /** Options for a process. */
  public static final class Builder {
    private String configYaml;
    private final List<String> extraArgs = new ArrayList<>();
    private boolean waitReady = true;
    private boolean otlpGrpc;
    private Path data;
    private int port;

    /** Listens on {@code port} instead of a free one (e.g. to restart on the same address). */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /**
     * Uses {@code dir} as the data folder (e.g. one a stopped process left) instead of a new one.
     */
    public Builder data(Path dir) {
      this.data = dir;
      return this;
    }

    /** Writes {@code yaml} to a vigil.yml in the process's folder and passes --config. */
    public Builder config(String yaml) {
      this.configYaml = yaml;
      return this;
    }

    /** Adds arguments after {@code server}. */
    public Builder args(String... args) {
      extraArgs.addAll(List.of(args));
      return this;
    }

    /**
     * Turns OTLP/gRPC on, on a free loopback port ({@link #grpcPort}); it is off otherwise, so that
     * test servers never compete for port 4317.
     */
    public Builder otlpGrpc() {
      this.otlpGrpc = true;
      return this;
    }

    /** Returns as soon as the process is started, without waiting for {@code /-/ready}. */
    public Builder noWait() {
      this.waitReady = false;
      return this;
    }

    /** Starts the process. */
    public VigilProcess start() throws IOException {
      Path dir = Files.createTempDirectory("vigil-it-");
      int port = this.port > 0 ? this.port : freePort();
      List<String> cmd = new ArrayList<>(javaCommand());
      cmd.add("server");
      cmd.add("--listen=127.0.0.1:" + port);
      cmd.add("--data=" + (data != null ? data : dir.resolve("data")));
      int grpcPort = otlpGrpc ? freePort() : -1;
      cmd.add("--otlp.grpc-listen=" + (otlpGrpc ? "127.0.0.1:" + grpcPort : "off"));
      if (configYaml != null) {
        Path cfg = dir.resolve("vigil.yml");
        Files.writeString(cfg, configYaml);
        cmd.add("--config=" + cfg);
      }
      cmd.addAll(extraArgs);
      Path out = dir.resolve("output.log");
      Process p =
          new ProcessBuilder(cmd)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      VigilProcess vp = new VigilProcess(p, port, grpcPort, dir, out);
      if (waitReady) {
        vp.awaitReady();
      }
      return vp;
    }
  }

  /**
   * The command that runs the jar: the same Java as this test JVM (a JDK >= 21, chosen by the
   * build) and the jar the build just made (system property {@code vigil.jar}).
   */
  public static List<String> javaCommand() {
    String jar = System.getProperty("vigil.jar");
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException(
          "system property vigil.jar must point at the built jar (run the tests with mvn verify); got "
              + jar);
    }
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    return List.of(java, "-Xmx512m", "-XX:+UseSerialGC", "-jar", jar);
  }

  /** Runs a jar command to completion (e.g. {@code check config x.yml}) and returns its result. */
  public static Result run(Path workDir, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(javaCommand());
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile("vigil-run-", ".log");
    Process p =
        new ProcessBuilder(cmd)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("vigil " + String.join(" ", args) + " did not finish");
    }
    String text = Files.readString(out);
    Files.delete(out);
    return new Result(p.exitValue(), text);
  }

  /** Exit code and output of a finished command. */
  public record Result(int exitCode, String output) {}

  /** A port free on the loopback interface now. */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }

  /** The OTLP/gRPC port, or -1 when the builder did not ask for {@link Builder#otlpGrpc}. */
  public int grpcPort() {
    return grpcPort;
  }

  /** Waits until {@code /-/ready} answers 200; fails with the process output otherwise. */
  public void awaitReady() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "vigil exited with " + process.exitValue() + " before it was ready:\n" + output());
      }
      try {
        if (get("/-/ready").statusCode() == 200) {
          return;
        }
      } catch (UncheckedIOException e) {
        // not listening yet
      }
      sleep(50);
    }
    throw new IllegalStateException(
        "vigil was not ready after " + READY_TIMEOUT + ":\n" + output());
  }

  /** The base URL, e.g. {@code http://127.0.0.1:43567}. */
  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** The port. */
  public int port() {
    return port;
  }

  /** The folder holding the data folder, the config and the output. */
  public Path dir() {
    return dir;
  }

  /** The process. */
  public Process process() {
    return process;
  }

  /** Everything the process printed so far. */
  public String output() {
    try {
      return Files.readString(output, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** GET {@code path}. */
  public HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(URI.create(url() + path)).GET());
  }

  /** POST {@code body} to {@code path}. */
  public HttpResponse<String> post(String path, String contentType, byte[] body) {
    return send(
        HttpRequest.newBuilder(URI.create(url() + path))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  /** Sends a request built by the caller. */
  public HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(
          request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Sends SIGTERM and waits up to {@code timeout} for the exit code, or returns -1. */
  public int terminate(Duration timeout) throws InterruptedException {
    process.destroy();
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
  }

  /** Sends a signal by name (e.g. {@code HUP}) with the system's {@code kill}. */
  public void signal(String name) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
    if (kill.waitFor() != 0) {
      throw new IOException("kill -" + name + " failed");
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws IOException {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
