package dev.vigil.tsdb.wal;

import dev.vigil.core.model.Labels;
import dev.vigil.tsdb.head.CommitLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends batches to the write-ahead log. Each call to {@link #log} writes one or more records
 * (series first, then samples) to the current segment with a single write where possible, and
 * returns only when the bytes are in the operating system, plus on disk under {@link
 * FsyncPolicy#ALWAYS}. Segments roll over at the configured size. A write that fails is cut off
 * again; if that also fails, the writer refuses every later batch rather than log after a gap.
 *
 * <p>Thread-safe; calls are serialized.
 */
public final class WalWriter implements CommitLog, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(WalWriter.class.getName());
  private static final int SAMPLES_PER_RECORD = 32_768;

  private final Path dir;
  private final long segmentBytes;
  private final FsyncPolicy policy;
  private final RecordEncoder enc = new RecordEncoder();
  private final Thread syncer;
  private final Object sleeper = new Object();
  private volatile FileChannel channel;
  private int segment;
  private long position;
  private boolean dirty;
  private boolean failed;
  private volatile boolean closed;

  /**
   * Starts a new segment after {@code lastSegment} in {@code dir}.
   *
   * @param intervalMillis the fsync period under {@link FsyncPolicy#INTERVAL}
   */
  public WalWriter(
      Path dir, int lastSegment, long segmentBytes, FsyncPolicy policy, long intervalMillis)
      throws IOException {
    this.dir = dir;
    this.segmentBytes = segmentBytes;
    this.policy = policy;
    Files.createDirectories(dir);
    openSegment(lastSegment + 1);
    if (policy == FsyncPolicy.INTERVAL) {
      syncer =
          Thread.ofPlatform()
              .daemon()
              .name("vigil-wal-fsync")
              .start(() -> syncLoop(Math.max(1, intervalMillis)));
    } else {
      syncer = null;
    }
  }

  /** The index of the segment being written. */
  public synchronized int currentSegment() {
    return segment;
  }

  @Override
  public synchronized void log(
      int[] seriesIds,
      Labels[] seriesLabels,
      int nSeries,
      int[] refs,
      long[] ts,
      double[] vs,
      int n)
      throws IOException {
    if (closed) {
      throw new IOException("the write-ahead log is closed");
    }
    if (failed) {
      throw new IOException("the write-ahead log failed earlier and accepts no more writes");
    }
    int startSegment = segment;
    long startPosition = position;
    enc.reset();
    try {
      encodeSeries(seriesIds, seriesLabels, nSeries);
      encodeSamples(refs, ts, vs, n);
      flush();
      if (policy == FsyncPolicy.ALWAYS) {
        channel.force(false);
      } else {
        dirty = true;
      }
    } catch (IOException | RuntimeException e) {
      undo(startSegment, startPosition, e);
      throw e;
    }
  }

  /** Logs tombstones: samples of series {@code ids[i]} in {@code [mints[i], maxts[i]]} deleted. */
  @Override
  public synchronized void logTombstones(int[] ids, long[] mints, long[] maxts, int n)
      throws IOException {
    if (closed || failed) {
      throw new IOException("the write-ahead log is closed or failed");
    }
    int startSegment = segment;
    long startPosition = position;
    enc.reset();
    try {
      for (int i = 0; i < n; ) {
        enc.begin(WalFormat.TYPE_TOMBSTONES);
        int countAt = enc.countPlaceholder();
        int count = 0;
        for (; i < n && enc.currentRecordBytes() < WalFormat.TARGET_PAYLOAD_BYTES; i++) {
          enc.uvarint(ids[i]);
          enc.varint(mints[i]);
          enc.varint(maxts[i]);
          count++;
        }
        enc.patchCount(countAt, count);
        endRecord();
      }
      flush();
      if (policy == FsyncPolicy.ALWAYS) {
        channel.force(false);
      } else {
        dirty = true;
      }
    } catch (IOException | RuntimeException e) {
      undo(startSegment, startPosition, e);
      throw e;
    }
  }

  private void encodeSeries(int[] ids, Labels[] labels, int n) throws IOException {
    for (int i = 0; i < n; ) {
      enc.begin(WalFormat.TYPE_SERIES);
      int countAt = enc.countPlaceholder();
      int count = 0;
      for (; i < n && enc.currentRecordBytes() < WalFormat.TARGET_PAYLOAD_BYTES; i++) {
        enc.uvarint(ids[i]);
        enc.labels(labels[i]);
        count++;
      }
      enc.patchCount(countAt, count);
      endRecord();
    }
  }

  private void encodeSamples(int[] refs, long[] ts, double[] vs, int n) throws IOException {
    for (int i = 0; i < n; ) {
      enc.begin(WalFormat.TYPE_SAMPLES);
      int countAt = enc.countPlaceholder();
      int end = Math.min(n, i + SAMPLES_PER_RECORD);
      enc.uvarint(refs[i]);
      enc.varint(ts[i]);
      enc.int64(Double.doubleToRawLongBits(vs[i]));
      for (int j = i + 1; j < end; j++) {
        enc.varint((long) refs[j] - refs[j - 1]);
        enc.varint(ts[j] - ts[j - 1]);
        enc.int64(Double.doubleToRawLongBits(vs[j]));
      }
      enc.patchCount(countAt, end - i);
      endRecord();
      i = end;
    }
  }

  /** Finishes a record; starts a new segment first if the record would overflow this one. */
  private void endRecord() throws IOException {
    enc.end();
    int recordBytes = enc.currentRecordBytesOfLast();
    int pendingBefore = enc.length() - recordBytes;
    if (position + enc.length() > segmentBytes
        && position + pendingBefore > WalFormat.SEGMENT_HEADER_BYTES) {
      // Write what precedes this record to the current segment, then roll over.
      write(enc.buffer(), 0, pendingBefore);
      enc.dropPrefix(pendingBefore);
      rollOver();
    }
  }

  private void flush() throws IOException {
    write(enc.buffer(), 0, enc.length());
    enc.reset();
  }

  private void write(byte[] bytes, int off, int len) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(bytes, off, len);
    while (b.hasRemaining()) {
      position += channel.write(b);
    }
  }

  /**
   * Closes the current segment and begins the next one.
   *
   * @return the index of the segment just closed
   */
  public synchronized int cut() throws IOException {
    if (closed || failed) {
      throw new IOException("the write-ahead log is closed or failed");
    }
    int done = segment;
    rollOver();
    return done;
  }

  private void rollOver() throws IOException {
    if (policy != FsyncPolicy.NEVER) {
      channel.force(false);
    }
    channel.close();
    openSegment(segment + 1);
  }

  private void openSegment(int index) throws IOException {
    Path file = dir.resolve(WalFormat.segmentName(index));
    FileChannel ch =
        FileChannel.open(
            file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ);
    ByteBuffer header = ByteBuffer.allocate(WalFormat.SEGMENT_HEADER_BYTES);
    header.putInt(WalFormat.MAGIC).put(WalFormat.VERSION).put((byte) 0).putShort((short) 0).flip();
    while (header.hasRemaining()) {
      ch.write(header);
    }
    if (policy != FsyncPolicy.NEVER) {
      ch.force(true);
      syncDirectory(dir);
    }
    channel = ch;
    segment = index;
    position = WalFormat.SEGMENT_HEADER_BYTES;
    dirty = false;
  }

  static void syncDirectory(Path dir) throws IOException {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
  }

  private void undo(int startSegment, long startPosition, Exception cause) {
    enc.reset();
    if (startSegment == segment) {
      try {
        channel.truncate(startPosition);
        channel.position(startPosition);
        position = startPosition;
        return;
      } catch (IOException e) {
        cause.addSuppressed(e);
      }
    }
    failed = true;
    LOG.log(
        System.Logger.Level.ERROR,
        "write-ahead log segment {0} in {1}: a failed write could not be undone; refusing"
            + " further writes: {2}",
        WalFormat.segmentName(segment),
        dir,
        cause.toString());
  }

  private void syncLoop(long intervalMillis) {
    while (true) {
      // Woken by close() with notify, never interrupted: an interrupt during force() would
      // close the segment's channel.
      synchronized (sleeper) {
        if (closed) {
          return;
        }
        try {
          sleeper.wait(intervalMillis);
        } catch (InterruptedException e) {
          return;
        }
        if (closed) {
          return;
        }
      }
      sync();
    }
  }

  /** Forces written data to disk now, whatever the policy. */
  public void sync() {
    FileChannel ch;
    synchronized (this) {
      if (!dirty || closed) {
        return;
      }
      dirty = false;
      ch = channel;
    }
    try {
      ch.force(false);
    } catch (ClosedChannelException e) {
      // Rolled over or closed meanwhile; both force the segment themselves.
    } catch (IOException e) {
      LOG.log(System.Logger.Level.ERROR, "fsync of write-ahead log in {0} failed: {1}", dir, e);
    }
  }

  @Override
  public void close() throws IOException {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    synchronized (sleeper) {
      sleeper.notifyAll();
    }
    if (syncer != null) {
      try {
        syncer.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (this) {
      if (policy != FsyncPolicy.NEVER) {
        channel.force(false);
      }
      channel.close();
    }
  }
}
