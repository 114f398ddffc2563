package dev.vigil.tsdb.chunk;

import dev.vigil.core.storage.FloatSamples;
import dev.vigil.core.storage.SampleIterator;
import dev.vigil.core.storage.ValueType;

/**
 * Iterates the samples of consecutive chunks within {@code [mint, maxt]}, skipping whole chunks on
 * seek. Reusable through {@link #reset}; allocates nothing per sample. Not thread-safe.
 */
public final class ChunksIterator implements SampleIterator {
  private final ChunkDecoder decoder = new ChunkDecoder();
  private Chunk[] chunks;
  private long mint;
  private long maxt;
  private int ci;
  private boolean inChunk;
  private boolean done;
  private boolean positioned;
  private long t;
  private double v;
  private Throwable err;

  /** Points the iterator at the start of {@code chunks}, restricted to {@code [mint, maxt]}. */
  public void reset(Chunk[] chunks, long mint, long maxt) {
    this.chunks = chunks;
    this.mint = mint;
    this.maxt = maxt;
    this.ci = -1;
    this.inChunk = false;
    this.done = false;
    this.positioned = false;
    this.err = null;
  }

  @Override
  public ValueType next() {
    if (done) {
      return ValueType.NONE;
    }
    while (true) {
      if (!inChunk || !decoder.next()) {
        if (inChunk && decoder.err() != null) {
          err = new IllegalStateException(decoder.err());
          return finish();
        }
        ci++;
        while (ci < chunks.length && chunks[ci].maxT() < mint) {
          ci++;
        }
        if (ci >= chunks.length || chunks[ci].minT() > maxt) {
          return finish();
        }
        decoder.reset(chunks[ci]);
        inChunk = true;
        continue;
      }
      long st = decoder.atT();
      if (st < mint) {
        continue;
      }
      if (st > maxt) {
        return finish();
      }
      t = st;
      v = decoder.atF();
      positioned = true;
      return ValueType.FLOAT;
    }
  }

  private ValueType finish() {
    done = true;
    positioned = false;
    return ValueType.NONE;
  }

  @Override
  public ValueType seek(long target) {
    if (done) {
      return ValueType.NONE;
    }
    if (positioned && t >= target) {
      return ValueType.FLOAT;
    }
    if (!(inChunk && chunks[ci].maxT() >= target)) {
      // Skip whole chunks that end before the target.
      int c = ci + 1;
      while (c < chunks.length && chunks[c].maxT() < target) {
        c++;
      }
      ci = c - 1;
      inChunk = false;
    }
    while (next() == ValueType.FLOAT) {
      if (t >= target) {
        return ValueType.FLOAT;
      }
    }
    return ValueType.NONE;
  }

  @Override
  public void readFloats(long lo, long hi, FloatSamples out) {
    if (ci != -1 || done) {
      SampleIterator.super.readFloats(lo, hi, out);
      return;
    }
    long from = Math.max(lo, mint);
    long to = Math.min(hi, maxt);
    done = true;
    for (Chunk c : chunks) {
      if (c.maxT() < from) {
        continue;
      }
      if (c.minT() > to) {
        break;
      }
      decoder.reset(c);
      if (decoder.err() == null) {
        decoder.readInto(from, to, out);
      }
      if (decoder.err() != null) {
        err = new IllegalStateException(decoder.err());
        return;
      }
    }
  }

  @Override
  public long atT() {
    return t;
  }

  @Override
  public double atF() {
    return v;
  }

  @Override
  public Throwable err() {
    return err;
  }
}
