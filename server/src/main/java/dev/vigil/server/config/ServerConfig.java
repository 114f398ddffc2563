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
 */
public record ServerConfig(
    @JsonProperty("listen") ListenAddress listen,
    @JsonProperty("max_request_size") ByteSize maxRequestSize,
    @JsonProperty("shutdown_timeout") Duration shutdownTimeout,
    @JsonProperty("max_concurrent_writes") Integer maxConcurrentWrites,
    @JsonProperty("write_queue_timeout") Duration writeQueueTimeout,
    @JsonProperty("max_write_bytes_in_flight") ByteSize maxWriteBytesInFlight) {

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
  }

  static ServerConfig defaults() {
    return new ServerConfig(null, null, null, null, null, null);
  }

  /** A copy listening on {@code listen}. */
  public ServerConfig withListen(ListenAddress listen) {
    return new ServerConfig(
        listen,
        maxRequestSize,
        shutdownTimeout,
        maxConcurrentWrites,
        writeQueueTimeout,
        maxWriteBytesInFlight);
  }
}
