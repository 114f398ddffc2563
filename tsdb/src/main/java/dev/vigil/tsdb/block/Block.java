package dev.vigil.tsdb.block;

import dev.vigil.core.model.Labels;
import dev.vigil.core.model.Matcher;
import dev.vigil.core.storage.Series;
import dev.vigil.core.storage.ValueType;
import dev.vigil.tsdb.chunk.Chunk;
import dev.vigil.tsdb.chunk.ChunkDecoder;
import dev.vigil.tsdb.chunk.ChunkSeries;
import dev.vigil.tsdb.index.LabelIndex;
import io.airlift.compress.MalformedInputException;
import io.airlift.compress.zstd.ZstdDecompressor;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * A persisted, immutable block opened for reading. Opening checks the index's checksums and loads
 * its symbols, series and postings; chunk files stay memory-mapped and each chunk's checksum is
 * checked when it is read. A corrupt chunk is left out of results with a warning naming the block
 * and the series; the rest of the block stays readable.
 *
 * <p>Thread-safe: immutable after {@link #open}.
 */
public final class Block {
  private final Path dir;
  private final BlockMeta meta;
  private final Labels[] series;
  private final int[] chunkStart;
  private final long[] chunkMinT;
  private final long[] chunkMaxT;
  private final int[] chunkCount;
  private final long[] chunkRef;
  private final int[] chunkInPage;
  private final int version;
  private final LabelIndex index = new LabelIndex();
  private final MappedByteBuffer[] chunkFiles;
  private final long sizeBytes;
  // Replaced, never changed, when series are deleted; guarded by the store's compaction lock.
  private volatile Tombstones tombstones;

  /** Selected series and warnings about data that could not be read. */
  public record Selection(List<Series> series, List<String> warnings) {}

  private Block(
      Path dir,
      BlockMeta meta,
      IndexData data,
      MappedByteBuffer[] chunkFiles,
      Tombstones tombstones) {
    this.tombstones = tombstones;
    this.dir = dir;
    this.meta = meta;
    this.series = data.series;
    this.chunkStart = data.chunkStart;
    this.chunkMinT = data.chunkMinT;
    this.chunkMaxT = data.chunkMaxT;
    this.chunkCount = data.chunkCount;
    this.chunkRef = data.chunkRef;
    this.chunkInPage = data.chunkInPage;
    this.version = data.version;
    this.chunkFiles = chunkFiles;
    this.sizeBytes = data.sizeBytes;
    for (Map.Entry<String, Map<String, RoaringBitmap>> n : data.postings.entrySet()) {
      for (Map.Entry<String, RoaringBitmap> v : n.getValue().entrySet()) {
        index.addPostings(n.getKey(), v.getKey(), v.getValue());
      }
    }
  }

  /**
   * Opens the block in {@code dir}.
   *
   * @throws IOException naming the block and the problem when meta.json or the index is missing or
   *     corrupt, or of an unknown version
   */
  public static Block open(Path dir) throws IOException {
    BlockMeta meta;
    try {
      meta = BlockMeta.parse(Files.readString(dir.resolve("meta.json"), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new IOException("block " + dir + ": bad meta.json: " + e.getMessage(), e);
    }
    if (meta.version() != BlockMeta.VERSION) {
      throw new IOException(
          "block " + dir + " has format version " + meta.version() + "; this Vigil reads 1");
    }
    IndexData data;
    try (FileChannel ch = FileChannel.open(dir.resolve("index"), StandardOpenOption.READ)) {
      data = readIndex(ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size()));
    } catch (IllegalArgumentException | BufferUnderflowException | IndexOutOfBoundsException e) {
      throw new IOException("block " + dir + ": corrupt index: " + e.getMessage(), e);
    }
    List<MappedByteBuffer> files = new ArrayList<>();
    for (int i = 1; ; i++) {
      Path f = dir.resolve("chunks").resolve(BlockFormat.chunkFileName(i));
      if (!Files.exists(f)) {
        break;
      }
      try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
        MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
        if (m.capacity() < BlockFormat.HEADER_BYTES
            || m.getInt(0) != BlockFormat.CHUNKS_MAGIC
            || m.get(4) != data.version) {
          throw new IOException(
              "block "
                  + dir
                  + ": chunk file "
                  + f.getFileName()
                  + " is not of version "
                  + data.version);
        }
        files.add(m);
      }
    }
    long size = Files.size(dir.resolve("meta.json")) + Files.size(dir.resolve("index"));
    for (MappedByteBuffer f : files) {
      size += f.capacity();
    }
    data.sizeBytes = size;
    Tombstones tombstones = Tombstones.read(dir, data.series.length);
    return new Block(dir, meta, data, files.toArray(new MappedByteBuffer[0]), tombstones);
  }

  private static final class IndexData {
    Labels[] series;
    int[] chunkStart;
    long[] chunkMinT;
    long[] chunkMaxT;
    int[] chunkCount;
    long[] chunkRef;
    int[] chunkInPage;
    int version;
    final Map<String, Map<String, RoaringBitmap>> postings = new java.util.HashMap<>();
    long sizeBytes;
  }

  private static IndexData readIndex(ByteBuffer b) {
    int size = b.capacity();
    if (size < BlockFormat.HEADER_BYTES + BlockFormat.TOC_BYTES) {
      throw new IllegalArgumentException("index of " + size + " bytes is too short");
    }
    if (b.getInt(0) != BlockFormat.INDEX_MAGIC) {
      throw new IllegalArgumentException("bad magic number");
    }
    if (b.get(5) != 0 || b.get(6) != 0 || b.get(7) != 0) {
      throw new IllegalArgumentException("reserved header bytes are not zero");
    }
    int version = b.get(4);
    if (version != BlockFormat.VERSION && version != BlockFormat.VERSION_1) {
      throw new IllegalArgumentException(
          "unknown index version " + version + "; this Vigil reads 1 and 2");
    }
    int toc = size - BlockFormat.TOC_BYTES;
    if (crc(b, toc, toc + 36) != b.getInt(toc + 36)) {
      throw new IllegalArgumentException("table of contents checksum mismatch");
    }
    long symbolsAt = b.getLong(toc);
    long seriesAt = b.getLong(toc + 8);
    long postingsAt = b.getLong(toc + 16);
    if (!(BlockFormat.HEADER_BYTES <= symbolsAt
        && symbolsAt <= seriesAt
        && seriesAt <= postingsAt
        && postingsAt <= toc)) {
      throw new IllegalArgumentException("section offsets out of order");
    }
    checkSection(b, "symbols", (int) symbolsAt, (int) seriesAt, b.getInt(toc + 24));
    checkSection(b, "series", (int) seriesAt, (int) postingsAt, b.getInt(toc + 28));
    checkSection(b, "postings", (int) postingsAt, toc, b.getInt(toc + 32));

    ByteBuffer symbolsSection = section(b, version, (int) symbolsAt, (int) seriesAt);
    ByteBuffer seriesSection = section(b, version, (int) seriesAt, (int) postingsAt);
    ByteBuffer postingsSection = section(b, version, (int) postingsAt, toc);
    ByteSource in = new ByteSource(symbolsSection);
    int nSymbols = in.u32();
    if (nSymbols < 0 || nSymbols > symbolsSection.capacity()) {
      throw new IllegalArgumentException("bad symbol count " + nSymbols);
    }
    String[] symbols = new String[nSymbols];
    for (int i = 0; i < nSymbols; i++) {
      symbols[i] = in.string();
    }

    IndexData d = new IndexData();
    d.version = version;
    in = new ByteSource(seriesSection);
    int nSeries = in.u32();
    if (nSeries < 0 || nSeries > seriesSection.capacity()) {
      throw new IllegalArgumentException("bad series count " + nSeries);
    }
    d.series = new Labels[nSeries];
    d.chunkStart = new int[nSeries + 1];
    List<long[]> metas = new ArrayList<>();
    long prevFirstMinT = 0;
    long prevMaxT = 0;
    long prevRef = 0;
    for (int i = 0; i < nSeries; i++) {
      int nLabels = in.count("label count");
      String[] pairs = new String[2 * nLabels];
      for (int j = 0; j < 2 * nLabels; j++) {
        pairs[j] = symbol(symbols, in.uvarint());
      }
      d.series[i] = Labels.ofSorted(pairs);
      int nChunks = in.count("chunk count");
      d.chunkStart[i] = metas.size();
      for (int j = 0; j < nChunks; j++) {
        long minT;
        long maxT;
        long count;
        long ref;
        long inPage = 0;
        if (version == BlockFormat.VERSION_1) {
          minT = in.varint();
          maxT = minT + in.uvarint();
          count = in.uvarint();
          ref = in.uvarint();
        } else {
          minT = in.varint() + (j == 0 ? prevFirstMinT : prevMaxT);
          maxT = minT + in.uvarint();
          count = in.uvarint();
          ref = prevRef + in.varint();
          inPage = in.uvarint();
          prevRef = ref;
          prevMaxT = maxT;
          if (j == 0) {
            prevFirstMinT = minT;
          }
        }
        metas.add(new long[] {minT, maxT, count, ref, inPage});
      }
    }
    d.chunkStart[nSeries] = metas.size();
    int n = metas.size();
    d.chunkMinT = new long[n];
    d.chunkMaxT = new long[n];
    d.chunkCount = new int[n];
    d.chunkRef = new long[n];
    d.chunkInPage = new int[n];
    for (int i = 0; i < n; i++) {
      long[] m = metas.get(i);
      d.chunkMinT[i] = m[0];
      d.chunkMaxT[i] = m[1];
      d.chunkCount[i] = (int) m[2];
      d.chunkRef[i] = m[3];
      d.chunkInPage[i] = (int) m[4];
    }

    in = new ByteSource(postingsSection);
    int nPostings = in.u32();
    if (nPostings < 0 || nPostings > postingsSection.capacity()) {
      throw new IllegalArgumentException("bad postings count " + nPostings);
    }
    for (int i = 0; i < nPostings; i++) {
      String name = symbol(symbols, in.uvarint());
      String value = symbol(symbols, in.uvarint());
      ByteBuffer bytes = in.slice(in.count("postings length"));
      RoaringBitmap ids = new RoaringBitmap();
      try {
        ids.deserialize(bytes);
      } catch (IOException e) {
        throw new IllegalArgumentException("bad postings for " + name + "=" + value, e);
      }
      if (!ids.isEmpty() && (ids.first() < 0 || ids.last() >= nSeries)) {
        throw new IllegalArgumentException("postings for " + name + " name unknown series");
      }
      d.postings.computeIfAbsent(name, k -> new java.util.HashMap<>()).put(value, ids);
    }
    return d;
  }

  /**
   * The bytes of the index section stored at {@code [from, to)}: as stored in version 1, and
   * decompressed in version 2 (a compression byte, the raw size, then the stored bytes).
   */
  private static ByteBuffer section(ByteBuffer b, int version, int from, int to) {
    if (version == BlockFormat.VERSION_1) {
      return b.slice(from, to - from);
    }
    ByteSource in = new ByteSource(b.slice(from, to - from));
    int compression = b.get(from);
    in.slice(1);
    long raw = in.uvarint();
    if (raw < 0 || raw > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("bad section size " + raw);
    }
    int dataAt = from + in.position();
    byte[] stored = new byte[to - dataAt];
    b.get(dataAt, stored);
    if (compression == BlockFormat.PAGE_RAW && raw == stored.length) {
      return ByteBuffer.wrap(stored);
    }
    if (compression != BlockFormat.PAGE_ZSTD) {
      throw new IllegalArgumentException("unknown section compression " + compression);
    }
    byte[] out = new byte[(int) raw];
    int n;
    try {
      n = new ZstdDecompressor().decompress(stored, 0, stored.length, out, 0, out.length);
    } catch (MalformedInputException e) {
      throw new IllegalArgumentException("section does not decompress: " + e.getMessage(), e);
    }
    if (n != raw) {
      throw new IllegalArgumentException("section decompresses to " + n + " bytes, not " + raw);
    }
    return ByteBuffer.wrap(out);
  }

  private static String symbol(String[] symbols, long ref) {
    if (ref < 0 || ref >= symbols.length) {
      throw new IllegalArgumentException("symbol reference " + ref + " out of range");
    }
    return symbols[(int) ref];
  }

  private static void checkSection(ByteBuffer b, String name, int from, int to, int want) {
    if (crc(b, from, to) != want) {
      throw new IllegalArgumentException(name + " section checksum mismatch");
    }
  }

  private static int crc(ByteBuffer b, int from, int to) {
    CRC32C c = new CRC32C();
    c.update(b.slice(from, to - from));
    return (int) c.getValue();
  }

  /** The block's directory. */
  public Path dir() {
    return dir;
  }

  /** The bytes the block's files take. */
  public long sizeBytes() {
    return sizeBytes;
  }

  /** The block's meta.json. */
  public BlockMeta meta() {
    return meta;
  }

  /**
   * The series matching {@code matchers} with samples in {@code [mint, maxt]}, in label order, with
   * their chunks read (and checked) now.
   */
  public Selection select(long mint, long maxt, Matcher... matchers) {
    List<Series> out = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    if (mint > maxt || meta.maxTime() < mint || meta.minTime() > maxt) {
      return new Selection(out, warnings);
    }
    ChunkDecoder scratch = new ChunkDecoder();
    Map<Long, byte[]> pages = new HashMap<>();
    Tombstones dead = tombstones;
    IntIterator it = index.select(matchers).getIntIterator();
    while (it.hasNext()) {
      int s = it.next();
      List<Chunk> chunks = new ArrayList<>();
      for (int c = chunkStart[s]; c < chunkStart[s + 1]; c++) {
        if (chunkMaxT[c] < mint || chunkMinT[c] > maxt) {
          continue;
        }
        Chunk chunk = readChunk(c, s, warnings, pages);
        if (chunk != null) {
          chunks.add(chunk);
        }
      }
      if (!chunks.isEmpty() && anyIn(chunks, mint, maxt, scratch)) {
        Series cs = new ChunkSeries(series[s], chunks.toArray(new Chunk[0]), mint, maxt);
        long[] deleted = dead.of(s);
        if (deleted != null) {
          cs = Tombstones.filter(cs, deleted);
          if (cs.iterator(null).next() == ValueType.NONE) {
            continue;
          }
        }
        out.add(cs);
      }
    }
    return new Selection(out, warnings);
  }

  private static boolean anyIn(List<Chunk> chunks, long mint, long maxt, ChunkDecoder scratch) {
    for (Chunk c : chunks) {
      if ((c.minT() >= mint && c.minT() <= maxt) || (c.maxT() >= mint && c.maxT() <= maxt)) {
        return true;
      }
      ChunkDecoder d = scratch.reset(c);
      while (d.next()) {
        if (d.atT() >= mint) {
          if (d.atT() <= maxt) {
            return true;
          }
          break;
        }
      }
    }
    return false;
  }

  /** The deletions recorded for this block. */
  public Tombstones tombstones() {
    return tombstones;
  }

  /**
   * Records the deletion of the samples in {@code [mint, maxt]} of the series matching {@code
   * matchers}, in the block's tombstones file (written before this returns). The caller serializes
   * calls (the store's compaction lock).
   *
   * @return the number of series concerned
   */
  public int delete(long mint, long maxt, Matcher... matchers) throws IOException {
    if (mint > maxt || meta.maxTime() < mint || meta.minTime() > maxt) {
      return 0;
    }
    Tombstones next = tombstones;
    int n = 0;
    IntIterator it = index.select(matchers).getIntIterator();
    while (it.hasNext()) {
      int s = it.next();
      int first = chunkStart[s];
      int last = chunkStart[s + 1] - 1;
      if (last >= first && chunkMinT[first] <= maxt && chunkMaxT[last] >= mint) {
        long from = Math.max(mint, chunkMinT[first]);
        long to = Math.min(maxt, chunkMaxT[last]);
        next = next.with(s, from, to);
        n++;
      }
    }
    if (n > 0) {
      next.write(dir);
      tombstones = next;
    }
    return n;
  }

  /**
   * Every series with all its chunks, for merging blocks, in index order (series {@code i} of the
   * list is series {@code i} of {@link #tombstones()}); deletions are not applied. Corrupt chunks
   * are left out and described in {@code warnings}.
   */
  public List<BlockWriter.SeriesChunks> allSeriesChunks(List<String> warnings) {
    List<BlockWriter.SeriesChunks> out = new ArrayList<>(series.length);
    Map<Long, byte[]> pages = new HashMap<>();
    for (int s = 0; s < series.length; s++) {
      List<Chunk> chunks = new ArrayList<>();
      for (int c = chunkStart[s]; c < chunkStart[s + 1]; c++) {
        Chunk chunk = readChunk(c, s, warnings, pages);
        if (chunk != null) {
          chunks.add(chunk);
        }
      }
      out.add(new BlockWriter.SeriesChunks(series[s], chunks));
    }
    return out;
  }

  /** Label names of series matching {@code matchers} with samples in range, unsorted. */
  public List<String> labelNames(long mint, long maxt, Matcher... matchers) {
    List<String> out = new ArrayList<>();
    for (Series s : select(mint, maxt, matchers).series()) {
      s.labels().forEach((n, v) -> out.add(n));
    }
    return out;
  }

  /** Values of {@code name} on series matching {@code matchers} with samples in range, unsorted. */
  public List<String> labelValues(String name, long mint, long maxt, Matcher... matchers) {
    List<String> out = new ArrayList<>();
    for (Series s : select(mint, maxt, matchers).series()) {
      String v = s.labels().get(name);
      if (!v.isEmpty()) {
        out.add(v);
      }
    }
    return out;
  }

  /**
   * Reads chunk {@code c} of series {@code s}, or returns null after adding a warning when it is
   * corrupt. Decompressed pages are kept in {@code pages} (by reference) for the caller's next
   * reads.
   */
  private Chunk readChunk(int c, int s, List<String> warnings, Map<Long, byte[]> pages) {
    long ref = chunkRef[c];
    int file = (int) (ref >>> 32) - 1;
    int off = (int) ref;
    String problem = null;
    Chunk chunk = null;
    if (file < 0 || file >= chunkFiles.length || off < BlockFormat.HEADER_BYTES) {
      problem = "reference points outside the chunk files";
    } else {
      try {
        if (version == BlockFormat.VERSION_1) {
          chunk = readXorEntry(chunkFiles[file], off, c);
        } else {
          byte[] page = pages.get(ref);
          if (page == null) {
            page = readPage(chunkFiles[file], off);
            pages.put(ref, page);
          }
          int at = chunkInPage[c];
          if (at >= page.length) {
            throw new IllegalArgumentException("offset " + at + " is past its page");
          }
          chunk =
              Chunk.packed(page, at, page.length - at, chunkCount[c], chunkMinT[c], chunkMaxT[c]);
        }
      } catch (IllegalArgumentException
          | BufferUnderflowException
          | IndexOutOfBoundsException
          | MalformedInputException e) {
        problem = e.getMessage();
      }
    }
    if (problem != null) {
      warnings.add(
          "block "
              + meta.id()
              + ": chunk of "
              + series[s]
              + " at "
              + chunkMinT[c]
              + ".."
              + chunkMaxT[c]
              + " is corrupt ("
              + problem
              + "); its samples are left out");
    }
    return chunk;
  }

  private Chunk readXorEntry(ByteBuffer b, int off, int c) {
    ByteSource in = new ByteSource(b.slice(off, b.capacity() - off));
    int encoding = b.get(off);
    in.slice(1);
    long count = in.uvarint();
    int nWords = in.count("word count");
    if (encoding != BlockFormat.ENCODING_XOR) {
      throw new IllegalArgumentException("unknown encoding " + encoding);
    }
    if (count != chunkCount[c]) {
      throw new IllegalArgumentException("sample count differs from the index");
    }
    int wordsAt = off + in.position();
    long[] words = new long[nWords];
    b.slice(wordsAt, nWords * 8).asLongBuffer().get(words);
    int end = wordsAt + nWords * 8;
    CRC32C crc = new CRC32C();
    crc.update(b.slice(off, end - off));
    if ((int) crc.getValue() != b.getInt(end)) {
      throw new IllegalArgumentException("checksum mismatch");
    }
    return Chunk.of(words, (int) count, chunkMinT[c], chunkMaxT[c]);
  }

  /** Reads, checks and decompresses the page at {@code off}. */
  private static byte[] readPage(ByteBuffer b, int off) {
    ByteSource in = new ByteSource(b.slice(off, b.capacity() - off));
    int compression = b.get(off);
    in.slice(1);
    long rawSize = in.uvarint();
    if (rawSize < 1 || rawSize > BlockFormat.MAX_PAGE_BYTES) {
      throw new IllegalArgumentException("bad page size " + rawSize);
    }
    int raw = (int) rawSize;
    int stored = in.count("stored page size");
    int dataAt = off + in.position();
    int end = dataAt + stored;
    if (end + 4 > b.capacity()) {
      throw new IllegalArgumentException("page runs past the end of its file");
    }
    CRC32C crc = new CRC32C();
    crc.update(b.slice(off, end - off));
    if ((int) crc.getValue() != b.getInt(end)) {
      throw new IllegalArgumentException("checksum mismatch");
    }
    byte[] in2 = new byte[stored];
    b.get(dataAt, in2);
    if (compression == BlockFormat.PAGE_RAW && raw == stored) {
      return in2;
    }
    if (compression != BlockFormat.PAGE_ZSTD) {
      throw new IllegalArgumentException("unknown page compression " + compression);
    }
    byte[] page = new byte[raw];
    int n = new ZstdDecompressor().decompress(in2, 0, stored, page, 0, raw);
    if (n != raw) {
      throw new IllegalArgumentException("page decompresses to " + n + " bytes, not " + raw);
    }
    return page;
  }
}
