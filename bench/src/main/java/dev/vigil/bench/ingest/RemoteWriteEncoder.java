package dev.vigil.bench.ingest;

import io.airlift.compress.snappy.SnappyCompressor;
import java.nio.charset.StandardCharsets;

/**
 * Prometheus remote write 1.0 bodies: a {@code prometheus.WriteRequest} in protobuf, block-snappy
 * compressed, as Prometheus's own {@code remote_write} sends them. Each series' label bytes are
 * encoded once and reused for every timestamp.
 */
final class RemoteWriteEncoder implements PayloadEncoder {
  private static final int LEN = 2;
  private static final int I64 = 1;
  private static final int VARINT = 0;

  private final SnappyCompressor snappy = new SnappyCompressor();
  private final ByteBuf proto = new ByteBuf(1 << 20);
  private byte[][] labelBytes;
  private byte[] compressed = new byte[0];

  @Override
  public String protocol() {
    return "remote-write-1.0";
  }

  @Override
  public byte[] encode(SeriesCatalog series, int from, int to, int k, long tMillis) {
    if (labelBytes == null || labelBytes.length != series.size()) {
      labelBytes = new byte[series.size()][];
    }
    proto.clear();
    ByteBuf sample = new ByteBuf(32);
    for (int i = from; i < to; i++) {
      byte[] labels = labelBytes[i];
      if (labels == null) {
        labels = labelsOf(series.labels(i));
        labelBytes[i] = labels;
      }
      sample.clear();
      sample.tag(1, I64).fixed64(Double.doubleToRawLongBits(series.value(i, k)));
      sample.tag(2, VARINT).varint(tMillis);
      int tsLen = labels.length + 1 + ByteBuf.varintSize(sample.length()) + sample.length();
      proto.tag(1, LEN).varint(tsLen).put(labels);
      proto.tag(2, LEN).varint(sample.length()).put(sample.toByteArray());
    }
    int max = snappy.maxCompressedLength(proto.length());
    if (compressed.length < max) {
      compressed = new byte[max];
    }
    int n = snappy.compress(proto.array(), 0, proto.length(), compressed, 0, max);
    byte[] out = new byte[n];
    System.arraycopy(compressed, 0, out, 0, n);
    return out;
  }

  /** The repeated {@code labels} fields (field 1 of TimeSeries) for one series. */
  private static byte[] labelsOf(String[] pairs) {
    ByteBuf b = new ByteBuf(256);
    ByteBuf label = new ByteBuf(64);
    for (int j = 0; j < pairs.length; j += 2) {
      label.clear();
      label.bytesField(1, pairs[j].getBytes(StandardCharsets.UTF_8));
      label.bytesField(2, pairs[j + 1].getBytes(StandardCharsets.UTF_8));
      b.tag(1, LEN).varint(label.length()).put(label.toByteArray());
    }
    return b.toByteArray();
  }
}
