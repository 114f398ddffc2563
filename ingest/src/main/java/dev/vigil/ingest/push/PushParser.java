package dev.vigil.ingest.push;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.vigil.core.model.Labels;
import dev.vigil.ingest.IngestException;
import dev.vigil.ingest.LabelRules;
import dev.vigil.ingest.MetricType;
import dev.vigil.ingest.Numbers;
import dev.vigil.ingest.StringInterner;
import dev.vigil.ingest.promtext.TextFormat;
import dev.vigil.ingest.promtext.TextParseException;
import dev.vigil.ingest.promtext.TextParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a Pushgateway push body into {@link PushedFamily families}: the Prometheus text format
 * 0.0.4, or delimited protobuf {@code io.prometheus.client.MetricFamily} messages (what the Go and
 * Java client libraries push by default). Strict, as the Pushgateway: the first problem refuses the
 * whole body with a 400 naming it. The grouping labels replace body labels of the same name.
 *
 * <p>Refused: syntax errors, samples with timestamps (the Pushgateway refuses them: a pushed value
 * is current until replaced), a series pushed twice, and labels that break {@link LabelRules}.
 * Protobuf histograms keep their classic buckets ({@code +Inf} added when absent); native buckets
 * are not stored.
 *
 * <p>Not thread-safe; reusable.
 */
public final class PushParser {
  /** The protobuf content type of the client libraries. */
  public static final String PROTOBUF_CONTENT_TYPE =
      "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited";

  private static final int MAX_MESSAGE = 64 << 20;

  private final LabelRules rules;
  private final TextParser text;

  /** A parser enforcing {@code rules}. */
  public PushParser(LabelRules rules) {
    this.rules = rules;
    this.text = new TextParser(TextFormat.PROMETHEUS, new StringInterner());
  }

  /** Whether a {@code Content-Type} asks for delimited protobuf (anything else is read as text). */
  public static boolean isProtobuf(String contentType) {
    if (contentType == null) {
      return false;
    }
    String ct = contentType.toLowerCase(Locale.ROOT);
    return ct.startsWith("application/vnd.google.protobuf") && ct.contains("encoding=delimited");
  }

  /** Parses a text-format body. */
  public List<PushedFamily> parseText(byte[] body, int off, int len, Labels grouping) {
    Families out = new Families(grouping);
    text.reset(body, off, off + len);
    String current = null;
    while (true) {
      TextParser.Entry e;
      try {
        e = text.next();
      } catch (TextParseException x) {
        throw IngestException.malformed(x.getMessage());
      }
      switch (e) {
        case EOF -> {
          return out.result();
        }
        case HELP -> {
          current = text.family();
          out.family(current).help = text.help();
        }
        case TYPE -> {
          current = text.family();
          out.family(current).type = text.type();
        }
        case UNIT -> current = text.family();
        case SERIES -> {
          String where = "line " + text.line();
          if (text.hasTimestamp()) {
            throw IngestException.malformed(
                where + ": pushed samples must not carry timestamps (the push time is used)");
          }
          String name = text.metricName();
          Builder f =
              current != null && belongs(name, current, out.family(current).type)
                  ? out.family(current)
                  : out.family(name);
          Labels.Builder b = Labels.builder();
          for (int i = 0; i < text.labelCount(); i++) {
            b.set(text.labelName(i), text.labelValue(i));
          }
          out.add(f, where, name, b, text.value());
        }
      }
    }
  }

  /** Parses a body of length-delimited {@code MetricFamily} protobuf messages. */
  public List<PushedFamily> parseProtobuf(byte[] body, int off, int len, Labels grouping) {
    Families out = new Families(grouping);
    CodedInputStream in = CodedInputStream.newInstance(body, off, len);
    int index = 0;
    try {
      while (!in.isAtEnd()) {
        index++;
        int size = in.readRawVarint32();
        if (size < 0 || size > MAX_MESSAGE || size > len) {
          throw IngestException.malformed(
              "metric family " + index + ": bad message length " + size);
        }
        int limit = in.pushLimit(size);
        family(in, out, index);
        in.popLimit(limit);
      }
    } catch (InvalidProtocolBufferException e) {
      throw IngestException.malformed(
          "metric family " + index + ": not a valid MetricFamily message: " + e.getMessage());
    } catch (IOException e) {
      throw IngestException.malformed("metric family " + index + ": " + e.getMessage());
    }
    return out.result();
  }

  /** The MetricFamily type numbers of {@code metrics.proto}. */
  private static MetricType protoType(int n) {
    return switch (n) {
      case 0 -> MetricType.COUNTER;
      case 1 -> MetricType.GAUGE;
      case 2 -> MetricType.SUMMARY;
      case 4 -> MetricType.HISTOGRAM;
      case 5 -> MetricType.GAUGE_HISTOGRAM;
      default -> MetricType.UNKNOWN;
    };
  }

  private void family(CodedInputStream in, Families out, int index) throws IOException {
    String name = "";
    String help = "";
    int type = 0;
    List<byte[]> metrics = new ArrayList<>();
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        break;
      }
      switch (tag) {
        case (1 << 3) | 2 -> name = in.readStringRequireUtf8();
        case (2 << 3) | 2 -> help = in.readStringRequireUtf8();
        case (3 << 3) -> type = in.readEnum();
        case (4 << 3) | 2 -> metrics.add(in.readByteArray());
        default -> in.skipField(tag);
      }
    }
    String where = "metric family " + index + " (\"" + name + "\")";
    if (name.isEmpty()) {
      throw IngestException.malformed("metric family " + index + ": no name");
    }
    Builder f = out.family(name);
    f.type = protoType(type);
    f.help = help;
    for (byte[] m : metrics) {
      metric(CodedInputStream.newInstance(m), out, f, where);
    }
  }

  private void metric(CodedInputStream in, Families out, Builder f, String where)
      throws IOException {
    Labels.Builder labels = Labels.builder();
    byte[] value = null;
    int valueField = 0;
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        break;
      }
      int field = tag >>> 3;
      switch (field) {
        case 1 -> {
          String[] pair = labelPair(CodedInputStream.newInstance(in.readByteArray()));
          labels.set(pair[0], pair[1]);
        }
        case 2, 3, 4, 5, 7 -> {
          value = in.readByteArray();
          valueField = field;
        }
        case 6 -> {
          in.skipField(tag);
          throw IngestException.malformed(
              where + ": pushed samples must not carry timestamps (the push time is used)");
        }
        default -> in.skipField(tag);
      }
    }
    CodedInputStream v = CodedInputStream.newInstance(value == null ? new byte[0] : value);
    switch (valueField) {
      case 2, 3, 5 -> out.add(f, where, f.name, labels, singleValue(v));
      case 4 -> summary(v, out, f, where, labels);
      case 7 -> histogram(v, out, f, where, labels);
      default -> throw IngestException.malformed(where + ": a metric without a value");
    }
  }

  private static String[] labelPair(CodedInputStream in) throws IOException {
    String[] pair = {"", ""};
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        return pair;
      }
      switch (tag) {
        case (1 << 3) | 2 -> pair[0] = in.readStringRequireUtf8();
        case (2 << 3) | 2 -> pair[1] = in.readStringRequireUtf8();
        default -> in.skipField(tag);
      }
    }
  }

  /** Gauge, Counter and Untyped all keep their value in field 1. */
  private static double singleValue(CodedInputStream in) throws IOException {
    double value = 0;
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        return value;
      }
      if (tag == ((1 << 3) | 1)) {
        value = in.readDouble();
      } else {
        in.skipField(tag);
      }
    }
  }

  private void summary(
      CodedInputStream in, Families out, Builder f, String where, Labels.Builder labels)
      throws IOException {
    double count = 0;
    double sum = 0;
    List<double[]> quantiles = new ArrayList<>();
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        break;
      }
      switch (tag) {
        case (1 << 3) -> count = unsigned(in.readUInt64());
        case (2 << 3) | 1 -> sum = in.readDouble();
        case (3 << 3) | 2 -> quantiles.add(pair(CodedInputStream.newInstance(in.readByteArray())));
        default -> in.skipField(tag);
      }
    }
    Labels base = labels.build();
    for (double[] q : quantiles) {
      out.add(f, where, f.name, base.toBuilder().set("quantile", Numbers.formatPlain(q[0])), q[1]);
    }
    out.add(f, where, f.name + "_sum", base.toBuilder(), sum);
    out.add(f, where, f.name + "_count", base.toBuilder(), count);
  }

  private void histogram(
      CodedInputStream in, Families out, Builder f, String where, Labels.Builder labels)
      throws IOException {
    double count = 0;
    double sum = 0;
    List<double[]> buckets = new ArrayList<>();
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        break;
      }
      switch (tag) {
        case (1 << 3) -> count = unsigned(in.readUInt64());
        case (4 << 3) | 1 -> count = in.readDouble();
        case (2 << 3) | 1 -> sum = in.readDouble();
        case (3 << 3) | 2 -> buckets.add(bucket(CodedInputStream.newInstance(in.readByteArray())));
        default -> in.skipField(tag);
      }
    }
    Labels base = labels.build();
    boolean inf = false;
    for (double[] b : buckets) {
      inf |= b[0] == Double.POSITIVE_INFINITY;
      out.add(
          f,
          where,
          f.name + "_bucket",
          base.toBuilder().set("le", Numbers.formatPlain(b[0])),
          b[1]);
    }
    if (!inf) {
      out.add(f, where, f.name + "_bucket", base.toBuilder().set("le", "+Inf"), count);
    }
    out.add(f, where, f.name + "_sum", base.toBuilder(), sum);
    out.add(f, where, f.name + "_count", base.toBuilder(), count);
  }

  /** A Quantile message: {quantile, value}. */
  private static double[] pair(CodedInputStream in) throws IOException {
    double[] qv = new double[2];
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        return qv;
      }
      switch (tag) {
        case (1 << 3) | 1 -> qv[0] = in.readDouble();
        case (2 << 3) | 1 -> qv[1] = in.readDouble();
        default -> in.skipField(tag);
      }
    }
  }

  /** A Bucket message: {upper_bound, cumulative count (integer or float)}. */
  private static double[] bucket(CodedInputStream in) throws IOException {
    double[] bc = new double[2];
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        return bc;
      }
      switch (tag) {
        case (1 << 3) -> bc[1] = unsigned(in.readUInt64());
        case (4 << 3) | 1 -> bc[1] = in.readDouble();
        case (2 << 3) | 1 -> bc[0] = in.readDouble();
        default -> in.skipField(tag);
      }
    }
  }

  private static double unsigned(long v) {
    return v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
  }

  /**
   * Whether sample {@code name} belongs to family {@code family} of {@code type}: histograms own
   * their {@code _bucket}, {@code _sum} and {@code _count} series, summaries {@code _sum} and
   * {@code _count}.
   */
  private static boolean belongs(String name, String family, MetricType type) {
    if (name.equals(family)) {
      return true;
    }
    if (!name.startsWith(family) || name.length() <= family.length()) {
      return false;
    }
    String suffix = name.substring(family.length());
    return switch (type) {
      case HISTOGRAM, GAUGE_HISTOGRAM ->
          suffix.equals("_bucket") || suffix.equals("_sum") || suffix.equals("_count");
      case SUMMARY -> suffix.equals("_sum") || suffix.equals("_count");
      case COUNTER -> suffix.equals("_total");
      default -> false;
    };
  }

  private static final class Builder {
    final String name;
    MetricType type = MetricType.UNKNOWN;
    String help = "";
    final List<PushedSeries> series = new ArrayList<>();

    Builder(String name) {
      this.name = name;
    }
  }

  /** The families of one body, checking every series as it is added. */
  private final class Families {
    private final Labels grouping;
    private final Map<String, Builder> byName = new LinkedHashMap<>();
    private final Set<Labels> seen = new HashSet<>();

    Families(Labels grouping) {
      this.grouping = grouping;
    }

    Builder family(String name) {
      return byName.computeIfAbsent(name, Builder::new);
    }

    void add(Builder f, String where, String metric, Labels.Builder b, double value) {
      if (!rules.isValidMetricName(metric)) {
        throw IngestException.malformed(
            where + ": bad metric name \"" + metric + "\": " + rules.nameRule(true));
      }
      b.set(Labels.METRIC_NAME, metric);
      for (int i = 0; i < grouping.size(); i++) {
        b.set(grouping.name(i), grouping.value(i));
      }
      Labels labels = b.build();
      if (labels.size() > rules.maxLabelsPerSeries()) {
        throw IngestException.malformed(
            where
                + ": "
                + labels.size()
                + " labels, over the limit of "
                + rules.maxLabelsPerSeries());
      }
      for (int i = 0; i < labels.size(); i++) {
        String n = labels.name(i);
        if (!n.equals(Labels.METRIC_NAME) && !rules.isValidLabelName(n)) {
          throw IngestException.malformed(
              where + ": bad label name \"" + n + "\": " + rules.nameRule(false));
        }
        if (n.length() > rules.maxNameLength()
            || labels.value(i).length() > rules.maxValueLength()) {
          throw IngestException.malformed(
              where + ": label \"" + n + "\" is over the name or value length limit");
        }
      }
      if (!seen.add(labels)) {
        throw IngestException.malformed(where + ": series " + labels + " is pushed twice");
      }
      f.series.add(new PushedSeries(labels, value));
    }

    List<PushedFamily> result() {
      List<PushedFamily> out = new ArrayList<>(byName.size());
      for (Builder b : byName.values()) {
        if (!b.series.isEmpty()) {
          out.add(new PushedFamily(b.name, b.type, b.help, b.series));
        }
      }
      return out;
    }
  }
}
