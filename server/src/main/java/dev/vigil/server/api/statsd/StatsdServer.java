package dev.vigil.server.api.statsd;

import dev.vigil.core.selfmetrics.Counter;
import dev.vigil.core.selfmetrics.MetricsRegistry;
import dev.vigil.ingest.IngestException;
import dev.vigil.ingest.WriteStats;
import dev.vigil.ingest.statsd.StatsdAggregator;
import dev.vigil.server.api.write.WriteApi;
import dev.vigil.server.config.ListenAddress;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The StatsD listener: reads UDP packets into a {@link StatsdAggregator} on one thread and writes
 * the aggregate through the {@link WriteApi} every flush interval (and once more on stop).
 * Malformed lines are counted in {@code vigil_statsd_lines_total{outcome="malformed"}} and logged
 * with their reason, at most once per {@value #LOG_EVERY_SECONDS} seconds with a count of the
 * others.
 */
public final class StatsdServer {
  private static final Logger LOG = LoggerFactory.getLogger(StatsdServer.class);
  private static final String PROTOCOL = "statsd";
  private static final int LOG_EVERY_SECONDS = 10;
  private static final int MAX_PACKET = 65_535;

  private final ListenAddress address;
  private final Duration flushInterval;
  private final StatsdAggregator aggregator;
  private final WriteApi write;
  private final Counter lines;
  private final ScheduledExecutorService flusher;
  private DatagramChannel channel;
  private Thread receiver;

  private long lastLogNanos = System.nanoTime() - TimeUnit.SECONDS.toNanos(LOG_EVERY_SECONDS);
  private long suppressed;

  /** A listener on {@code address} (not started). */
  public StatsdServer(
      ListenAddress address,
      Duration flushInterval,
      StatsdAggregator aggregator,
      WriteApi write,
      MetricsRegistry registry) {
    this.address = address;
    this.flushInterval = flushInterval;
    this.aggregator = aggregator;
    this.write = write;
    this.lines =
        registry.register(
            new Counter(
                "vigil_statsd_lines_total",
                "StatsD lines received, by outcome (ok, malformed).",
                "outcome"),
            "vigil_statsd_lines_total");
    this.flusher =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("statsd-flush").factory());
  }

  /** Binds the UDP socket and starts receiving and flushing. */
  public void start() throws IOException {
    channel =
        DatagramChannel.open(
                address.host().contains(":")
                    ? StandardProtocolFamily.INET6
                    : StandardProtocolFamily.INET)
            .bind(new InetSocketAddress(address.bindHost(), address.port()));
    receiver = Thread.ofPlatform().daemon().name("statsd-receive").start(this::receive);
    long ms = flushInterval.toMillis();
    var unused = flusher.scheduleAtFixedRate(this::flush, ms, ms, TimeUnit.MILLISECONDS);
  }

  /** The bound UDP port. */
  public int port() {
    return ((InetSocketAddress) channel.socket().getLocalSocketAddress()).getPort();
  }

  private void receive() {
    ByteBuffer buf = ByteBuffer.allocate(MAX_PACKET);
    while (true) {
      buf.clear();
      try {
        channel.receive(buf);
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        LOG.warn("statsd: receive failed: {}", e.toString());
        continue;
      }
      int ok = aggregator.ingest(buf.array(), 0, buf.position(), this::malformed);
      lines.labels("ok").inc(ok);
    }
  }

  private void malformed(String line, String reason) {
    lines.labels("malformed").inc();
    long now = System.nanoTime();
    if (now - lastLogNanos >= TimeUnit.SECONDS.toNanos(LOG_EVERY_SECONDS)) {
      String shown = line.length() > 200 ? line.substring(0, 200) + "..." : line;
      LOG.warn(
          "statsd: malformed line \"{}\": {}{}",
          shown,
          reason,
          suppressed > 0 ? " (" + suppressed + " more malformed lines not logged)" : "");
      lastLogNanos = now;
      suppressed = 0;
    } else {
      suppressed++;
    }
  }

  private void flush() {
    long t = System.currentTimeMillis();
    try {
      WriteStats stats = write.write(PROTOCOL, app -> aggregator.flush(t, app));
      write.count(PROTOCOL, stats);
      if (!stats.complete()) {
        LOG.warn("statsd: flush partly refused: {}", stats.errorSummary().strip());
      }
    } catch (WriteApi.OverloadedException | IngestException e) {
      LOG.warn("statsd: flush skipped: {}", e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("statsd: flush failed: {}", e.toString());
    }
  }

  /** Stops receiving, writes what was aggregated one last time, and releases the socket. */
  public void stop() {
    try {
      channel.close();
    } catch (IOException e) {
      LOG.warn("statsd: closing the socket failed: {}", e.toString());
    }
    try {
      receiver.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flusher.shutdown();
    try {
      flusher.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flush();
  }
}
