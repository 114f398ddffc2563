package dev.vigil.core.storage;

/**
 * Walks one series' samples in increasing timestamp order. Starts before the first sample.
 *
 * <p>Not thread-safe. Implementations allocate nothing per sample.
 */
public interface SampleIterator {
  /** Advances to the next sample; {@link ValueType#NONE} when there is none. */
  ValueType next();

  /**
   * Advances to the first sample with timestamp {@code >= t}; never moves backwards: if the current
   * sample already satisfies that, stays on it. {@link ValueType#NONE} when there is none.
   */
  ValueType seek(long t);

  /** The current sample's timestamp (milliseconds). */
  long atT();

  /** The current sample's value. */
  double atF();

  /**
   * Batch read: appends to {@code out} the float samples with timestamps in {@code [mint, maxt]}
   * from the iterator's current position on (as if by {@code seek(mint)} and then {@code next()}
   * until a sample is past {@code maxt}), skipping samples of other value types. Afterwards the
   * iterator's position is unspecified: call it on a fresh or reset iterator, once. Check {@link
   * #err()} afterwards as after {@link #next()}.
   *
   * <p>This is the fast path for readers that want a whole range at once (range functions,
   * selectors): implementations override it to decode straight into the arrays, without the three
   * calls per sample of {@code next}/{@code atT}/{@code atF}. The default does exactly those calls.
   */
  default void readFloats(long mint, long maxt, FloatSamples out) {
    ValueType vt = seek(mint);
    while (vt != ValueType.NONE) {
      long t = atT();
      if (t > maxt) {
        return;
      }
      if (vt == ValueType.FLOAT) {
        out.add(t, atF());
      }
      vt = next();
    }
  }

  /** The error that ended iteration early (e.g. a corrupt chunk), or null. */
  default Throwable err() {
    return null;
  }
}
