package dev.vigil.collect.agent;

import dev.vigil.core.model.Labels;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Encodes samples as the {@code timeseries} entries of a Prometheus remote write 1.0 {@code
 * WriteRequest} (protobuf, not compressed). Entries of several writers concatenated are still one
 * valid {@code WriteRequest}, since protobuf merges repeated fields: that is how the sender joins
 * queued batches into one request.
 *
 * <p>Not thread-safe.
 */
final class WriteRequestWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
  private final ByteArrayOutputStream series = new ByteArrayOutputStream(256);
  private int samples;

  /** Adds one sample as its own {@code TimeSeries}. */
  void add(Labels labels, long t, double v) {
    series.reset();
    for (int i = 0; i < labels.size(); i++) {
      byte[] name = labels.name(i).getBytes(StandardCharsets.UTF_8);
      byte[] value = labels.value(i).getBytes(StandardCharsets.UTF_8);
      int len =
          1 + varintSize(name.length) + name.length + 1 + varintSize(value.length) + value.length;
      series.write(0x0a); // TimeSeries.labels = 1, length-delimited
      varint(series, len);
      series.write(0x0a); // Label.name = 1
      varint(series, name.length);
      series.writeBytes(name);
      series.write(0x12); // Label.value = 2
      varint(series, value.length);
      series.writeBytes(value);
    }
    series.write(0x12); // TimeSeries.samples = 2
    varint(series, 1 + 8 + 1 + varintSize(t));
    series.write(0x09); // Sample.value = 1, fixed64
    long bits = Double.doubleToRawLongBits(v);
    for (int i = 0; i < 8; i++) {
      series.write((int) (bits >>> (8 * i)));
    }
    series.write(0x10); // Sample.timestamp = 2, varint
    varint(series, t);
    out.write(0x0a); // WriteRequest.timeseries = 1
    varint(out, series.size());
    out.writeBytes(series.toByteArray());
    samples++;
  }

  int samples() {
    return samples;
  }

  byte[] bytes() {
    return out.toByteArray();
  }

  void reset() {
    out.reset();
    samples = 0;
  }

  private static void varint(ByteArrayOutputStream o, long v) {
    while ((v & ~0x7FL) != 0) {
      o.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    o.write((int) v);
  }

  private static int varintSize(long v) {
    int n = 1;
    while ((v & ~0x7FL) != 0) {
      v >>>= 7;
      n++;
    }
    return n;
  }
}
