package dev.vigil.bench.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * Every request body of a run, encoded before the clock starts and split among the senders the way
 * Prometheus shards remote write: the series are cut into batches of {@code samplesPerRequest},
 * batch {@code b} belongs to sender {@code b % senders}, and each sender sends its batches in time
 * order (all its batches at the first timestamp, then the next), so no series ever goes backwards
 * in time however the senders interleave.
 */
public final class Payloads {
  /** One request: its body (never modified) and the samples it carries. */
  public static final class Request {
    private final byte[] body;
    private final int samples;

    Request(byte[] body, int samples) {
      this.body = body;
      this.samples = samples;
    }

    /** The encoded body; shared, callers must not modify it. */
    public byte[] body() {
      return body;
    }

    public int samples() {
      return samples;
    }
  }

  private final List<List<Request>> perSender;
  private final long totalBytes;
  private final long totalSamples;

  private Payloads(List<List<Request>> perSender, long totalBytes, long totalSamples) {
    this.perSender = perSender;
    this.totalBytes = totalBytes;
    this.totalSamples = totalSamples;
  }

  /**
   * Encodes {@code timestamps} rounds of every series, {@code intervalMillis} apart and ending at
   * {@code lastMillis}.
   */
  public static Payloads encode(
      SeriesCatalog series,
      PayloadEncoder encoder,
      int timestamps,
      int samplesPerRequest,
      int senders,
      long lastMillis,
      long intervalMillis) {
    int batches = (series.size() + samplesPerRequest - 1) / samplesPerRequest;
    List<List<Request>> perSender = new ArrayList<>(senders);
    for (int s = 0; s < senders; s++) {
      perSender.add(new ArrayList<>());
    }
    long bytes = 0;
    long samples = 0;
    for (int k = 0; k < timestamps; k++) {
      long t = lastMillis - (long) (timestamps - 1 - k) * intervalMillis;
      for (int b = 0; b < batches; b++) {
        int from = b * samplesPerRequest;
        int to = Math.min(series.size(), from + samplesPerRequest);
        byte[] body = encoder.encode(series, from, to, k, t);
        perSender.get(b % senders).add(new Request(body, to - from));
        bytes += body.length;
        samples += to - from;
      }
    }
    return new Payloads(perSender, bytes, samples);
  }

  /** The requests sender {@code s} sends, in order. */
  public List<Request> forSender(int s) {
    return perSender.get(s);
  }

  /** Number of senders the requests were split among. */
  public int senders() {
    return perSender.size();
  }

  /** Bytes of all bodies together. */
  public long totalBytes() {
    return totalBytes;
  }

  /** Samples in all bodies together. */
  public long totalSamples() {
    return totalSamples;
  }

  /** Number of requests. */
  public int requests() {
    int n = 0;
    for (List<Request> l : perSender) {
      n += l.size();
    }
    return n;
  }
}
