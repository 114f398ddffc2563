package dev.vigil.collect.agent;

import io.airlift.compress.snappy.SnappyCompressor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the {@link DiskQueue}'s batches to a remote write 1.0 endpoint, oldest first, and
 * acknowledges them in the queue once the receiver answered 2xx. The more is queued, the more
 * batches go into one request (up to {@code maxRequestBytes}), so a backlog after an outage drains
 * in large requests. A connection failure, a 5xx or a 429 is retried with exponential backoff (from
 * {@code minBackoff} up to {@code maxBackoff}) until it succeeds; any other 4xx means the receiver
 * will never take the data, so the request's samples are dropped, counted and logged.
 *
 * <p>Runs on its own thread ({@link #run}) until interrupted.
 */
public final class RemoteWriteSender implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteWriteSender.class);

  private final DiskQueue queue;
  private final URI url;
  private final Map<String, String> headers;
  private final long maxRequestBytes;
  private final Duration minBackoff;
  private final Duration maxBackoff;
  private final Duration timeout;
  private final HttpClient http;
  private final SnappyCompressor snappy = new SnappyCompressor();
  private final AtomicLong sentSamples = new AtomicLong();
  private final AtomicLong sentRequests = new AtomicLong();
  private final AtomicLong failedRequests = new AtomicLong();
  private final AtomicLong rejectedSamples = new AtomicLong();
  private volatile long lastSuccessMillis;

  /**
   * @param headers extra request headers (e.g. {@code Authorization})
   */
  public RemoteWriteSender(
      DiskQueue queue,
      URI url,
      Map<String, String> headers,
      long maxRequestBytes,
      Duration minBackoff,
      Duration maxBackoff,
      Duration timeout) {
    this.queue = queue;
    this.url = url;
    this.headers = Map.copyOf(headers);
    this.maxRequestBytes = maxRequestBytes;
    this.minBackoff = minBackoff;
    this.maxBackoff = maxBackoff;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  @Override
  public void run() {
    long backoff = minBackoff.toMillis();
    String lastError = null;
    while (!Thread.currentThread().isInterrupted()) {
      try {
        List<DiskQueue.Batch> batches = queue.read(maxRequestBytes, 1000);
        if (batches.isEmpty()) {
          continue;
        }
        String error = send(batches);
        if (error == null) {
          if (lastError != null) {
            LOG.info("remote write to {} works again", url);
          }
          lastError = null;
          backoff = minBackoff.toMillis();
          continue;
        }
        failedRequests.incrementAndGet();
        if (!error.equals(lastError)) {
          LOG.warn("remote write to {} failed, retrying with backoff: {}", url, error);
        }
        lastError = error;
        Thread.sleep(backoff);
        backoff = Math.min(backoff * 2, maxBackoff.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (IOException e) {
        LOG.error("agent queue: {}", e.getMessage());
        try {
          Thread.sleep(maxBackoff.toMillis());
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /** Sends one request; returns null when it is done with (sent or rejected), else the error. */
  private String send(List<DiskQueue.Batch> batches) throws IOException, InterruptedException {
    ByteArrayOutputStream proto = new ByteArrayOutputStream();
    int samples = 0;
    for (DiskQueue.Batch b : batches) {
      proto.writeBytes(b.payload());
      samples += b.samples();
    }
    byte[] raw = proto.toByteArray();
    byte[] compressed = new byte[snappy.maxCompressedLength(raw.length)];
    int n = snappy.compress(raw, 0, raw.length, compressed, 0, compressed.length);
    HttpRequest.Builder req =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .header("Content-Type", "application/x-protobuf")
            .header("Content-Encoding", "snappy")
            .header("User-Agent", "vigil-agent")
            .header("X-Prometheus-Remote-Write-Version", "0.1.0")
            .POST(HttpRequest.BodyPublishers.ofByteArray(Arrays.copyOf(compressed, n)));
    headers.forEach(req::header);
    HttpResponse<String> resp;
    try {
      resp = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return "connection failed: " + (e.getMessage() == null ? e.toString() : e.getMessage());
    }
    int status = resp.statusCode();
    long end = batches.get(batches.size() - 1).end();
    if (status / 100 == 2) {
      queue.ack(end);
      sentSamples.addAndGet(samples);
      sentRequests.incrementAndGet();
      lastSuccessMillis = System.currentTimeMillis();
      return null;
    }
    String body = resp.body() == null ? "" : resp.body().strip();
    if (status == 429 || status / 100 == 5) {
      return "HTTP " + status + ": " + body;
    }
    LOG.warn(
        "remote write to {} rejected {} samples with HTTP {}; dropping them: {}",
        url,
        samples,
        status,
        body);
    queue.ack(end);
    rejectedSamples.addAndGet(samples);
    return null;
  }

  /** Samples the receiver acknowledged. */
  public long sentSamples() {
    return sentSamples.get();
  }

  /** Requests the receiver acknowledged. */
  public long sentRequests() {
    return sentRequests.get();
  }

  /** Requests that failed and were retried. */
  public long failedRequests() {
    return failedRequests.get();
  }

  /** Samples dropped because the receiver refused them with a 4xx other than 429. */
  public long rejectedSamples() {
    return rejectedSamples.get();
  }

  /** When a request last succeeded, in milliseconds since the epoch (0 before the first). */
  public long lastSuccessMillis() {
    return lastSuccessMillis;
  }
}
