package dev.vigil.collect.source;

/**
 * Something Vigil measures in-process instead of scraping over HTTP: this host, a probe of a remote
 * endpoint, a database. The scrape manager calls {@link #collect} once per interval on the target's
 * own virtual thread and stores what it writes exactly like a scrape: the target's labels attached,
 * staleness tracked, and the report series ({@code up}, {@code scrape_duration_seconds}, ...)
 * added.
 *
 * <p>Thread-safety: one thread at a time calls {@link #collect}; implementations may keep state
 * between calls (previous counters, connections) without locking.
 */
@FunctionalInterface
public interface Source {
  /**
   * Writes one collection's samples.
   *
   * @return null when the target is healthy; otherwise why it is not (e.g. the probe failed, the
   *     database is unreachable): the samples written are still stored, {@code up} is 0 and the
   *     reason is the target's last error on {@code /api/v1/targets}
   * @throws InterruptedException when the collection was interrupted (the server stops)
   * @throws RuntimeException when nothing usable was collected: nothing is stored, {@code up} is 0,
   *     and the message is the last error
   */
  String collect(MetricWriter out) throws InterruptedException;

  /** Releases what the source holds (connections, files); called once when its target stops. */
  default void close() {}
}
