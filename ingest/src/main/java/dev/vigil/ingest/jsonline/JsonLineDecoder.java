package dev.vigil.ingest.jsonline;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.vigil.core.model.Labels;
import dev.vigil.core.storage.Appender;
import dev.vigil.ingest.LabelRules;
import dev.vigil.ingest.SeriesWriter;
import dev.vigil.ingest.WriteStats;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Appends VictoriaMetrics' JSON-lines export format ({@code POST /api/v1/import}, what {@code GET
 * /api/v1/export} writes): one object per line, {@code {"metric":{"__name__":"up","job":"x"},
 * "values":[1,0.5],"timestamps":[1700000000000,1700000015000]}}. Values are JSON numbers, or the
 * strings {@code "NaN"}, {@code "+Inf"}, {@code "-Inf"} (also {@code "Inf"}, {@code "Infinity"})
 * and decimal strings; timestamps are Unix milliseconds.
 *
 * <p>Lenient, like the text import: a line that does not parse, whose arrays differ in length, or
 * whose series breaks a {@link LabelRules} rule is skipped and reported as {@code line N: ...}; the
 * others are appended. The caller commits or rolls back.
 *
 * <p>Not thread-safe; reusable.
 */
public final class JsonLineDecoder {
  private final SeriesWriter writer;
  private final List<String> names = new ArrayList<>();
  private final List<String> values = new ArrayList<>();
  private double[] vs = new double[64];
  private long[] ts = new long[64];

  /** A decoder enforcing {@code rules}. */
  public JsonLineDecoder(LabelRules rules) {
    this.writer = new SeriesWriter(rules);
  }

  /**
   * Parses {@code body[off, off+len)} and appends its samples; {@code extraLabels} are added to
   * every series, overriding the input's.
   */
  public WriteStats decode(byte[] body, int off, int len, Labels extraLabels, Appender app) {
    writer.begin(app);
    int end = off + len;
    int line = 0;
    int p = off;
    while (p < end) {
      int nl = p;
      while (nl < end && body[nl] != '\n') {
        nl++;
      }
      line++;
      int s = p;
      p = nl + 1;
      if (isBlank(body, s, nl)) {
        continue;
      }
      String text = new String(body, s, nl - s, StandardCharsets.UTF_8);
      int n;
      try {
        n = parse(text);
      } catch (IOException | IllegalStateException | NumberFormatException e) {
        writer.rejectUnit("line", line, "not a JSON series object: " + message(e));
        continue;
      }
      writer.startSeries("line", line);
      for (int i = 0; i < names.size(); i++) {
        if (extraLabels.isEmpty() || !extraLabels.has(names.get(i))) {
          writer.label(names.get(i), values.get(i));
        }
      }
      for (int i = 0; i < extraLabels.size(); i++) {
        writer.label(extraLabels.name(i), extraLabels.value(i));
      }
      if (!writer.endLabels()) {
        writer.rejectSamples(n);
        continue;
      }
      for (int i = 0; i < n; i++) {
        writer.sample(ts[i], vs[i]);
      }
    }
    return writer.finish();
  }

  private static String message(Exception e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }

  /** Reads one object into names/values/vs/ts; returns the sample count. */
  private int parse(String text) throws IOException {
    names.clear();
    values.clear();
    int nv = -1;
    int nt = -1;
    boolean metric = false;
    try (JsonReader r = new JsonReader(new StringReader(text))) {
      r.beginObject();
      while (r.hasNext()) {
        switch (r.nextName()) {
          case "metric" -> {
            metric = true;
            r.beginObject();
            while (r.hasNext()) {
              names.add(r.nextName());
              values.add(r.nextString());
            }
            r.endObject();
          }
          case "values" -> {
            nv = 0;
            r.beginArray();
            while (r.hasNext()) {
              if (nv == vs.length) {
                vs = java.util.Arrays.copyOf(vs, 2 * nv);
              }
              vs[nv++] = value(r);
            }
            r.endArray();
          }
          case "timestamps" -> {
            nt = 0;
            r.beginArray();
            while (r.hasNext()) {
              if (nt == ts.length) {
                ts = java.util.Arrays.copyOf(ts, 2 * nt);
              }
              ts[nt++] = r.nextLong();
            }
            r.endArray();
          }
          default -> r.skipValue();
        }
      }
      r.endObject();
      if (r.peek() != JsonToken.END_DOCUMENT) {
        throw new IOException("more than one JSON value on the line");
      }
    }
    if (!metric) {
      throw new IOException("no \"metric\" object");
    }
    if (nv < 0 || nt < 0) {
      throw new IOException("\"values\" and \"timestamps\" are both required");
    }
    if (nv != nt) {
      throw new IOException(nv + " values but " + nt + " timestamps");
    }
    return nv;
  }

  private static double value(JsonReader r) throws IOException {
    if (r.peek() == JsonToken.NUMBER) {
      return r.nextDouble();
    }
    String s = r.nextString();
    return switch (s) {
      case "NaN" -> Double.NaN;
      case "+Inf", "Inf", "Infinity", "+Infinity" -> Double.POSITIVE_INFINITY;
      case "-Inf", "-Infinity" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(s);
    };
  }

  private static boolean isBlank(byte[] b, int s, int e) {
    for (int i = s; i < e; i++) {
      if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
        return false;
      }
    }
    return true;
  }
}
