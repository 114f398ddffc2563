package dev.vigil.ingest.remotewrite;

import static dev.vigil.ingest.remotewrite.WireReader.I64;
import static dev.vigil.ingest.remotewrite.WireReader.LEN;
import static dev.vigil.ingest.remotewrite.WireReader.VARINT;

import dev.vigil.core.model.Labels;
import dev.vigil.core.storage.Appender;
import dev.vigil.ingest.IngestException;
import dev.vigil.ingest.LabelRules;
import dev.vigil.ingest.MetadataSink;
import dev.vigil.ingest.MetricType;
import dev.vigil.ingest.SeriesRefCache;
import dev.vigil.ingest.SeriesWriter;
import dev.vigil.ingest.StringInterner;
import dev.vigil.ingest.WriteStats;
import java.util.Arrays;

/**
 * Decodes Prometheus remote-write request bodies, 1.0 ({@code prometheus.WriteRequest}) and 2.0
 * ({@code io.prometheus.write.v2.Request}), straight into an {@link Appender}: no generated
 * classes, no object per sample; labels go through a reused builder and samples stay primitives.
 * The wire format is described in {@code docs/formats/remote-write.md}.
 *
 * <p>Who calls it: the HTTP handlers of {@code POST /api/v1/write} (both versions on one route,
 * chosen with {@link RemoteWriteVersion#fromContentType}). The caller owns the appender's batch and
 * commits or rolls back; see the {@code dev.vigil.ingest} package comment for the whole pattern.
 *
 * <p>Partial acceptance: a body that cannot be decoded as a whole (corrupt snappy, broken protobuf
 * framing, a 1.0 body sent as 2.0 or the reverse, symbols not starting with {@code ""}) throws
 * {@link IngestException} and the caller stores nothing. A series that breaks a rule (invalid or
 * duplicate label name, a limit, invalid UTF-8, a symbol reference out of range) is skipped with
 * all its samples and the rest of the request is stored; {@link WriteStats} says what and why.
 * Native histograms and exemplars are read, counted and dropped (the storage keeps neither yet).
 * Metadata goes to the {@link MetadataSink}. 2.0 start ("created") timestamps are read and counted.
 *
 * <p>Errors and HTTP statuses: {@link IngestException#httpStatus()} is 400 (malformed), 413 (over
 * {@code maxDecodedBytes}) or 415 (from the negotiation helpers). A request whose {@link
 * WriteStats#complete()} is false should get 400 with {@link WriteStats#errorSummary()} after the
 * commit. Storage failures other than per-sample refusals propagate as {@link
 * dev.vigil.core.storage.StorageException} (500, or 503 when overloaded).
 *
 * <p>Not thread-safe: one decoder per thread, reused across requests (it keeps its buffers).
 */
public final class RemoteWriteDecoder {
  /** The default limit on a decompressed body: 64 MiB. */
  public static final int DEFAULT_MAX_DECODED_BYTES = 64 << 20;

  private static final String SERIES = "series";

  private final int maxDecodedBytes;
  private final SeriesWriter writer;
  private final StringInterner strings = new StringInterner();
  private final WireReader r = new WireReader();
  private final BodyDecompressor decompressor = new BodyDecompressor();
  private MetadataSink metadataSink = MetadataSink.NONE;
  private SeriesRefCache seriesCache;

  private int[] symStart = new int[256];
  private int[] symLen = new int[256];
  private String[] symStr = new String[256];
  private boolean[] symBad = new boolean[256];
  private int symCount;
  private int[] refs = new int[64];

  // The series cache's look-ahead over a 1.0 body: per series, where its label bytes start, how
  // many there are (-1: none to look up), their hash, and the entry found.
  private int lookedAhead;
  private int[] keyStart = new int[0];
  private int[] keyLength = new int[0];
  private long[] keyHash = new long[0];
  private SeriesRefCache.Entry[] keyFound = new SeriesRefCache.Entry[0];
  private Labels[] knownLabels = new Labels[0];
  private long[] knownRef = new long[0];

  private long createdTimestamps;

  /** A decoder with the default limits. */
  public RemoteWriteDecoder() {
    this(DEFAULT_MAX_DECODED_BYTES, LabelRules.DEFAULT);
  }

  /**
   * A decoder refusing bodies that decompress to more than {@code maxDecodedBytes} (413) and series
   * that break {@code rules}.
   */
  public RemoteWriteDecoder(int maxDecodedBytes, LabelRules rules) {
    if (maxDecodedBytes <= 0) {
      throw new IllegalArgumentException("maxDecodedBytes must be positive: " + maxDecodedBytes);
    }
    this.maxDecodedBytes = maxDecodedBytes;
    this.writer = new SeriesWriter(rules);
  }

  /**
   * Remembers the series of 1.0 requests in {@code cache}, shared by the decoders writing to one
   * storage, so that label sets seen before skip decoding and lookup; returns this decoder.
   */
  public RemoteWriteDecoder seriesCache(SeriesRefCache cache) {
    this.seriesCache = cache;
    return this;
  }

  /** Sends metadata to {@code sink} from now on; returns this decoder. */
  public RemoteWriteDecoder metadataSink(MetadataSink sink) {
    this.metadataSink = sink;
    return this;
  }

  /**
   * Decodes a remote write 1.0 body.
   *
   * @param snappy whether the body is snappy-compressed (it always is on the wire)
   */
  public WriteStats decode(byte[] body, boolean snappy, Appender app) {
    return decode(
        body,
        0,
        body.length,
        snappy ? Compression.SNAPPY : Compression.NONE,
        RemoteWriteVersion.V1,
        app);
  }

  /** Decodes a whole body of the given compression and message version. */
  public WriteStats decode(
      byte[] body, Compression compression, RemoteWriteVersion version, Appender app) {
    return decode(body, 0, body.length, compression, version, app);
  }

  /**
   * Decodes {@code body[off, off+len)} and appends its samples to {@code app} (without committing).
   *
   * @return what was written and rejected
   * @throws IngestException when the body cannot be decoded as a whole; the caller must roll back
   */
  public WriteStats decode(
      byte[] body,
      int off,
      int len,
      Compression compression,
      RemoteWriteVersion version,
      Appender app) {
    byte[] data = decompressor.decompress(body, off, len, compression, maxDecodedBytes);
    int start = compression == Compression.NONE ? off : 0;
    int end = start + decompressor.length();
    writer.begin(app);
    createdTimestamps = 0;
    try {
      if (version == RemoteWriteVersion.V1) {
        decodeV1(data, start, end);
      } else {
        decodeV2(data, start, end);
      }
    } finally {
      r.reset(null, 0, 0);
      Arrays.fill(keyFound, 0, lookedAhead, null);
      Arrays.fill(knownLabels, 0, lookedAhead, null);
      lookedAhead = 0;
      Arrays.fill(symStr, 0, symCount, null);
      symCount = 0;
      decompressor.trim();
    }
    return writer.finish();
  }

  /** The decompressed size of the last body, in bytes (for self-metrics). */
  public int decodedBytes() {
    return decompressor.length();
  }

  /** How many samples of the last 2.0 request carried a start (created) timestamp. */
  public long createdTimestamps() {
    return createdTimestamps;
  }

  // ---- 1.0: prometheus.WriteRequest ----

  private void decodeV1(byte[] b, int off, int end) {
    r.reset(b, off, end);
    lookedAhead = 0;
    if (seriesCache != null) {
      lookAheadV1();
      r.reset(b, off, end);
    }
    long series = 0;
    while (r.more()) {
      int tag = r.tag();
      switch (tag >>> 3) {
        case 1 -> {
          r.expect(tag, LEN, "timeseries");
          int outer = r.enter(r.length());
          seriesV1(series++);
          r.leave(outer);
        }
        case 3 -> {
          r.expect(tag, LEN, "metadata");
          int outer = r.enter(r.length());
          metadataV1();
          r.leave(outer);
        }
        case 4, 5 ->
            throw r.error(
                r.pos(),
                "field "
                    + (tag >>> 3)
                    + " is not part of prometheus.WriteRequest; a remote write 2.0 body needs"
                    + " Content-Type: "
                    + RemoteWriteVersion.V2.contentType());
        default -> r.skip(tag);
      }
    }
  }

  /**
   * Finds the leading label bytes of every series in the body, hashes them and looks them all up in
   * the series cache at once (see {@link SeriesRefCache#lookup}). Stops quietly at anything
   * malformed: the decoding pass that follows reports it.
   */
  private void lookAheadV1() {
    int n = 0;
    try {
      while (r.more()) {
        int tag = r.tag();
        if (tag >>> 3 != 1 || (tag & 7) != LEN) {
          r.skip(tag);
          continue;
        }
        int outer = r.enter(r.length());
        if (n == keyStart.length) {
          int cap = Math.max(64, 2 * n);
          keyStart = Arrays.copyOf(keyStart, cap);
          keyLength = Arrays.copyOf(keyLength, cap);
          keyHash = Arrays.copyOf(keyHash, 2 * cap);
          keyFound = Arrays.copyOf(keyFound, cap);
          knownLabels = Arrays.copyOf(knownLabels, cap);
          knownRef = Arrays.copyOf(knownRef, cap);
        }
        int start = r.pos();
        int keyEnd = leadingLabelsEnd(start);
        keyStart[n] = start;
        keyLength[n] = keyEnd > start ? keyEnd - start : -1;
        seriesCache.hash(r.buf(), start, keyEnd - start, keyHash, n);
        n++;
        r.leave(outer);
      }
    } catch (IngestException e) {
      // left to the decoding pass
    }
    seriesCache.lookup(keyHash, keyLength, n, keyFound);
    lookedAhead = n;
    // Read the entries found in one tight loop too: their cache misses overlap here rather than
    // stall the decoding of each series.
    for (int i = 0; i < n; i++) {
      SeriesRefCache.Entry e = keyFound[i];
      if (e != null) {
        knownLabels[i] = e.labels();
        knownRef[i] = e.ref();
      }
    }
  }

  private void seriesV1(long index) {
    int start = r.pos();
    writer.startSeries(SERIES, index);
    int i = (int) index;
    int keyLen = -1;
    Labels known = null;
    long knownAs = 0;
    if (index < lookedAhead && keyStart[i] == start) {
      keyLen = keyLength[i];
      known = knownLabels[i];
      knownAs = knownRef[i];
    }
    if (known != null) {
      writer.knownSeries(known, knownAs);
    } else {
      labelsV1(start);
    }
    r.seek(start);
    while (r.more()) {
      int tag = r.tag();
      switch (tag >>> 3) {
        case 2 -> {
          r.expect(tag, LEN, "sample");
          int outer = r.enter(r.length());
          sample(false);
          r.leave(outer);
        }
        case 3 -> {
          r.expect(tag, LEN, "exemplar");
          r.skip(tag);
          writer.exemplarDropped();
        }
        case 4 -> {
          r.expect(tag, LEN, "histogram");
          r.skip(tag);
          writer.histogramDropped();
        }
        default -> r.skip(tag);
      }
    }
    long ref = writer.ref();
    if (keyLen > 0 && ref != 0 && (known == null || knownAs != ref)) {
      seriesCache.put(keyHash, i, keyLen, writer.labels(), ref);
    }
  }

  /**
   * The end of the label fields at the start of the series at {@code start}, when they are all its
   * labels (as every sender writes them); {@code start} when labels come after other fields, or the
   * series is to be decoded the long way for another reason.
   */
  private int leadingLabelsEnd(int start) {
    int end = start;
    boolean other = false;
    while (r.more()) {
      int tag = r.tag();
      if (tag >>> 3 == 1) {
        if (other || (tag & 7) != LEN) {
          r.seek(start);
          return start;
        }
        r.skip(tag);
        end = r.pos();
      } else {
        other = true;
        r.skip(tag);
      }
    }
    r.seek(start);
    return end;
  }

  private void labelsV1(int start) {
    r.seek(start);
    while (r.more()) {
      int tag = r.tag();
      if (tag >>> 3 == 1) {
        r.expect(tag, LEN, "label");
        int outer = r.enter(r.length());
        labelV1();
        r.leave(outer);
      } else {
        r.skip(tag);
      }
    }
    writer.endLabels();
  }

  private void labelV1() {
    String name = "";
    String value = "";
    while (r.more()) {
      int tag = r.tag();
      switch (tag >>> 3) {
        case 1 -> {
          r.expect(tag, LEN, "label name");
          name = string("label name");
        }
        case 2 -> {
          r.expect(tag, LEN, "label value");
          value = string("label value");
        }
        default -> r.skip(tag);
      }
    }
    writer.label(name, value);
  }

  private String string(String what) {
    int len = r.length();
    int p = r.pos();
    r.seek(p + len);
    String s = strings.get(r.buf(), p, len);
    if (s == null) {
      writer.rejectSeries(what + " at byte " + p + " is not valid UTF-8");
      return "";
    }
    return s;
  }

  private void sample(boolean v2) {
    double v = 0;
    long t = 0;
    while (r.more()) {
      int tag = r.tag();
      switch (tag >>> 3) {
        case 1 -> {
          r.expect(tag, I64, "sample value");
          v = r.float64();
        }
        case 2 -> {
          r.expect(tag, VARINT, "sample timestamp");
          t = r.varint();
        }
        case 3 -> {
          if (v2) {
            r.expect(tag, VARINT, "sample start timestamp");
            if (r.varint() != 0) {
              createdTimestamps++;
            }
          } else {
            r.skip(tag);
          }
        }
        default -> r.skip(tag);
      }
    }
    writer.sample(t, v);
  }

  private void metadataV1() {
    long type = 0;
    String family = "";
    String help = "";
    String unit = "";
    while (r.more()) {
      int tag = r.tag();
      switch (tag >>> 3) {
        case 1 -> {
          r.expect(tag, VARINT, "metadata type");
          type = r.varint();
        }
        case 2 -> {
          r.expect(tag, LEN, "metric family name");
          family = metadataString();
        }
        case 4 -> {
          r.expect(tag, LEN, "help");
          help = metadataString();
        }
        case 5 -> {
          r.expect(tag, LEN, "unit");
          unit = metadataString();
        }
        default -> r.skip(tag);
      }
    }
    writer.metadataReceived();
    if (!family.isEmpty()) {
      metadataSink.metadata(family, MetricType.ofWire(type), help, unit);
    }
  }

  private String metadataString() {
    int len = r.length();
    int p = r.pos();
    r.seek(p + len);
    String s = strings.get(r.buf(), p, len);
    return s == null ? "" : s;
  }

  // ---- 2.0: io.prometheus.write.v2.Request ----

  private void decodeV2(byte[] b, int off, int end) {
    // Symbols first: the encoding does not promise they precede the series that use them.
    r.reset(b, off, end);
    symCount = 0;
    while (r.more()) {
      int tag = r.tag();
      int field = tag >>> 3;
      if (field == 4) {
        r.expect(tag, LEN, "symbol");
        int len = r.length();
        addSymbol(r.pos(), len);
        r.seek(r.pos() + len);
      } else if (field >= 1 && field <= 3) {
        throw r.error(
            r.pos(),
            "field "
                + field
                + " is not part of io.prometheus.write.v2.Request; a remote write 1.0 body needs"
                + " Content-Type: application/x-protobuf");
      } else {
        r.skip(tag);
      }
    }
    if (symCount > 0 && symLen[0] != 0) {
      throw IngestException.malformed(
          "remote write 2.0: symbols[0] must be the empty string, got "
              + SeriesWriter.quote(symbolOrPlaceholder(0)));
    }
    r.reset(b, off, end);
    long series = 0;
    while (r.more()) {
      int tag = r.tag();
      if (tag >>> 3 == 5) {
        r.expect(tag, LEN, "timeseries");
        int outer = r.enter(r.length());
        seriesV2(series++);
        r.leave(outer);
      } else {
        r.skip(tag);
      }
    }
  }

  private void addSymbol(int start, int len) {
    if (symCount == symStart.length) {
      int n = symCount * 2;
      symStart = Arrays.copyOf(symStart, n);
      symLen = Arrays.copyOf(symLen, n);
      symStr = Arrays.copyOf(symStr, n);
      symBad = Arrays.copyOf(symBad, n);
    }
    symStart[symCount] = start;
    symLen[symCount] = len;
    symStr[symCount] = null;
    symBad[symCount] = false;
    symCount++;
  }

  /** Symbol {@code i}, or null when out of range or not UTF-8 (the series is rejected then). */
  private String symbol(long i, String what) {
    if (i < 0 || i >= symCount) {
      writer.rejectSeries(
          what + " refers to symbol " + i + ", but the request has " + symCount + " symbols");
      return null;
    }
    int k = (int) i;
    String s = symStr[k];
    if (s == null && !symBad[k]) {
      s = strings.get(r.buf(), symStart[k], symLen[k]);
      if (s == null) {
        symBad[k] = true;
      } else {
        symStr[k] = s;
      }
    }
    if (s == null) {
      writer.rejectSeries(what + " (symbol " + i + ") is not valid UTF-8");
    }
    return s;
  }

  private String symbolOrPlaceholder(int i) {
    String s = strings.get(r.buf(), symStart[i], symLen[i]);
    return s == null ? "<invalid UTF-8>" : s;
  }

  private void seriesV2(long index) {
    int start = r.pos();
    writer.startSeries(SERIES, index);
    int n = 0;
    while (r.more()) {
      int tag = r.tag();
      if (tag >>> 3 == 1) {
        if ((tag & 7) == LEN) {
          int outer = r.enter(r.length());
          while (r.more()) {
            n = addRef(n, r.varint());
          }
          r.leave(outer);
        } else {
          r.expect(tag, VARINT, "labels_refs");
          n = addRef(n, r.varint());
        }
      } else {
        r.skip(tag);
      }
    }
    if (n % 2 != 0) {
      writer.rejectSeries("labels_refs has an odd number of entries (" + n + ")");
    }
    for (int i = 0; i + 1 < n && writer.seriesValid(); i += 2) {
      String name = symbol(refs[i] & 0xffffffffL, "label name");
      String value = symbol(refs[i + 1] & 0xffffffffL, "label value");
      if (name != null && value != null) {
        writer.label(name, value);
      }
    }
    writer.endLabels();
    r.seek(start);
    while (r.more()) {
      int tag = r.tag();
      switch (tag >>> 3) {
        case 2 -> {
          r.expect(tag, LEN, "sample");
          int outer = r.enter(r.length());
          sample(true);
          r.leave(outer);
        }
        case 3 -> {
          r.expect(tag, LEN, "histogram");
          r.skip(tag);
          writer.histogramDropped();
        }
        case 4 -> {
          r.expect(tag, LEN, "exemplar");
          r.skip(tag);
          writer.exemplarDropped();
        }
        case 5 -> {
          r.expect(tag, LEN, "metadata");
          int outer = r.enter(r.length());
          metadataV2();
          r.leave(outer);
        }
        case 6 -> {
          // created_timestamp of the 2.0 release candidates, since moved into Sample.
          r.expect(tag, VARINT, "created_timestamp");
          if (r.varint() != 0) {
            createdTimestamps++;
          }
        }
        default -> r.skip(tag);
      }
    }
  }

  private int addRef(int n, long ref) {
    if (n == refs.length) {
      refs = Arrays.copyOf(refs, n * 2);
    }
    // Refs are uint32 on the wire; larger values are kept out of range on purpose.
    refs[n] = ref >= 0 && ref <= 0xffffffffL ? (int) ref : -1;
    return n + 1;
  }

  private void metadataV2() {
    long type = 0;
    long helpRef = 0;
    long unitRef = 0;
    while (r.more()) {
      int tag = r.tag();
      switch (tag >>> 3) {
        case 1 -> {
          r.expect(tag, VARINT, "metadata type");
          type = r.varint();
        }
        case 3 -> {
          r.expect(tag, VARINT, "help_ref");
          helpRef = r.varint();
        }
        case 4 -> {
          r.expect(tag, VARINT, "unit_ref");
          unitRef = r.varint();
        }
        default -> r.skip(tag);
      }
    }
    writer.metadataReceived();
    if (type == 0 && helpRef == 0 && unitRef == 0) {
      return;
    }
    if (helpRef < 0 || helpRef >= symCount || unitRef < 0 || unitRef >= symCount) {
      writer.error(
          "metadata refers to symbol "
              + (helpRef < 0 || helpRef >= symCount ? helpRef : unitRef)
              + ", but the request has "
              + symCount
              + " symbols; metadata ignored");
      return;
    }
    if (writer.seriesValid() && writer.labels() != null) {
      String help = strings.get(r.buf(), symStart[(int) helpRef], symLen[(int) helpRef]);
      String unit = strings.get(r.buf(), symStart[(int) unitRef], symLen[(int) unitRef]);
      metadataSink.metadata(
          writer.labels().metricName(),
          MetricType.ofWire(type),
          help == null ? "" : help,
          unit == null ? "" : unit);
    }
  }
}
