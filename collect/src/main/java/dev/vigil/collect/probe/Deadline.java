package dev.vigil.collect.probe;

import java.net.SocketTimeoutException;

/** The moment a probe must be finished by; every blocking step gets what is left of it. */
record Deadline(long endNanos, long timeoutMillis) {
  static Deadline in(long timeoutMillis) {
    return new Deadline(System.nanoTime() + timeoutMillis * 1_000_000, timeoutMillis);
  }

  /** Milliseconds left, at least 1. */
  int remainingMillis() throws SocketTimeoutException {
    long left = (endNanos - System.nanoTime()) / 1_000_000;
    if (left <= 0) {
      throw timedOut();
    }
    return (int) Math.min(Integer.MAX_VALUE, left);
  }

  SocketTimeoutException timedOut() {
    return new SocketTimeoutException("timeout after " + timeoutMillis + "ms");
  }
}
