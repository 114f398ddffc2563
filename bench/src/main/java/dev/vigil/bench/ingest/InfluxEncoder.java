package dev.vigil.bench.ingest;

import java.nio.charset.StandardCharsets;

/**
 * Influx line protocol bodies with millisecond timestamps: one line per sample, the metric name
 * split at its second underscore into measurement and field ({@code node_cpu seconds_total=...}),
 * so that receivers naming metrics {@code measurement_field} (Vigil, VictoriaMetrics) store the
 * same names remote write does; the other labels become tags.
 */
final class InfluxEncoder implements PayloadEncoder {
  private final ByteBuf text = new ByteBuf(1 << 20);
  private byte[][] prefixes;

  @Override
  public String protocol() {
    return "influx";
  }

  @Override
  public byte[] encode(SeriesCatalog series, int from, int to, int k, long tMillis) {
    if (prefixes == null || prefixes.length != series.size()) {
      prefixes = new byte[series.size()][];
    }
    text.clear();
    for (int i = from; i < to; i++) {
      byte[] prefix = prefixes[i];
      if (prefix == null) {
        prefix = prefixOf(series.labels(i));
        prefixes[i] = prefix;
      }
      text.put(prefix)
          .ascii(Long.toString((long) series.value(i, k)))
          .put(' ')
          .ascii(Long.toString(tMillis))
          .put('\n');
    }
    return text.toByteArray();
  }

  /** {@code measurement,tag=value,... field=} for one series. */
  private static byte[] prefixOf(String[] pairs) {
    String name = pairs[1];
    int first = name.indexOf('_');
    int second = first < 0 ? -1 : name.indexOf('_', first + 1);
    String measurement = second < 0 ? name : name.substring(0, second);
    String field = second < 0 ? "value" : name.substring(second + 1);
    StringBuilder sb = new StringBuilder(128).append(escape(measurement));
    for (int j = 2; j < pairs.length; j += 2) {
      sb.append(',').append(escape(pairs[j])).append('=').append(escape(pairs[j + 1]));
    }
    sb.append(' ').append(escape(field)).append('=');
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == ',' || c == '=' || c == ' ') {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.toString();
  }
}
