package dev.vigil.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * The {@code server:} section: the HTTP listener and its limits.
 *
 * @param listen address and port, {@code host:port} or {@code :port} for every interface (default
 *     {@code :7070})
 * @param maxRequestSize largest request body accepted, e.g. {@code 32MiB} (default 32 MiB)
 * @param shutdownTimeout how long in-flight requests may run after a stop signal (default 8s)
 * @param maxConcurrentWrites write requests decoded at once; more wait up to {@code
 *     write_queue_timeout} and then get 429 with Retry-After (default: four per CPU core)
 * @param writeQueueTimeout how long a write request may wait for a slot (default 5s)
 * @param maxWriteBytesInFlight request bodies being read or decoded at once, by Content-Length;
 *     more get 429 with Retry-After (default: a quarter of the JVM's maximum heap)
 * @param otlpGrpcListen where OTLP/gRPC listens: {@code host:port} or {@code :port} (default {@code
 *     :4317}); {@code ""} or {@code off} turns it off
 */
public record ServerConfig(
    @JsonProperty("listen") ListenAddress listen,
    @JsonProperty("max_request_size") ByteSize maxRequestSize,
    @JsonProperty("shutdown_timeout") Duration shutdownTimeout,
    @JsonProperty("max_concurrent_writes") Integer maxConcurrentWrites,
    @JsonProperty("write_queue_timeout") Duration writeQueueTimeout,
    @JsonProperty("max_write_bytes_in_flight") ByteSize maxWriteBytesInFlight,
    @JsonProperty("otlp_grpc_listen") String otlpGrpcListen) {

  /** The default OTLP/gRPC address, the port OTLP specifies. */
  public static final String DEFAULT_OTLP_GRPC_LISTEN = ":4317";

  /** Fills in defaults and checks the values. */
  public ServerConfig {
    listen = listen == null ? ListenAddress.parse(":7070") : listen;
    maxRequestSize = maxRequestSize == null ? ByteSize.parse("32MiB") : maxRequestSize;
    shutdownTimeout = shutdownTimeout == null ? Duration.ofSeconds(8) : shutdownTimeout;
    if (maxRequestSize.bytes() < 1024) {
      throw new IllegalArgumentException(
          "server.max_request_size must be at least 1KiB, got " + maxRequestSize);
    }
    ConfigChecks.positive("server.shutdown_timeout", shutdownTimeout);
    maxConcurrentWrites =
        maxConcurrentWrites == null
            ? 4 * Runtime.getRuntime().availableProcessors()
            : maxConcurrentWrites;
    if (maxConcurrentWrites < 1) {
      throw new IllegalArgumentException("server.max_concurrent_writes must be at least 1");
    }
    writeQueueTimeout = writeQueueTimeout == null ? Duration.ofSeconds(5) : writeQueueTimeout;
    ConfigChecks.positive("server.write_queue_timeout", writeQueueTimeout);
    maxWriteBytesInFlight =
        maxWriteBytesInFlight == null
            ? new ByteSize(((Runtime.getRuntime().maxMemory() / 4) >> 20) << 20)
            : maxWriteBytesInFlight;
    if (maxWriteBytesInFlight.bytes() < 1024) {
      throw new IllegalArgumentException(
          "server.max_write_bytes_in_flight must be at least 1KiB, got " + maxWriteBytesInFlight);
    }
    otlpGrpcListen = otlpGrpcListen == null ? DEFAULT_OTLP_GRPC_LISTEN : otlpGrpcListen.strip();
    otlpGrpcAddress(otlpGrpcListen);
  }

  /** The OTLP/gRPC address, or null when it is off. */
  public ListenAddress otlpGrpcAddress() {
    return otlpGrpcAddress(otlpGrpcListen);
  }

  private static ListenAddress otlpGrpcAddress(String text) {
    if (text.isEmpty() || text.equals("off")) {
      return null;
    }
    try {
      return ListenAddress.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "server.otlp_grpc_listen: " + e.getMessage() + ", or \"off\"", e);
    }
  }

  static ServerConfig defaults() {
    return new ServerConfig(null, null, null, null, null, null, null);
  }

  /** A copy listening on {@code listen}. */
  public ServerConfig withListen(ListenAddress listen) {
    return new ServerConfig(
        listen,
        maxRequestSize,
        shutdownTimeout,
        maxConcurrentWrites,
        writeQueueTimeout,
        maxWriteBytesInFlight,
        otlpGrpcListen);
  }

  /** A copy with OTLP/gRPC on {@code address} ({@code off} turns it off). */
  public ServerConfig withOtlpGrpcListen(String address) {
    return new ServerConfig(
        listen,
        maxRequestSize,
        shutdownTimeout,
        maxConcurrentWrites,
        writeQueueTimeout,
        maxWriteBytesInFlight,
        address);
  }
}
