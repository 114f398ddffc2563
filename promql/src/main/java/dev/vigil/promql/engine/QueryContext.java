package dev.vigil.promql.engine;

import dev.vigil.core.storage.Querier;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * State shared by every evaluator of one query (the top-level one and those of subqueries): the
 * querier, limits, the query's own start/end (for {@code @ start()}/{@code end()}) and collected
 * annotations. A query runs on its caller's thread; only the sample counters and the cancellation
 * check may also be used by the helpers of a parallel step ({@link ParallelSeries}).
 */
final class QueryContext {
  final Querier querier;
  final EngineOptions options;
  final long queryStart;
  final long queryEnd;
  final long queryStep;
  private final long deadlineNanos;
  private final Thread queryThread = Thread.currentThread();
  private final AtomicLong samples = new AtomicLong();
  private final AtomicLong loaded = new AtomicLong();
  final Set<String> warnings = new LinkedHashSet<>();
  final Set<String> infos = new LinkedHashSet<>();

  QueryContext(
      Querier querier,
      EngineOptions options,
      long queryStart,
      long queryEnd,
      long queryStep,
      long deadlineNanos) {
    this.querier = querier;
    this.options = options;
    this.queryStart = queryStart;
    this.queryEnd = queryEnd;
    this.queryStep = queryStep;
    this.deadlineNanos = deadlineNanos;
  }

  /**
   * Counts samples (and per-step output slots) the query holds; fails once the limit is passed. The
   * count is cumulative over the query, so it also bounds the memory evaluation can take.
   */
  void addSamples(long n) {
    if (samples.addAndGet(n) > options.maxSamples()) {
      throw new QueryException(
          QueryException.Kind.TOO_MANY_SAMPLES,
          "query processing would load too many samples into memory in query execution");
    }
  }

  /** Counts samples read from storage or produced by a subquery (also against the limit). */
  void addLoadedSamples(long n) {
    loaded.addAndGet(n);
    addSamples(n);
  }

  /** Samples read from storage or produced by subqueries so far. */
  long loadedSamples() {
    return loaded.get();
  }

  /**
   * Fails when the query ran out of time or its thread was interrupted. Callers call it once per
   * series or per step (tens of nanoseconds against the microseconds of work between calls), so a
   * cut query stops within milliseconds of its deadline.
   */
  void checkCancelled() {
    if (queryThread.isInterrupted()) {
      throw new QueryException(
          QueryException.Kind.CANCELED, "query was canceled in expression evaluation");
    }
    if (System.nanoTime() - deadlineNanos > 0) {
      throw new QueryException(
          QueryException.Kind.TIMEOUT, "query timed out in expression evaluation");
    }
  }

  /** Fails when a result holds more series than the limit allows. */
  void checkSeries(long n) {
    long max = options.maxSeries();
    if (max > 0 && n > max) {
      throw new QueryException(
          QueryException.Kind.TOO_MANY_SERIES,
          "query result would hold more than " + max + " series; narrow the selectors");
    }
  }

  void warn(String w) {
    synchronized (warnings) {
      warnings.add("PromQL warning: " + w);
    }
  }

  void info(String i) {
    synchronized (infos) {
      infos.add("PromQL info: " + i);
    }
  }
}
