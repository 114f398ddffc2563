package dev.vigil.tsdb.block;

import dev.vigil.core.model.Labels;
import dev.vigil.core.model.Utf8Order;
import dev.vigil.tsdb.chunk.Chunk;
import dev.vigil.tsdb.chunk.ChunkDecoder;
import dev.vigil.tsdb.chunk.PackedCodec;
import dev.vigil.tsdb.index.LabelIndex;
import io.airlift.compress.zstd.ZstdCompressor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.CRC32C;
import org.roaringbitmap.RoaringBitmap;

/**
 * Writes a block: chunk segment files, the index and {@code meta.json}, first into {@code
 * <id>.tmp}, each file forced to disk, then renamed to {@code <id>} in one atomic step, so a crash
 * leaves either a complete block or a {@code .tmp} directory that the next start deletes.
 */
public final class BlockWriter {
  /** One series to persist: its labels and its chunks in time order. */
  public record SeriesChunks(Labels labels, List<Chunk> chunks) {}

  private record Posting(String name, String value, RoaringBitmap ids) {}

  private BlockWriter() {}

  /**
   * Writes {@code series} (any order; no two with equal labels) as a new block under {@code
   * parent}.
   *
   * @return the new block's meta, or null when there are no chunks to write
   */
  public static BlockMeta write(Path parent, List<SeriesChunks> series) throws IOException {
    return write(parent, series, 1, List.of());
  }

  /**
   * Writes {@code series} as a block of compaction {@code level} merged from {@code parents}.
   *
   * @return the new block's meta, or null when there are no chunks to write
   */
  public static BlockMeta write(
      Path parent, List<SeriesChunks> series, int level, List<String> parents) throws IOException {
    List<SeriesChunks> sorted = new ArrayList<>();
    for (SeriesChunks s : series) {
      if (!s.chunks().isEmpty()) {
        sorted.add(s);
      }
    }
    if (sorted.isEmpty()) {
      return null;
    }
    sorted.sort((a, b) -> a.labels().compareTo(b.labels()));
    String id = BlockIds.next(System.currentTimeMillis());
    Path tmp = parent.resolve(id + ".tmp");
    Path chunksDir = tmp.resolve("chunks");
    Files.createDirectories(chunksDir);

    long minTime = Long.MAX_VALUE;
    long maxTime = Long.MIN_VALUE;
    long samples = 0;
    long nChunks = 0;
    List<long[]> refs = new ArrayList<>(sorted.size());
    try (ChunkFiles files = new ChunkFiles(chunksDir)) {
      SeriesSamples buf = new SeriesSamples();
      for (SeriesChunks s : sorted) {
        buf.load(s.chunks());
        int n = buf.n;
        int chunks = (n + BlockFormat.SAMPLES_PER_CHUNK - 1) / BlockFormat.SAMPLES_PER_CHUNK;
        // Four numbers per chunk: minT, maxT, count and where it is (page ordinal << 32 | offset in
        // the page, then the page's file << 52 | file offset << 20 | offset in the page).
        long[] r = new long[chunks * 4];
        for (int c = 0; c < chunks; c++) {
          // Equal shares, so no chunk is left with a handful of samples.
          int from = (int) ((long) n * c / chunks);
          int to = (int) ((long) n * (c + 1) / chunks);
          r[4 * c] = buf.ts[from];
          r[4 * c + 1] = buf.ts[to - 1];
          r[4 * c + 2] = (long) to - from;
          r[4 * c + 3] = files.append(buf.ts, buf.vs, from, to);
        }
        if (n > 0) {
          minTime = Math.min(minTime, buf.ts[0]);
          maxTime = Math.max(maxTime, buf.ts[n - 1]);
        }
        samples += n;
        nChunks += chunks;
        refs.add(r);
      }
      files.flush();
      for (long[] r : refs) {
        for (int i = 3; i < r.length; i += 4) {
          r[i] = files.pageRef((int) (r[i] >>> 32)) << 20 | (r[i] & 0xFFFFF);
        }
      }
    }
    writeIndex(tmp.resolve("index"), sorted, refs);
    BlockMeta meta =
        new BlockMeta(
            BlockMeta.VERSION,
            id,
            minTime,
            maxTime,
            sorted.size(),
            samples,
            nChunks,
            level,
            parents);
    writeFile(tmp.resolve("meta.json"), meta.toJson().getBytes(StandardCharsets.UTF_8));
    syncDirectory(chunksDir);
    syncDirectory(tmp);
    Files.move(tmp, parent.resolve(id), StandardCopyOption.ATOMIC_MOVE);
    syncDirectory(parent);
    return meta;
  }

  private static void writeIndex(Path file, List<SeriesChunks> series, List<long[]> refs)
      throws IOException {
    TreeSet<String> symbolSet = new TreeSet<>(Utf8Order.COMPARATOR);
    LabelIndex postings = new LabelIndex();
    for (int i = 0; i < series.size(); i++) {
      Labels ls = series.get(i).labels();
      ls.forEach(
          (n, v) -> {
            symbolSet.add(n);
            symbolSet.add(v);
          });
      postings.add(i, ls);
    }
    Map<String, Integer> symbols = new HashMap<>();
    ByteSink out = new ByteSink();
    out.u32(BlockFormat.INDEX_MAGIC);
    out.u8(BlockFormat.VERSION);
    out.u8(0);
    out.u8(0);
    out.u8(0);

    int symbolsAt = out.length();
    out.u32(symbolSet.size());
    for (String s : symbolSet) {
      symbols.put(s, symbols.size());
      out.string(s);
    }

    int seriesAt = out.length();
    out.u32(series.size());
    long prevFirstMinT = 0;
    long prevPage = 0;
    for (int i = 0; i < series.size(); i++) {
      SeriesChunks s = series.get(i);
      Labels ls = s.labels();
      out.uvarint(ls.size());
      for (int j = 0; j < ls.size(); j++) {
        out.uvarint(symbols.get(ls.name(j)));
        out.uvarint(symbols.get(ls.value(j)));
      }
      long[] r = refs.get(i);
      out.uvarint(r.length / 4);
      // Times and page positions as differences from the previous chunk (of this series for
      // times; of any series for the first chunk's time and for positions), so most are 1 byte.
      for (int j = 0; j < r.length; j += 4) {
        out.varint(r[j] - (j == 0 ? prevFirstMinT : r[j - 3]));
        out.uvarint(r[j + 1] - r[j]);
        out.uvarint(r[j + 2]);
        long page = r[j + 3] >>> 20;
        out.varint(page - prevPage);
        out.uvarint(r[j + 3] & 0xFFFFF);
        prevPage = page;
      }
      if (r.length > 0) {
        prevFirstMinT = r[0];
      }
    }

    int postingsAt = out.length();
    List<Posting> entries = new ArrayList<>();
    postings.forEachPosting((n, v, ids) -> entries.add(new Posting(n, v, ids)));
    entries.sort(
        (a, b) -> {
          int c = Utf8Order.compare(a.name(), b.name());
          return c != 0 ? c : Utf8Order.compare(a.value(), b.value());
        });
    out.u32(entries.size());
    for (Posting e : entries) {
      out.uvarint(symbols.get(e.name()));
      out.uvarint(symbols.get(e.value()));
      RoaringBitmap ids = e.ids();
      ids.runOptimize();
      ByteBuffer bb = ByteBuffer.allocate(ids.serializedSizeInBytes());
      ids.serialize(bb);
      out.bytes(bb.array(), true);
    }
    int end = out.length();
    // Each section is stored zstd-compressed (the index is read whole when a block opens).
    ByteSink written = new ByteSink();
    written.bytes(out.buffer(), 0, BlockFormat.HEADER_BYTES);
    ZstdCompressor zstd = new ZstdCompressor();
    int[] at = {symbolsAt, seriesAt, postingsAt, end};
    long[] sectionAt = new long[3];
    for (int k = 0; k < 3; k++) {
      sectionAt[k] = written.length();
      int raw = at[k + 1] - at[k];
      byte[] packed = new byte[zstd.maxCompressedLength(raw)];
      int n = zstd.compress(out.buffer(), at[k], raw, packed, 0, packed.length);
      written.u8(n < raw ? BlockFormat.PAGE_ZSTD : BlockFormat.PAGE_RAW);
      written.uvarint(raw);
      if (n < raw) {
        written.bytes(packed, 0, n);
      } else {
        written.bytes(out.buffer(), at[k], raw);
      }
    }
    int tocAt = written.length();
    written.u64(sectionAt[0]);
    written.u64(sectionAt[1]);
    written.u64(sectionAt[2]);
    written.u32(crc(written.buffer(), (int) sectionAt[0], (int) sectionAt[1]));
    written.u32(crc(written.buffer(), (int) sectionAt[1], (int) sectionAt[2]));
    written.u32(crc(written.buffer(), (int) sectionAt[2], tocAt));
    written.u32(crc(written.buffer(), tocAt, tocAt + 36));
    byte[] buf = written.buffer();
    out = written;
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.wrap(buf, 0, out.length());
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
  }

  static int crc(byte[] buf, int from, int to) {
    CRC32C c = new CRC32C();
    c.update(buf, from, to - from);
    return (int) c.getValue();
  }

  private static void writeFile(Path file, byte[] bytes) throws IOException {
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
  }

  static void syncDirectory(Path dir) throws IOException {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
  }

  /**
   * The samples of one series gathered from its chunks (of any encoding) in time order; when chunks
   * overlap, samples are sorted and the later chunk wins on equal timestamps.
   */
  private static final class SeriesSamples {
    private final ChunkDecoder decoder = new ChunkDecoder();
    long[] ts = new long[1024];
    double[] vs = new double[1024];
    int n;

    void load(List<Chunk> chunks) throws IOException {
      n = 0;
      boolean ordered = true;
      for (Chunk c : chunks) {
        decoder.reset(c);
        while (decoder.next()) {
          if (n == ts.length) {
            ts = Arrays.copyOf(ts, n * 2);
            vs = Arrays.copyOf(vs, n * 2);
          }
          ts[n] = decoder.atT();
          vs[n] = decoder.atF();
          ordered &= n == 0 || ts[n] > ts[n - 1];
          n++;
        }
        if (decoder.err() != null) {
          throw new IOException("cannot read a chunk to write: " + decoder.err());
        }
      }
      if (!ordered) {
        sortLastWins();
      }
    }

    private void sortLastWins() {
      Integer[] order = new Integer[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> ts[a] != ts[b] ? Long.compare(ts[a], ts[b]) : a - b);
      long[] t2 = new long[ts.length];
      double[] v2 = new double[vs.length];
      int m = 0;
      for (int k = 0; k < n; k++) {
        int i = order[k];
        if (m > 0 && t2[m - 1] == ts[i]) {
          m--;
        }
        t2[m] = ts[i];
        v2[m] = vs[i];
        m++;
      }
      ts = t2;
      vs = v2;
      n = m;
    }
  }

  /**
   * Packs chunks into pages and writes the pages, zstd-compressed, to numbered segment files.
   * Entries are referenced by page ordinal until the pages are written; {@link #pageRef} then gives
   * each page's file position.
   */
  private static final class ChunkFiles implements AutoCloseable {
    private final Path dir;
    private final ByteSink entry = new ByteSink();
    private final PackedCodec.Sink page = new PackedCodec.Sink();
    private final PackedCodec.Encoder encoder = new PackedCodec.Encoder();
    private final ZstdCompressor zstd = new ZstdCompressor();
    private byte[] compressed = new byte[0];
    private long[] pageRefs = new long[64];
    private int pages;
    private FileChannel ch;
    private int index;
    private long position;

    ChunkFiles(Path dir) throws IOException {
      this.dir = dir;
      next();
    }

    private void next() throws IOException {
      if (ch != null) {
        ch.force(true);
        ch.close();
      }
      index++;
      ch =
          FileChannel.open(
              dir.resolve(BlockFormat.chunkFileName(index)),
              StandardOpenOption.CREATE_NEW,
              StandardOpenOption.WRITE);
      ByteBuffer h = ByteBuffer.allocate(BlockFormat.HEADER_BYTES);
      h.putInt(BlockFormat.CHUNKS_MAGIC).put(BlockFormat.VERSION).put((byte) 0).putShort((short) 0);
      h.flip();
      while (h.hasRemaining()) {
        ch.write(h);
      }
      position = BlockFormat.HEADER_BYTES;
    }

    /** Encodes samples {@code [from, to)}; returns page ordinal << 32 | offset in the page. */
    long append(long[] ts, double[] vs, int from, int to) throws IOException {
      if (page.length() >= BlockFormat.PAGE_BYTES) {
        flush();
      }
      int offset = page.length();
      encoder.encode(ts, vs, from, to, page);
      if (page.length() > 0xFFFFF) {
        throw new IOException("a chunk of " + (to - from) + " samples takes over 1 MiB");
      }
      return ((long) pages << 32) | offset;
    }

    /** The file number << 32 | byte offset of page {@code ordinal}, once written. */
    long pageRef(int ordinal) {
      return pageRefs[ordinal];
    }

    /** Compresses and writes the open page, if it holds anything. */
    void flush() throws IOException {
      int raw = page.length();
      if (raw == 0) {
        return;
      }
      int max = zstd.maxCompressedLength(raw);
      if (compressed.length < max) {
        compressed = new byte[max];
      }
      int stored = zstd.compress(page.buffer(), 0, raw, compressed, 0, compressed.length);
      entry.reset();
      if (stored < raw) {
        entry.u8(BlockFormat.PAGE_ZSTD);
        entry.uvarint(raw);
        entry.uvarint(stored);
        entry.bytes(compressed, 0, stored);
      } else {
        entry.u8(BlockFormat.PAGE_RAW);
        entry.uvarint(raw);
        entry.uvarint(raw);
        entry.bytes(page.buffer(), 0, raw);
      }
      entry.u32(crc(entry.buffer(), 0, entry.length()));
      if (position + entry.length() > BlockFormat.MAX_CHUNK_FILE_BYTES
          && position > BlockFormat.HEADER_BYTES) {
        next();
      }
      if (pages == pageRefs.length) {
        pageRefs = Arrays.copyOf(pageRefs, pages * 2);
      }
      pageRefs[pages++] = ((long) index << 32) | position;
      ByteBuffer b = ByteBuffer.wrap(entry.buffer(), 0, entry.length());
      while (b.hasRemaining()) {
        position += ch.write(b);
      }
      page.reset();
    }

    @Override
    public void close() throws IOException {
      ch.force(true);
      ch.close();
    }
  }
}
