package dev.vigil.server.api.write;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides whether a write request may be read and decoded now, before its body is read, so that an
 * overloaded server answers 429 instead of running out of memory. Two limits:
 *
 * <ul>
 *   <li>{@code server.max_concurrent_writes} requests decoded at once; a request waits up to {@code
 *       server.write_queue_timeout} for a slot;
 *   <li>{@code server.max_write_bytes_in_flight}: the request bodies being read or decoded, counted
 *       by their {@code Content-Length} (a body without one counts as {@code
 *       server.max_request_size}, the most it can be). A request that does not fit is refused at
 *       once; one request alone is always let in, however large (413 is for bodies over the request
 *       size limit).
 * </ul>
 *
 * <p>Thread-safe.
 */
final class WriteAdmission {
  /** Which limit refused a request. */
  enum Refusal {
    CONCURRENCY("too many write requests in progress (server.max_concurrent_writes)"),
    BYTES("too many bytes of write requests in progress (server.max_write_bytes_in_flight)");

    final String reason;

    Refusal(String reason) {
      this.reason = reason;
    }
  }

  private final Semaphore slots;
  private final Duration queueTimeout;
  private final long maxBytes;
  private final long unknownLengthBytes;
  private final AtomicLong bytes = new AtomicLong();

  WriteAdmission(int maxConcurrent, Duration queueTimeout, long maxBytes, long unknownLengthBytes) {
    this.slots = new Semaphore(maxConcurrent, true);
    this.queueTimeout = queueTimeout;
    this.maxBytes = maxBytes;
    this.unknownLengthBytes = unknownLengthBytes;
  }

  /** The bytes a body of declared length {@code contentLength} (-1 if none) counts for. */
  long weight(long contentLength) {
    return contentLength < 0 ? unknownLengthBytes : contentLength;
  }

  /**
   * Admits a request weighing {@code weight} bytes, or returns why not. After admission, call
   * {@link #release} with the same weight exactly once.
   */
  Refusal admit(long weight) {
    long cur;
    do {
      cur = bytes.get();
      if (cur > 0 && cur + weight > maxBytes) {
        return Refusal.BYTES;
      }
    } while (!bytes.compareAndSet(cur, cur + weight));
    boolean ok;
    try {
      ok = slots.tryAcquire(queueTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ok = false;
    }
    if (!ok) {
      bytes.addAndGet(-weight);
      return Refusal.CONCURRENCY;
    }
    return null;
  }

  void release(long weight) {
    slots.release();
    bytes.addAndGet(-weight);
  }

  /** Bytes of admitted requests now. */
  long bytesInFlight() {
    return bytes.get();
  }
}
