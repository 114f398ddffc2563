package dev.vigil.bench.ingest;

/**
 * Encodes one request body: the samples of series {@code [from, to)} of a catalog at one timestamp.
 * Implementations may cache per-series bytes; not thread-safe.
 */
interface PayloadEncoder {
  /** The wire protocol's name as printed in reports. */
  String protocol();

  /**
   * The request body for series {@code [from, to)} at timestamp index {@code k}, time {@code t}.
   */
  byte[] encode(SeriesCatalog series, int from, int to, int k, long tMillis);
}
