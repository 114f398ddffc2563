package dev.vigil.ingest.promtext;

/**
 * A cache a {@link TextDecoder} consults before decoding a sample's series text (the bytes from the
 * metric name through the closing {@code '}'}), for callers that see the same text again and again,
 * such as the scrape loop of one target. Prometheus keeps such a cache per target, from the series
 * text to its storage reference; with it a known series costs a hash and a byte comparison instead
 * of decoding, interning, checking and looking up its labels.
 *
 * <p>The decoder calls {@link #start} once per body, {@link #find} for every sample line, {@link
 * #append} for a line {@link #find} recognised (its labels are not decoded at all), and {@link
 * #learn} after a line it decoded in full was handed to the {@link dev.vigil.core.storage.Appender}
 * without error, so that the implementation can tie the text to what that appender made of it.
 * Identical bytes in the same format always decode to the same labels, so a hit is exactly what
 * decoding would have given. Not thread-safe: one per decoder user.
 */
public interface KnownSeries {
  /** A body in {@code format} begins. Entries learned in another format must not be found. */
  void start(TextFormat format);

  /**
   * Looks up the series text {@code b[off, off+len)}.
   *
   * @return a handle for {@link #append}, or -1 when the text is not known
   */
  int find(byte[] b, int off, int len);

  /**
   * Appends a sample to the series of {@code handle}.
   *
   * @param t the sample's timestamp (the default timestamp when the line had none)
   */
  void append(int handle, long t, double v);

  /** The series text {@code b[off, off+len)} was just decoded and its sample appended. */
  void learn(byte[] b, int off, int len);
}
