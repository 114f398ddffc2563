package dev.vigil.ingest;

import dev.vigil.core.model.Labels;
import dev.vigil.core.model.Utf8Order;
import dev.vigil.core.storage.Appender;
import dev.vigil.core.storage.InvalidSeriesException;
import dev.vigil.core.storage.LimitExceededException;
import dev.vigil.core.storage.OutOfBoundsException;
import dev.vigil.core.storage.OutOfOrderException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The end of every decoder: collects one series' labels, checks them against {@link LabelRules},
 * builds the {@link Labels} and appends the series' samples, keeping the counts and the first
 * errors for {@link WriteStats}.
 *
 * <p>Use: {@link #begin} once per request; per series {@link #startSeries}, {@link #label} for each
 * label, {@link #endLabels}, then {@link #sample} for each sample; {@link #finish} at the end.
 *
 * <p>A series whose labels break a rule is rejected with all its samples, and the rest of the
 * request goes on. The storage's per-sample refusals ({@link OutOfOrderException}, {@link
 * OutOfBoundsException}, {@link LimitExceededException}) reject just that sample; {@link
 * InvalidSeriesException} rejects the rest of the series. Any other storage failure propagates.
 *
 * <p>Not thread-safe; reusable across requests.
 */
public final class SeriesWriter {
  /** How many error messages a {@link WriteStats} keeps. */
  public static final int MAX_ERRORS = 10;

  private static final int MAX_QUOTED = 80;

  private final LabelRules rules;
  private Appender app;

  private final String[] okNames = new String[256];
  private final String[] okMetricNames = new String[256];
  private String[] pairs = new String[32];
  private int count;
  private Labels labels;
  private long ref;
  private boolean valid;

  private String unit = "series";
  private long index;

  private long samplesWritten;
  private long samplesRejected;
  private long seriesRejected;
  private long histogramsDropped;
  private long exemplarsDropped;
  private long metadataReceived;
  private long errorCount;
  private String lastError = "";
  private final List<String> errors = new ArrayList<>();

  /** A writer enforcing {@code rules}. */
  public SeriesWriter(LabelRules rules) {
    this.rules = rules;
  }

  /** The rules this writer enforces. */
  public LabelRules rules() {
    return rules;
  }

  /** Starts a request whose samples go to {@code app}; clears the counts. */
  public void begin(Appender app) {
    this.app = app;
    samplesWritten = 0;
    samplesRejected = 0;
    seriesRejected = 0;
    histogramsDropped = 0;
    exemplarsDropped = 0;
    metadataReceived = 0;
    errorCount = 0;
    lastError = "";
    errors.clear();
    count = 0;
    labels = null;
    valid = false;
  }

  /**
   * Starts a series. Errors about it are reported as {@code "<unit> <index>: ..."}, e.g. {@code
   * series 3: ...} or {@code line 12: ...}.
   */
  public void startSeries(String unit, long index) {
    this.unit = unit;
    this.index = index;
    count = 0;
    labels = null;
    ref = 0;
    valid = true;
  }

  /**
   * Gives the current series labels that were built and checked before (by {@link #endLabels()} on
   * the same bytes under the same rules) and the storage's reference for them, instead of {@link
   * #label} and {@link #endLabels()}.
   */
  public void knownSeries(Labels known, long storageRef) {
    this.labels = known;
    this.ref = storageRef;
  }

  /** The storage's reference for the current series after its last sample, or 0 if none yet. */
  public long ref() {
    return ref;
  }

  /** Adds a label to the current series. An empty value means "absent" and is dropped. */
  public void label(String name, String value) {
    if (value.isEmpty()) {
      return;
    }
    if (2 * count + 2 > pairs.length) {
      if (count >= rules.maxLabelsPerSeries()) {
        count++; // counted for the error message, not stored
        return;
      }
      pairs = Arrays.copyOf(pairs, pairs.length * 2);
    }
    pairs[2 * count] = name;
    pairs[2 * count + 1] = value;
    count++;
  }

  /**
   * Rejects the current series for a reason the decoder found (a bad symbol reference, invalid
   * UTF-8, ...). Its samples will be counted as rejected. Only the first reason is reported.
   */
  public void rejectSeries(String reason) {
    if (valid) {
      valid = false;
      seriesRejected++;
      error(reason);
    }
  }

  /** Whether the current series is still acceptable. */
  public boolean seriesValid() {
    return valid;
  }

  /**
   * Checks the labels of the current series and builds them.
   *
   * @return whether the series is acceptable; if not, the error is recorded
   */
  public boolean endLabels() {
    if (!valid) {
      return false;
    }
    if (count == 0) {
      rejectSeries("series has no labels");
      return false;
    }
    if (count > rules.maxLabelsPerSeries()) {
      rejectSeries(
          "series has "
              + count
              + " labels, over the limit of "
              + rules.maxLabelsPerSeries()
              + " labels per series");
      return false;
    }
    boolean sorted = true;
    for (int i = 0; i < count; i++) {
      String name = pairs[2 * i];
      String value = pairs[2 * i + 1];
      if (name.length() > rules.maxNameLength() / 3 && utf8Length(name) > rules.maxNameLength()) {
        rejectSeries(
            "label name "
                + quote(name)
                + " is longer than the limit of "
                + rules.maxNameLength()
                + " bytes");
        return false;
      }
      if (!validName(name, okNames, false)) {
        rejectSeries("label name " + quote(name) + " is invalid: " + rules.nameRule(false));
        return false;
      }
      if (value.length() > rules.maxValueLength() / 3
          && utf8Length(value) > rules.maxValueLength()) {
        rejectSeries(
            "value of label "
                + quote(name)
                + " is "
                + utf8Length(value)
                + " bytes long, over the limit of "
                + rules.maxValueLength()
                + " bytes");
        return false;
      }
      if (name.equals(Labels.METRIC_NAME) && !validName(value, okMetricNames, true)) {
        rejectSeries("metric name " + quote(value) + " is invalid: " + rules.nameRule(true));
        return false;
      }
      if (i > 0 && sorted && Utf8Order.compare(pairs[2 * i - 2], name) >= 0) {
        sorted = false;
      }
    }
    if (!sorted) {
      sortPairs();
      for (int i = 1; i < count; i++) {
        if (pairs[2 * i].equals(pairs[2 * i - 2])) {
          rejectSeries("duplicate label name " + quote(pairs[2 * i]));
          return false;
        }
      }
    }
    labels = Labels.ofSorted(Arrays.copyOf(pairs, 2 * count));
    return true;
  }

  /**
   * Checks a name, remembering recent good ones: the same few names (and metric names) come in
   * nearly every series, usually as the very same String instance from the decoder's interner.
   */
  private boolean validName(String name, String[] cache, boolean metric) {
    int slot = name.hashCode() & (cache.length - 1);
    if (name.equals(cache[slot])) {
      return true;
    }
    boolean ok = metric ? rules.isValidMetricName(name) : rules.isValidLabelName(name);
    if (ok) {
      cache[slot] = name;
    }
    return ok;
  }

  private void sortPairs() {
    // Insertion sort: series have few labels and usually arrive almost sorted.
    for (int i = 1; i < count; i++) {
      String n = pairs[2 * i];
      String v = pairs[2 * i + 1];
      int j = i - 1;
      while (j >= 0 && Utf8Order.compare(pairs[2 * j], n) > 0) {
        pairs[2 * j + 2] = pairs[2 * j];
        pairs[2 * j + 3] = pairs[2 * j + 1];
        j--;
      }
      pairs[2 * j + 2] = n;
      pairs[2 * j + 3] = v;
    }
  }

  /** The labels built by the last successful {@link #endLabels()}. */
  public Labels labels() {
    return labels;
  }

  /** Appends one sample to the current series, or counts it as rejected. */
  public void sample(long t, double v) {
    if (!valid || labels == null) {
      samplesRejected++;
      return;
    }
    try {
      ref = app.append(ref, labels, t, v);
      samplesWritten++;
    } catch (InvalidSeriesException e) {
      samplesRejected++;
      rejectSeries(e.getMessage());
    } catch (OutOfOrderException | OutOfBoundsException | LimitExceededException e) {
      samplesRejected++;
      error(e.getMessage());
    }
  }

  /** Counts {@code n} samples of the current series as rejected without appending them. */
  public void rejectSamples(long n) {
    samplesRejected += n;
  }

  /** Counts a native histogram sample that was received and not stored. */
  public void histogramDropped() {
    histogramsDropped++;
  }

  /** Counts an exemplar that was received and not stored. */
  public void exemplarDropped() {
    exemplarsDropped++;
  }

  /** Counts a metadata entry received. */
  public void metadataReceived() {
    metadataReceived++;
  }

  /**
   * Records a unit that failed as a whole before any series was formed (a text line that does not
   * parse): counts it and one rejected sample.
   */
  public void rejectUnit(String unit, long index, String message) {
    this.unit = unit;
    this.index = index;
    valid = false;
    labels = null;
    seriesRejected++;
    samplesRejected++;
    error(message);
  }

  /** Records an error message about the current series or line. */
  public void error(String message) {
    errorCount++;
    lastError = unit + " " + index + ": " + message;
    if (errors.size() < MAX_ERRORS) {
      errors.add(lastError);
    }
  }

  /** The most recent error message (with its series or line), or {@code ""}. */
  public String lastError() {
    return lastError;
  }

  /** How many series or lines were rejected since {@link #begin}. */
  public long seriesRejected() {
    return seriesRejected;
  }

  /** The counts of the request since {@link #begin}. */
  public WriteStats finish() {
    app = null;
    return new WriteStats(
        samplesWritten,
        samplesRejected,
        seriesRejected,
        histogramsDropped,
        exemplarsDropped,
        metadataReceived,
        errorCount,
        errors);
  }

  /** {@code s} quoted Go-style, shortened when long, for error messages. */
  public static String quote(String s) {
    StringBuilder b = new StringBuilder();
    if (s.length() > MAX_QUOTED) {
      Labels.quote(b, s.substring(0, MAX_QUOTED));
      b.append("...");
    } else {
      Labels.quote(b, s);
    }
    return b.toString();
  }

  private static int utf8Length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }
}
