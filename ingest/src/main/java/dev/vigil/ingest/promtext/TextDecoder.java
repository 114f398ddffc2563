package dev.vigil.ingest.promtext;

import dev.vigil.core.model.Labels;
import dev.vigil.core.storage.Appender;
import dev.vigil.ingest.IngestException;
import dev.vigil.ingest.LabelRules;
import dev.vigil.ingest.MetadataSink;
import dev.vigil.ingest.MetricType;
import dev.vigil.ingest.SeriesWriter;
import dev.vigil.ingest.StringInterner;
import dev.vigil.ingest.WriteStats;
import java.util.HashMap;
import java.util.Map;

/**
 * Appends Prometheus text or OpenMetrics input to an {@link Appender}: {@code POST
 * /api/v1/import/prometheus}, the Pushgateway-compatible push API, and scrapes.
 *
 * <p>Two modes:
 *
 * <ul>
 *   <li><b>lenient</b> (imports): a line that does not parse, or whose series breaks a {@link
 *       LabelRules} rule, is skipped and counted with its line number; every other line is
 *       appended. Like VictoriaMetrics' import.
 *   <li><b>strict</b> (scrapes and pushes): the first such line throws a {@link TextParseException}
 *       or {@link IngestException} naming it, and the caller rolls the whole batch back. Like a
 *       Prometheus scrape, which fails as a whole.
 * </ul>
 *
 * Samples without a timestamp get {@code defaultTimestampMillis} (the request or scrape time).
 * Samples the storage refuses (out of order, ...) are counted and skipped in both modes. HELP, TYPE
 * and UNIT lines go to the {@link MetadataSink}; exemplars are counted and dropped. The caller
 * commits or rolls back, as for every decoder in {@code dev.vigil.ingest}.
 *
 * <p>Not thread-safe; one per thread, reusable.
 */
public final class TextDecoder {
  private final SeriesWriter writer;
  private final StringInterner strings = new StringInterner();
  private final TextParser text;
  private final TextParser openMetrics;
  private final Map<String, String> helpByFamily = new HashMap<>();
  private MetadataSink metadataSink = MetadataSink.NONE;
  private KnownSeries known;

  /** A decoder enforcing {@code rules}. */
  public TextDecoder(LabelRules rules) {
    this.writer = new SeriesWriter(rules);
    this.text = new TextParser(TextFormat.PROMETHEUS, strings);
    this.openMetrics = new TextParser(TextFormat.OPENMETRICS, strings);
  }

  /** A decoder with the default rules. */
  public TextDecoder() {
    this(LabelRules.DEFAULT);
  }

  /** Sends HELP/TYPE/UNIT metadata to {@code sink}; returns this decoder. */
  public TextDecoder metadataSink(MetadataSink sink) {
    this.metadataSink = sink;
    return this;
  }

  /**
   * Consults {@code cache} for every sample's series text before decoding it (see {@link
   * KnownSeries}); null (the default) turns it off. Returns this decoder.
   */
  public TextDecoder knownSeries(KnownSeries cache) {
    this.known = cache;
    text.knownSeries(cache);
    openMetrics.knownSeries(cache);
    return this;
  }

  /**
   * Parses {@code body[off, off+len)} and appends its samples (without committing).
   *
   * @param defaultTimestampMillis the timestamp of samples that have none
   * @param strict whether the first bad line fails the whole body (see the class comment)
   * @param extraLabels labels added to every series, overriding the input's (e.g. {@code job} and
   *     {@code instance} of a push, or an import's {@code extra_label}); may be empty
   * @throws IngestException in strict mode, for the first bad line
   */
  public WriteStats decode(
      byte[] body,
      int off,
      int len,
      TextFormat format,
      long defaultTimestampMillis,
      boolean strict,
      Labels extraLabels,
      Appender app) {
    TextParser p = format == TextFormat.OPENMETRICS ? openMetrics : text;
    p.reset(body, off, off + len);
    writer.begin(app);
    if (known != null) {
      known.start(format == TextFormat.OPENMETRICS ? format : TextFormat.PROMETHEUS);
    }
    helpByFamily.clear();
    MetricType lastType = MetricType.UNKNOWN;
    String lastTypeFamily = "";
    String lastUnit = "";
    String lastUnitFamily = "";
    while (true) {
      TextParser.Entry e;
      try {
        e = p.next();
      } catch (TextParseException x) {
        if (strict) {
          throw x;
        }
        writer.rejectUnit("line", x.line(), stripLinePrefix(x.getMessage()));
        continue;
      }
      switch (e) {
        case EOF -> {
          return writer.finish();
        }
        case HELP -> {
          helpByFamily.put(p.family(), p.help());
          writer.metadataReceived();
          metadataSink.metadata(
              p.family(),
              p.family().equals(lastTypeFamily) ? lastType : MetricType.UNKNOWN,
              p.help(),
              p.family().equals(lastUnitFamily) ? lastUnit : "");
        }
        case TYPE -> {
          lastType = p.type();
          lastTypeFamily = p.family();
          writer.metadataReceived();
          metadataSink.metadata(
              p.family(),
              p.type(),
              helpByFamily.getOrDefault(p.family(), ""),
              p.family().equals(lastUnitFamily) ? lastUnit : "");
        }
        case UNIT -> {
          lastUnit = p.unit();
          lastUnitFamily = p.family();
          writer.metadataReceived();
          metadataSink.metadata(
              p.family(),
              p.family().equals(lastTypeFamily) ? lastType : MetricType.UNKNOWN,
              helpByFamily.getOrDefault(p.family(), ""),
              p.unit());
        }
        case SERIES -> series(p, defaultTimestampMillis, strict, extraLabels);
      }
    }
  }

  /** {@link #decode} of a whole body, lenient, with no extra labels. */
  public WriteStats decode(
      byte[] body, TextFormat format, long defaultTimestampMillis, Appender app) {
    return decode(body, 0, body.length, format, defaultTimestampMillis, false, Labels.empty(), app);
  }

  private void series(TextParser p, long defaultTs, boolean strict, Labels extra) {
    long t = p.hasTimestamp() ? p.timestampMillis() : defaultTs;
    if (p.knownHandle() >= 0) {
      if (p.hasExemplar()) {
        writer.exemplarDropped();
      }
      known.append(p.knownHandle(), t, p.value());
      return;
    }
    long before = writer.seriesRejected();
    writer.startSeries("line", p.line());
    writer.label(Labels.METRIC_NAME, p.metricName());
    for (int i = 0; i < p.labelCount(); i++) {
      String name = p.labelName(i);
      if (extra.isEmpty() || !extra.has(name)) {
        writer.label(name, p.labelValue(i));
      }
    }
    for (int i = 0; i < extra.size(); i++) {
      writer.label(extra.name(i), extra.value(i));
    }
    if (p.metricName().isEmpty()) {
      writer.rejectSeries("missing metric name");
    }
    writer.endLabels();
    if (strict && writer.seriesRejected() > before) {
      throw IngestException.malformed(writer.lastError());
    }
    if (p.hasExemplar()) {
      writer.exemplarDropped();
    }
    long rejected = writer.samplesRejected();
    writer.sample(t, p.value());
    if (known != null && writer.samplesRejected() == rejected && extra.isEmpty()) {
      known.learn(p.buffer(), p.seriesStart(), p.seriesEnd() - p.seriesStart());
    }
  }

  private static String stripLinePrefix(String message) {
    int colon = message.indexOf(": ");
    return message.startsWith("line ") && colon > 0 ? message.substring(colon + 2) : message;
  }
}
