package dev.vigil.tsdb.head;

import dev.vigil.core.model.Labels;
import java.io.IOException;

/**
 * Where the head writes each batch before applying it: the write-ahead log in production, nothing
 * in some tests. Called with the head's commit lock held, so calls never overlap and their order is
 * the order in which batches are applied.
 */
public interface CommitLog {
  /** A log that keeps nothing. */
  CommitLog NONE = (ids, labels, nSeries, refs, ts, vs, n) -> {};

  /**
   * Makes a batch durable (per the log's fsync policy) before the head applies it.
   *
   * @param seriesIds ids of series first referenced by this batch; {@code [0, nSeries)} are valid
   * @param seriesLabels their labels
   * @param refs the series id of each sample; {@code [0, n)} are valid
   * @param ts the samples' timestamps
   * @param vs the samples' values
   * @throws IOException when the batch could not be written; the head then applies nothing
   */
  void log(
      int[] seriesIds,
      Labels[] seriesLabels,
      int nSeries,
      int[] refs,
      long[] ts,
      double[] vs,
      int n)
      throws IOException;

  /**
   * Makes a deletion durable before the head applies it: the samples of series {@code ids[i]} in
   * {@code [mints[i], maxts[i]]} are deleted. The default logs nothing (for logs that keep
   * nothing).
   *
   * @throws IOException when the record could not be written; the head then deletes nothing
   */
  default void logTombstones(int[] ids, long[] mints, long[] maxts, int n) throws IOException {}
}
