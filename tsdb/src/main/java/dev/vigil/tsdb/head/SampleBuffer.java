package dev.vigil.tsdb.head;

import dev.vigil.tsdb.chunk.Chunk;
import dev.vigil.tsdb.chunk.ChunkDecoder;
import dev.vigil.tsdb.chunk.XorEncoder;
import java.util.Arrays;
import java.util.List;

/**
 * A growable run of samples in timestamp order, for the slow paths that rewrite chunks: inserting
 * an out-of-order sample, deleting a time range, merging overlapping blocks. Not thread-safe.
 */
public final class SampleBuffer {
  private long[] ts = new long[128];
  private double[] vs = new double[128];
  private int n;

  /** The number of samples. */
  public int size() {
    return n;
  }

  /** The timestamp of sample {@code i}. */
  public long t(int i) {
    return ts[i];
  }

  /** The value of sample {@code i}. */
  public double v(int i) {
    return vs[i];
  }

  /** Empties the buffer. */
  public void clear() {
    n = 0;
  }

  /** Appends a sample; the caller keeps timestamps increasing. */
  public void add(long t, double v) {
    if (n == ts.length) {
      ts = Arrays.copyOf(ts, n * 2);
      vs = Arrays.copyOf(vs, n * 2);
    }
    ts[n] = t;
    vs[n] = v;
    n++;
  }

  /**
   * Appends every sample of {@code c}, of either encoding, decoded with {@code scratch}.
   *
   * @throws IllegalStateException if the chunk does not decode (its samples up to the damage are
   *     appended)
   */
  public void addAll(Chunk c, ChunkDecoder scratch) {
    ChunkDecoder d = scratch.reset(c);
    while (d.next()) {
      add(d.atT(), d.atF());
    }
    if (d.err() != null) {
      throw new IllegalStateException("chunk does not decode: " + d.err());
    }
  }

  /**
   * Puts {@code (t, v)} at its place in timestamp order; a sample with the same timestamp is
   * replaced (last write wins).
   *
   * @return whether a sample was replaced
   */
  public boolean put(long t, double v) {
    int i = Arrays.binarySearch(ts, 0, n, t);
    if (i >= 0) {
      vs[i] = v;
      return true;
    }
    int at = -i - 1;
    add(t, v); // grows the arrays
    System.arraycopy(ts, at, ts, at + 1, n - 1 - at);
    System.arraycopy(vs, at, vs, at + 1, n - 1 - at);
    ts[at] = t;
    vs[at] = v;
    return false;
  }

  /** Whether the buffer holds a sample at {@code t} with exactly the bits of {@code v}. */
  public boolean holds(long t, double v) {
    int i = Arrays.binarySearch(ts, 0, n, t);
    return i >= 0 && Double.doubleToRawLongBits(vs[i]) == Double.doubleToRawLongBits(v);
  }

  /**
   * Removes the samples in {@code [mint, maxt]}.
   *
   * @return how many were removed
   */
  public int removeRange(long mint, long maxt) {
    int w = 0;
    for (int r = 0; r < n; r++) {
      if (ts[r] < mint || ts[r] > maxt) {
        ts[w] = ts[r];
        vs[w] = vs[r];
        w++;
      }
    }
    int removed = n - w;
    n = w;
    return removed;
  }

  /**
   * Encodes samples {@code [from, to)} into chunks of at most {@code perChunk} samples that never
   * span a multiple of {@code range}, appending them to {@code out}.
   */
  public void encode(int from, int to, int perChunk, long range, List<Chunk> out) {
    XorEncoder e = null;
    for (int i = from; i < to; i++) {
      if (e != null
          && (e.count() >= perChunk
              || Math.floorDiv(ts[i], range) != Math.floorDiv(e.minT(), range))) {
        out.add(e.snapshot());
        e = null;
      }
      if (e == null) {
        e = new XorEncoder();
      }
      e.append(ts[i], vs[i]);
    }
    if (e != null) {
      out.add(e.snapshot());
    }
  }
}
