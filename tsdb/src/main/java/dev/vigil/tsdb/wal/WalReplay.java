package dev.vigil.tsdb.wal;

import dev.vigil.core.model.Labels;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Reads all segments of a write-ahead log in order and hands their records to a {@link Handler}.
 * The first damaged record of a segment (torn write, flipped bits, garbage) and everything after it
 * in that segment are cut off: the file is truncated there, the cut is logged and reported in the
 * {@link Result}, and replay continues with the next segment. Everything before the damage is kept.
 *
 * <p>Segments are read, checked and decoded on a thread of their own ({@code vigil-wal-decode})
 * while the calling thread applies the decoded records, in log order, to the handler: the handler
 * is only ever called from the thread that called {@link #replay}. Run once before the log is
 * written again.
 */
public final class WalReplay {
  private static final System.Logger LOG = System.getLogger(WalReplay.class.getName());

  /** Receives decoded records. Arrays are reused between calls. */
  public interface Handler {
    /** A series record: series {@code id} has {@code labels}. */
    void series(int id, Labels labels);

    /** A samples record: {@code (ids[i], ts[i], vs[i])} for {@code i < n}. */
    void samples(int[] ids, long[] ts, double[] vs, int n);

    /** A tombstones record: samples of {@code ids[i]} in {@code [mints[i], maxts[i]]} deleted. */
    void tombstones(int[] ids, long[] mints, long[] maxts, int n);
  }

  /** A cut made during replay. */
  public record Cut(String segment, long offset, long bytesDropped, String reason) {}

  /**
   * What replay found.
   *
   * @param lastSegment the highest segment index present (or covered by a checkpoint), or -1
   */
  public record Result(
      int segments, long records, long samples, long series, int lastSegment, List<Cut> cuts) {}

  private static final int STRING_CACHE_SLOTS = 1 << 14;
  private static final int STRING_CACHE_MAX_BYTES = 256;

  private final CRC32C crc = new CRC32C();
  private final CharsetDecoder utf8 =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final byte[][] cacheKeys = new byte[STRING_CACHE_SLOTS][];
  private final String[] cacheValues = new String[STRING_CACHE_SLOTS];
  private int[] ids = new int[1024];
  private long[] ts = new long[1024];
  private long[] ts2 = new long[1024];
  private double[] vs = new double[1024];
  private long records;
  private long samples;
  private long series;

  private WalReplay() {}

  /** Replays every segment in {@code dir} (missing directory: nothing) into {@code handler}. */
  public static Result replay(Path dir, Handler handler) throws IOException {
    return new WalReplay().run(dir, handler);
  }

  private Result run(Path dir, Handler handler) throws IOException {
    List<Path> files = new ArrayList<>();
    Path checkpoint = Checkpoint.newest(dir);
    int after = checkpoint == null ? -1 : Checkpoint.index(checkpoint);
    if (checkpoint != null) {
      files.addAll(segments(checkpoint, -1));
    }
    files.addAll(segments(dir, after));
    List<Cut> cuts = new ArrayList<>();
    long started = System.nanoTime();
    if (files.isEmpty()) {
      return new Result(0, 0, 0, 0, after, List.of());
    }
    ReplayPipeline pipeline = new ReplayPipeline(handler);
    Thread decoder =
        Thread.ofPlatform()
            .daemon()
            .name("vigil-wal-decode")
            .start(() -> pipeline.produce(() -> decodeAll(files, pipeline, cuts)));
    try {
      pipeline.consume();
    } finally {
      decoder.interrupt(); // a no-op when it has finished; unblocks it when consume() failed
      awaitEnd(decoder);
    }
    pipeline.rethrow();
    int last = after;
    for (Path f : files) {
      if (f.getParent().equals(dir)) {
        last = Math.max(last, WalFormat.segmentIndex(f));
      }
    }
    LOG.log(
        System.Logger.Level.INFO,
        "write-ahead log replay: {0} segments, {1} records, {2} series, {3} samples in {4} ms",
        files.size(),
        records,
        series,
        samples,
        (System.nanoTime() - started) / 1_000_000);
    return new Result(files.size(), records, samples, series, last, List.copyOf(cuts));
  }

  private static void awaitEnd(Thread t) {
    boolean interrupted = false;
    while (true) {
      try {
        t.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Reads and decodes every segment on the decoding thread, handing records to {@code out}. */
  private void decodeAll(List<Path> files, Handler out, List<Cut> cuts) throws IOException {
    long lastProgress = System.nanoTime();
    for (int i = 0; i < files.size(); i++) {
      Cut cut = replaySegment(files.get(i), out);
      if (cut != null) {
        cuts.add(cut); // read by the replaying thread after join()
        LOG.log(
            System.Logger.Level.WARNING,
            "write-ahead log segment {0}: {1} at offset {2}; cut off {3} bytes there, kept"
                + " everything before",
            files.get(i),
            cut.reason(),
            cut.offset(),
            cut.bytesDropped());
      }
      if (System.nanoTime() - lastProgress > 5_000_000_000L && i + 1 < files.size()) {
        lastProgress = System.nanoTime();
        LOG.log(
            System.Logger.Level.INFO,
            "write-ahead log replay: segment {0} of {1} done, {2} samples so far",
            i + 1,
            files.size(),
            samples);
      }
    }
  }

  /** The segments in {@code dir} with an index above {@code after}, in order. */
  private static List<Path> segments(Path dir, int after) throws IOException {
    List<Path> out = new ArrayList<>();
    if (Files.isDirectory(dir)) {
      try (Stream<Path> s = Files.list(dir)) {
        s.filter(p -> WalFormat.segmentIndex(p) > after).forEach(out::add);
      }
    }
    out.sort((a, b) -> Integer.compare(WalFormat.segmentIndex(a), WalFormat.segmentIndex(b)));
    return out;
  }

  private Cut replaySegment(Path file, Handler handler) throws IOException {
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = ch.size();
      if (size == 0) {
        return null;
      }
      ByteBuffer buf = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
      String problem = null;
      long offset = 0;
      if (size < WalFormat.SEGMENT_HEADER_BYTES) {
        problem = "torn segment header";
      } else if (buf.getInt(0) != WalFormat.MAGIC) {
        problem = "not a write-ahead log segment (bad magic number)";
      } else if (buf.get(4) != WalFormat.VERSION) {
        throw new IOException(
            "write-ahead log segment "
                + file
                + " has format version "
                + buf.get(4)
                + "; this version of Vigil reads version "
                + WalFormat.VERSION);
      } else {
        offset = WalFormat.SEGMENT_HEADER_BYTES;
        while (offset < size) {
          problem = replayRecord(buf, (int) offset, (int) (size - offset), handler);
          if (problem != null) {
            break;
          }
          offset += WalFormat.RECORD_HEADER_BYTES + buf.getInt((int) offset + 1);
        }
      }
      if (problem == null) {
        return null;
      }
      ch.truncate(offset);
      ch.force(true);
      return new Cut(
          file.getParent().getFileName() + "/" + file.getFileName(),
          offset,
          size - offset,
          problem);
    }
  }

  /** Replays the record at {@code at}; returns what is wrong with it, or null when it was fine. */
  private String replayRecord(ByteBuffer buf, int at, int remaining, Handler handler) {
    if (remaining < WalFormat.RECORD_HEADER_BYTES) {
      return allZero(buf, at, remaining) ? "zero-filled tail" : "torn record header";
    }
    byte type = buf.get(at);
    int len = buf.getInt(at + 1);
    if (type == 0 && len == 0 && allZero(buf, at, remaining)) {
      return "zero-filled tail";
    }
    if (type < WalFormat.TYPE_SERIES || type > WalFormat.TYPE_TOMBSTONES) {
      return "unknown record type " + type;
    }
    if (len < 0 || len > WalFormat.MAX_PAYLOAD_BYTES) {
      return "impossible record length " + len;
    }
    if (len > remaining - WalFormat.RECORD_HEADER_BYTES) {
      return "torn record (" + len + " bytes announced, " + (remaining - 9) + " present)";
    }
    crc.reset();
    crc.update(buf.slice(at, 5));
    crc.update(buf.slice(at + WalFormat.RECORD_HEADER_BYTES, len));
    if ((int) crc.getValue() != buf.getInt(at + 5)) {
      return "checksum mismatch";
    }
    ByteBuffer payload = buf.slice(at + WalFormat.RECORD_HEADER_BYTES, len);
    try {
      switch (type) {
        case WalFormat.TYPE_SERIES -> decodeSeries(payload, handler);
        case WalFormat.TYPE_SAMPLES -> decodeSamples(payload, handler);
        default -> decodeTombstones(payload, handler);
      }
    } catch (ReplayPipeline.Interrupted e) {
      throw e; // not damage: replay is being abandoned
    } catch (RuntimeException | CharacterCodingException e) {
      return "undecodable record with a valid checksum: " + e.getMessage();
    }
    records++;
    return null;
  }

  private static boolean allZero(ByteBuffer buf, int at, int n) {
    for (int i = 0; i < n; i++) {
      if (buf.get(at + i) != 0) {
        return false;
      }
    }
    return true;
  }

  private void decodeSeries(ByteBuffer p, Handler handler) throws CharacterCodingException {
    int count = count(p);
    for (int i = 0; i < count; i++) {
      int id = (int) uvarint(p);
      int n = (int) uvarint(p);
      if (n < 0 || n > p.remaining()) {
        throw new IllegalArgumentException("bad label count " + n);
      }
      String[] pairs = new String[2 * n];
      for (int j = 0; j < 2 * n; j++) {
        pairs[j] = string(p);
      }
      handler.series(id, Labels.ofSorted(pairs));
      series++;
    }
    end(p);
  }

  private void decodeSamples(ByteBuffer p, Handler handler) {
    int count = count(p);
    ensure(count);
    long id = 0;
    long t = 0;
    for (int i = 0; i < count; i++) {
      if (i == 0) {
        id = uvarint(p);
        t = varint(p);
      } else {
        id += varint(p);
        t += varint(p);
      }
      if (id <= 0 || id > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("bad series id " + id);
      }
      ids[i] = (int) id;
      ts[i] = t;
      vs[i] = Double.longBitsToDouble(p.getLong());
    }
    end(p);
    handler.samples(ids, ts, vs, count);
    samples += count;
  }

  private void decodeTombstones(ByteBuffer p, Handler handler) {
    int count = count(p);
    ensure(count);
    for (int i = 0; i < count; i++) {
      long id = uvarint(p);
      if (id <= 0 || id > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("bad series id " + id);
      }
      ids[i] = (int) id;
      ts[i] = varint(p);
      ts2[i] = varint(p);
    }
    end(p);
    handler.tombstones(ids, ts, ts2, count);
  }

  private static int count(ByteBuffer p) {
    int count = p.getInt();
    // Every entry takes at least one byte; more would be a corrupt count.
    if (count < 0 || count > p.remaining()) {
      throw new IllegalArgumentException("bad entry count " + count);
    }
    return count;
  }

  private static void end(ByteBuffer p) {
    if (p.hasRemaining()) {
      throw new IllegalArgumentException(p.remaining() + " unexpected bytes after the entries");
    }
  }

  private void ensure(int n) {
    if (n > ids.length) {
      ids = new int[n];
      ts = new long[n];
      ts2 = new long[n];
      vs = new double[n];
    }
  }

  private static long uvarint(ByteBuffer p) {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte b = p.get();
      v |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return v;
      }
    }
    throw new IllegalArgumentException("varint longer than 10 bytes");
  }

  private static long varint(ByteBuffer p) {
    long u = uvarint(p);
    return (u >>> 1) ^ -(u & 1);
  }

  /**
   * Reads a length-prefixed UTF-8 string. Label names and values repeat across series, so recently
   * read strings are kept in a small table keyed by their bytes and handed out again (one String
   * object per distinct value instead of one per occurrence); ASCII needs no decoder.
   */
  private String string(ByteBuffer p) throws CharacterCodingException {
    long n = uvarint(p);
    if (n < 0 || n > p.remaining()) {
      throw new IllegalArgumentException("string of " + n + " bytes overruns the record");
    }
    int len = (int) n;
    int at = p.position();
    p.position(at + len);
    if (len > STRING_CACHE_MAX_BYTES) {
      return decodeUtf8(p.slice(at, len));
    }
    int h = len;
    boolean ascii = true;
    for (int i = 0; i < len; i++) {
      byte b = p.get(at + i);
      h = 31 * h + b;
      ascii &= b >= 0;
    }
    int slot = (h ^ (h >>> 16)) & (STRING_CACHE_SLOTS - 1);
    byte[] key = cacheKeys[slot];
    if (key != null && key.length == len && sameBytes(p, at, key)) {
      return cacheValues[slot];
    }
    byte[] bytes = new byte[len];
    p.get(at, bytes);
    String v =
        ascii ? new String(bytes, StandardCharsets.ISO_8859_1) : decodeUtf8(ByteBuffer.wrap(bytes));
    cacheKeys[slot] = bytes;
    cacheValues[slot] = v;
    return v;
  }

  private static boolean sameBytes(ByteBuffer p, int at, byte[] key) {
    for (int i = 0; i < key.length; i++) {
      if (p.get(at + i) != key[i]) {
        return false;
      }
    }
    return true;
  }

  private String decodeUtf8(ByteBuffer bytes) throws CharacterCodingException {
    return utf8.reset().decode(bytes).toString();
  }
}
