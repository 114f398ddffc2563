package dev.vigil.ingest.jsonline;

import dev.vigil.core.model.Labels;

/**
 * Writes one series as a line of the JSON-lines export format (see {@link JsonLineDecoder}): labels
 * in order, finite values as JSON numbers in their shortest form, {@code NaN} and infinities as the
 * strings {@code "NaN"}, {@code "+Inf"}, {@code "-Inf"}.
 */
public final class JsonLineWriter {
  private JsonLineWriter() {}

  /** Appends the line for {@code labels} with {@code n} samples, ending in a newline. */
  public static void append(StringBuilder out, Labels labels, long[] ts, double[] vs, int n) {
    out.append("{\"metric\":{");
    for (int i = 0; i < labels.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      string(out, labels.name(i));
      out.append(':');
      string(out, labels.value(i));
    }
    out.append("},\"values\":[");
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        out.append(',');
      }
      double v = vs[i];
      if (Double.isNaN(v)) {
        out.append("\"NaN\"");
      } else if (Double.isInfinite(v)) {
        out.append(v > 0 ? "\"+Inf\"" : "\"-Inf\"");
      } else if (v == Math.rint(v) && Math.abs(v) < 1e15) {
        out.append((long) v);
      } else {
        out.append(v);
      }
    }
    out.append("],\"timestamps\":[");
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(ts[i]);
    }
    out.append("]}\n");
  }

  private static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
