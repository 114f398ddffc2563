package dev.vigil.promql.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Splits independent per-series work of one query over the machine's cores: the series are cut into
 * contiguous parts, the calling thread runs the first and a shared pool of platform threads (one
 * fewer than the cores) the others, and the parts' results are concatenated in order, so the output
 * is the same as a sequential run. Used where a query reads and folds each series on its own (range
 * functions over a selector); anything touching shared evaluation state stays on the query's
 * thread.
 *
 * <p>Platform threads, not virtual ones: this work is CPU-bound, and virtual threads would keep the
 * HTTP server's carrier threads busy while it runs.
 */
final class ParallelSeries {
  /** Below this many series per part, splitting costs more than it saves. */
  static final int MIN_SERIES_PER_PART = 512;

  private static final int CORES = Runtime.getRuntime().availableProcessors();
  private static final ExecutorService POOL =
      CORES > 1
          ? Executors.newFixedThreadPool(
              CORES - 1, Thread.ofPlatform().daemon().name("promql-series-", 0).factory())
          : null;

  private ParallelSeries() {}

  /** The work of series {@code [from, to)}; may run on any thread. */
  interface Part<T> {
    List<T> run(int from, int to);
  }

  /** Runs {@code part} over {@code n} series in up to as many parts as there are cores. */
  static <T> List<T> map(int n, Part<T> part) {
    int parts = POOL == null ? 1 : Math.min(CORES, n / MIN_SERIES_PER_PART);
    if (parts <= 1) {
      return part.run(0, n);
    }
    List<Future<List<T>>> helpers = new ArrayList<>(parts - 1);
    for (int p = 1; p < parts; p++) {
      int from = (int) ((long) n * p / parts);
      int to = (int) ((long) n * (p + 1) / parts);
      helpers.add(POOL.submit(() -> part.run(from, to)));
    }
    List<T> out;
    try {
      out = new ArrayList<>(part.run(0, (int) ((long) n / parts)));
      for (Future<List<T>> f : helpers) {
        out.addAll(f.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QueryException(
          QueryException.Kind.CANCELED, "query was canceled in expression evaluation");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    } finally {
      // A part that failed (limit, timeout) stops the others at their next check; cancel the
      // ones not started yet.
      for (Future<List<T>> f : helpers) {
        f.cancel(false);
      }
    }
    return out;
  }
}
