package dev.vigil.tsdb.wal;

import dev.vigil.core.model.Labels;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Hands decoded WAL records from the decoding thread to the replaying thread, in order. The
 * decoding thread calls the {@link WalReplay.Handler} methods (which copy the reused arrays and
 * batch series records) and then {@link #produce} returns; the replaying thread calls {@link
 * #consume}, which applies every record to the real handler until the decoder is done. A bounded
 * queue keeps at most a few MB of decoded records in flight.
 */
final class ReplayPipeline implements WalReplay.Handler {
  /** Work done by the decoding thread. */
  interface Producer {
    void run() throws IOException;
  }

  private static final int SERIES_PER_BATCH = 4096;
  private static final Object END = new Object();

  /** One decoded record (or a run of series entries); the arrays belong to it. */
  private static final class Batch {
    final byte type;
    final int[] ids;
    final Labels[] labels;
    final long[] ts;
    final long[] maxts;
    final double[] vs;
    final int n;

    Batch(byte type, int[] ids, Labels[] labels, long[] ts, long[] maxts, double[] vs, int n) {
      this.type = type;
      this.ids = ids;
      this.labels = labels;
      this.ts = ts;
      this.maxts = maxts;
      this.vs = vs;
      this.n = n;
    }
  }

  private final WalReplay.Handler target;
  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(64);
  private int[] seriesIds = new int[SERIES_PER_BATCH];
  private Labels[] seriesLabels = new Labels[SERIES_PER_BATCH];
  private int nSeries;
  private volatile Throwable failure;

  ReplayPipeline(WalReplay.Handler target) {
    this.target = target;
  }

  /** Runs {@code work} on the decoding thread, then marks the end of the records. */
  void produce(Producer work) {
    try {
      work.run();
      flushSeries();
    } catch (InterruptedException | Interrupted e) {
      return; // the replaying thread gave up; it reports its own failure
    } catch (IOException | RuntimeException | Error e) {
      failure = e;
    }
    try {
      queue.put(END);
    } catch (InterruptedException e) {
      // the replaying thread gave up
    }
  }

  /** Applies records on the replaying thread until the decoder is done. */
  void consume() throws IOException {
    try {
      for (Object o = queue.take(); o != END; o = queue.take()) {
        Batch b = (Batch) o;
        switch (b.type) {
          case WalFormat.TYPE_SERIES -> {
            for (int i = 0; i < b.n; i++) {
              target.series(b.ids[i], b.labels[i]);
            }
          }
          case WalFormat.TYPE_SAMPLES -> target.samples(b.ids, b.ts, b.vs, b.n);
          default -> target.tombstones(b.ids, b.ts, b.maxts, b.n);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while replaying the write-ahead log", e);
    }
  }

  /** Rethrows what failed on the decoding thread, if anything. Call after it has ended. */
  void rethrow() throws IOException {
    Throwable t = failure;
    switch (t) {
      case null -> {}
      case IOException e -> throw e;
      case RuntimeException e -> throw e;
      case Error e -> throw e;
      default -> throw new IOException(t);
    }
  }

  @Override
  public void series(int id, Labels labels) {
    seriesIds[nSeries] = id;
    seriesLabels[nSeries] = labels;
    if (++nSeries == SERIES_PER_BATCH) {
      flushSeriesUnchecked();
    }
  }

  @Override
  public void samples(int[] ids, long[] ts, double[] vs, int n) {
    flushSeriesUnchecked();
    put(
        new Batch(
            WalFormat.TYPE_SAMPLES,
            Arrays.copyOf(ids, n),
            null,
            Arrays.copyOf(ts, n),
            null,
            Arrays.copyOf(vs, n),
            n));
  }

  @Override
  public void tombstones(int[] ids, long[] mints, long[] maxts, int n) {
    flushSeriesUnchecked();
    put(
        new Batch(
            WalFormat.TYPE_TOMBSTONES,
            Arrays.copyOf(ids, n),
            null,
            Arrays.copyOf(mints, n),
            Arrays.copyOf(maxts, n),
            null,
            n));
  }

  private void flushSeries() throws InterruptedException {
    if (nSeries > 0) {
      queue.put(
          new Batch(WalFormat.TYPE_SERIES, seriesIds, seriesLabels, null, null, null, nSeries));
      seriesIds = new int[SERIES_PER_BATCH];
      seriesLabels = new Labels[SERIES_PER_BATCH];
      nSeries = 0;
    }
  }

  private void flushSeriesUnchecked() {
    try {
      flushSeries();
    } catch (InterruptedException e) {
      throw new Interrupted(e);
    }
  }

  private void put(Object o) {
    try {
      queue.put(o);
    } catch (InterruptedException e) {
      throw new Interrupted(e);
    }
  }

  /** Unwinds the decoding thread when the replaying thread gave up. */
  static final class Interrupted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Interrupted(InterruptedException cause) {
      super(cause);
    }
  }
}
