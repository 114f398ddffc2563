package dev.vigil.bench.ingest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Sends pre-encoded {@link Payloads} to one endpoint with one thread per sender, at the highest
 * rate the endpoint accepts or at a fixed total rate in samples per second, and measures what was
 * accepted. Like Prometheus's remote write, a request answered 429 or 5xx (or not answered) is
 * retried with back-off (honouring {@code Retry-After}); any other 4xx is counted and dropped.
 */
public final class LoadRun {
  /** What to send where, and how. */
  public record Settings(
      URI url,
      Map<String, String> headers,
      double samplesPerSecond,
      int maxRetries,
      Duration timeout) {}

  /** The outcome of a run. */
  public record Result(
      long requests,
      long acceptedRequests,
      long samplesSent,
      long samplesAccepted,
      long bytesSent,
      long elapsedNanos,
      Histogram latencyMicros,
      Map<String, Long> statuses,
      Map<String, String> firstErrors) {
    /** Accepted samples per second of wall-clock time. */
    public double acceptedPerSecond() {
      return samplesAccepted / (elapsedNanos / 1e9);
    }
  }

  private final Settings settings;
  private final HttpClient client;
  private final Map<String, LongAdder> statuses = new ConcurrentHashMap<>();
  private final Map<String, String> firstErrors = new ConcurrentHashMap<>();

  public LoadRun(Settings settings) {
    this.settings = settings;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(settings.timeout())
            .build();
  }

  /** Sends every request of {@code payloads} and waits for all senders. */
  public Result run(Payloads payloads) throws InterruptedException {
    int n = payloads.senders();
    Sender[] senders = new Sender[n];
    Thread[] threads = new Thread[n];
    long start = System.nanoTime();
    for (int s = 0; s < n; s++) {
      senders[s] = new Sender(payloads.forSender(s), n, start);
      threads[s] = new Thread(senders[s], "sender-" + s);
      threads[s].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    long elapsed = System.nanoTime() - start;
    Histogram latency = new Histogram(3_600_000_000L, 3);
    long requests = 0;
    long accepted = 0;
    long sent = 0;
    long ok = 0;
    long bytes = 0;
    for (Sender s : senders) {
      latency.add(s.latency);
      requests += s.requests;
      ok += s.acceptedRequests;
      accepted += s.samplesAccepted;
      sent += s.samplesSent;
      bytes += s.bytes;
    }
    Map<String, Long> counts = new TreeMap<>();
    statuses.forEach((k, v) -> counts.put(k, v.sum()));
    return new Result(
        requests, ok, sent, accepted, bytes, elapsed, latency, counts, new TreeMap<>(firstErrors));
  }

  private final class Sender implements Runnable {
    private final List<Payloads.Request> requests0;
    private final double nanosPerSample;
    private final long start;
    final Histogram latency = new Histogram(3_600_000_000L, 3);
    long requests;
    long acceptedRequests;
    long samplesSent;
    long samplesAccepted;
    long bytes;

    Sender(List<Payloads.Request> requests, int senders, long start) {
      this.requests0 = new ArrayList<>(requests);
      double rate = settings.samplesPerSecond();
      // Each sender paces its share of the total rate.
      this.nanosPerSample = rate > 0 ? 1e9 * senders / rate : 0;
      this.start = start;
    }

    @Override
    public void run() {
      long due = start;
      for (Payloads.Request r : requests0) {
        if (nanosPerSample > 0) {
          long wait = due - System.nanoTime();
          if (wait > 0) {
            LockSupport.parkNanos(wait);
          }
          due += (long) (r.samples() * nanosPerSample);
        }
        samplesSent += r.samples();
        if (send(r)) {
          acceptedRequests++;
          samplesAccepted += r.samples();
        }
      }
    }

    /** Sends one request until it is accepted, refused for good, or out of retries. */
    private boolean send(Payloads.Request r) {
      long backoffMillis = 50;
      for (int attempt = 0; ; attempt++) {
        HttpRequest.Builder b =
            HttpRequest.newBuilder(settings.url())
                .timeout(settings.timeout())
                .POST(HttpRequest.BodyPublishers.ofByteArray(r.body()));
        settings.headers().forEach(b::header);
        requests++;
        bytes += r.body().length;
        long t0 = System.nanoTime();
        int status;
        Optional<String> retryAfter = Optional.empty();
        try {
          HttpResponse<byte[]> resp =
              client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
          status = resp.statusCode();
          count(Integer.toString(status), status / 100 == 2 ? null : resp.body());
          retryAfter = resp.headers().firstValue("Retry-After");
        } catch (IOException e) {
          status = -1;
          count("io-error", e.toString().getBytes(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
        latency.recordValue(Math.max(0, Math.min((System.nanoTime() - t0) / 1000, 3_600_000_000L)));
        if (status / 100 == 2) {
          return true;
        }
        boolean retryable = status == -1 || status == 429 || status / 100 == 5;
        if (!retryable || attempt >= settings.maxRetries()) {
          return false;
        }
        long sleep = backoffMillis;
        if (retryAfter.isPresent()) {
          try {
            sleep = Math.min(10_000, Long.parseLong(retryAfter.get().trim()) * 1000);
          } catch (NumberFormatException e) {
            // An HTTP date or garbage: keep the exponential back-off.
          }
        }
        LockSupport.parkNanos(sleep * 1_000_000L);
        backoffMillis = Math.min(2_000, backoffMillis * 2);
      }
    }

    private void count(String key, byte[] errorBody) {
      statuses.computeIfAbsent(key, k -> new LongAdder()).increment();
      if (errorBody != null) {
        String msg = new String(errorBody, StandardCharsets.UTF_8).strip();
        if (msg.length() > 300) {
          msg = msg.substring(0, 300) + "...";
        }
        firstErrors.putIfAbsent(key, msg);
      }
    }
  }
}
