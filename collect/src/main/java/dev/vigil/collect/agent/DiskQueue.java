package dev.vigil.collect.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * A bounded first-in first-out queue of batches on disk: what the agent has collected and the
 * receiver has not yet acknowledged. Batches are appended to segment files and read back in order
 * from the acknowledged position, which is kept in a small file; so a restart, even after {@code
 * kill -9}, resends at most the batches in flight and loses none that {@link #append} returned
 * from. When the segments exceed the size limit, the oldest segment is deleted, whether sent or
 * not, and its unsent samples are counted in {@link #droppedSamples}. The layout is described in
 * docs/formats/agent-queue.md.
 *
 * <p>Thread-safe: collectors append from their threads while one sender reads and acknowledges.
 */
public final class DiskQueue implements AutoCloseable {
  private static final int HEADER = 12;
  private static final String SUFFIX = ".seg";

  /** One batch read from the queue. */
  public static final class Batch {
    private final long end;
    private final int samples;
    private final byte[] payload;

    Batch(long end, int samples, byte[] payload) {
      this.end = end;
      this.samples = samples;
      this.payload = payload;
    }

    /** The position to acknowledge once the batch is delivered. */
    public long end() {
      return end;
    }

    /** How many samples it holds. */
    public int samples() {
      return samples;
    }

    /** The encoded samples (owned by the caller). */
    public byte[] payload() {
      return payload;
    }
  }

  private final Path dir;
  private final long maxBytes;
  private final long segmentBytes;
  private final TreeMap<Long, Path> segments = new TreeMap<>();
  private FileChannel writer;
  private long writeEnd;
  private long acked;
  private long droppedSamples;

  /**
   * Opens (or creates) the queue in {@code dir}, keeping at most {@code maxBytes} of segments. A
   * batch torn by a crash at the end of the last segment is cut off.
   */
  public DiskQueue(Path dir, long maxBytes) throws IOException {
    this.dir = dir;
    this.maxBytes = maxBytes;
    this.segmentBytes = Math.max(64 * 1024, Math.min(8L << 20, maxBytes / 4));
    Files.createDirectories(dir);
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        String n = p.getFileName().toString();
        if (n.endsWith(SUFFIX)) {
          segments.put(Long.parseLong(n.substring(0, n.length() - SUFFIX.length())), p);
        }
      }
    }
    if (segments.isEmpty()) {
      segments.put(0L, segmentPath(0));
    }
    Map.Entry<Long, Path> last = segments.lastEntry();
    long valid = validLength(last.getValue());
    writer = FileChannel.open(last.getValue(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    writer.truncate(valid);
    writer.position(valid);
    writeEnd = last.getKey() + valid;
    acked = readAcked();
    acked = Math.max(segments.firstKey(), Math.min(acked, writeEnd));
  }

  private Path segmentPath(long base) {
    return dir.resolve(String.format(Locale.ROOT, "%020d%s", base, SUFFIX));
  }

  /** The length of the whole batches at the start of {@code segment}. */
  private static long validLength(Path segment) throws IOException {
    if (!Files.exists(segment)) {
      return 0;
    }
    try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ)) {
      long pos = 0;
      while (true) {
        Batch b = readAt(ch, pos, 0);
        if (b == null) {
          return pos;
        }
        pos = b.end();
      }
    }
  }

  /** The batch at {@code pos} of {@code ch} (its end offset by {@code base}), or null if none. */
  private static Batch readAt(FileChannel ch, long pos, long base) throws IOException {
    ByteBuffer h = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
    if (ch.read(h, pos) < HEADER) {
      return null;
    }
    h.flip();
    int len = h.getInt();
    int samples = h.getInt();
    int crc = h.getInt();
    if (len < 0 || samples < 0 || pos + HEADER + len > ch.size()) {
      return null;
    }
    ByteBuffer body = ByteBuffer.allocate(len);
    ch.read(body, pos + HEADER);
    byte[] payload = body.array();
    CRC32C c = new CRC32C();
    c.update(payload);
    if ((int) c.getValue() != crc) {
      return null;
    }
    return new Batch(base + pos + HEADER + len, samples, payload);
  }

  private long readAcked() throws IOException {
    Path f = dir.resolve("acked");
    if (!Files.exists(f)) {
      return 0;
    }
    String s = Files.readString(f).strip();
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return 0; // a torn write: resend from the oldest segment
    }
  }

  private void writeAcked() throws IOException {
    Path tmp = dir.resolve("acked.tmp");
    Files.writeString(tmp, Long.toString(acked) + "\n");
    Files.move(
        tmp,
        dir.resolve("acked"),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }

  /** Appends one batch of {@code samples} samples and syncs it to disk. */
  public synchronized void append(byte[] payload, int samples) throws IOException {
    if (writeEnd - segments.lastKey() + HEADER + payload.length > segmentBytes
        && writeEnd > segments.lastKey()) {
      writer.close();
      segments.put(writeEnd, segmentPath(writeEnd));
      writer =
          FileChannel.open(
              segments.lastEntry().getValue(),
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING);
    }
    CRC32C c = new CRC32C();
    c.update(payload);
    ByteBuffer b = ByteBuffer.allocate(HEADER + payload.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(payload.length).putInt(samples).putInt((int) c.getValue()).put(payload).flip();
    while (b.hasRemaining()) {
      writer.write(b);
    }
    writer.force(false);
    writeEnd += HEADER + payload.length;
    enforceLimit();
    notifyAll();
  }

  private void enforceLimit() throws IOException {
    while (writeEnd - segments.firstKey() > maxBytes && segments.size() > 1) {
      Map.Entry<Long, Path> oldest = segments.pollFirstEntry();
      long next = segments.firstKey();
      if (acked < next) {
        try (FileChannel ch = FileChannel.open(oldest.getValue(), StandardOpenOption.READ)) {
          long pos = Math.max(0, acked - oldest.getKey());
          Batch b;
          while ((b = readAt(ch, pos, oldest.getKey())) != null) {
            droppedSamples += b.samples();
            pos = b.end() - oldest.getKey();
          }
        }
        acked = next;
        writeAcked();
      }
      Files.deleteIfExists(oldest.getValue());
    }
  }

  /**
   * The batches from the acknowledged position on, up to about {@code maxPayloadBytes} (at least
   * one batch); waits up to {@code waitMillis} when there is none.
   */
  public synchronized List<Batch> read(long maxPayloadBytes, long waitMillis)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + waitMillis * 1_000_000;
    while (acked == writeEnd && System.nanoTime() < deadline) {
      wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
    }
    List<Batch> out = new ArrayList<>();
    long pos = acked;
    long bytes = 0;
    while (pos < writeEnd && (out.isEmpty() || bytes < maxPayloadBytes)) {
      Map.Entry<Long, Path> seg = segments.floorEntry(pos);
      Batch b;
      try (FileChannel ch = FileChannel.open(seg.getValue(), StandardOpenOption.READ)) {
        b = readAt(ch, pos - seg.getKey(), seg.getKey());
      }
      if (b == null) {
        Long next = segments.higherKey(pos);
        if (next == null) {
          break;
        }
        pos = next; // the rest of this segment was cut at a roll
        continue;
      }
      out.add(b);
      bytes += b.payload().length;
      pos = b.end();
    }
    return out;
  }

  /** Marks everything before {@code end} as delivered and deletes the segments wholly before it. */
  public synchronized void ack(long end) throws IOException {
    if (end <= acked) {
      return;
    }
    acked = end;
    writeAcked();
    while (segments.size() > 1 && segments.higherKey(segments.firstKey()) <= acked) {
      Files.deleteIfExists(segments.pollFirstEntry().getValue());
    }
  }

  /** Bytes of batches not yet acknowledged. */
  public synchronized long pendingBytes() {
    return writeEnd - acked;
  }

  /** Bytes of segment files on disk. */
  public synchronized long diskBytes() {
    return writeEnd - segments.firstKey();
  }

  /** Samples deleted unsent because the queue was full, since this process started. */
  public synchronized long droppedSamples() {
    return droppedSamples;
  }

  @Override
  public synchronized void close() {
    try {
      writer.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
