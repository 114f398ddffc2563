package dev.vigil.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.model.Matcher;
import dev.vigil.core.storage.FloatSamples;
import dev.vigil.core.storage.Querier;
import dev.vigil.core.storage.Queryable;
import dev.vigil.core.storage.SampleIterator;
import dev.vigil.core.storage.SeriesSet;
import dev.vigil.core.storage.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Compares what two storages answer to the same random queries. */
public final class StorageComparison {
  private static final List<Matcher.Type> TYPES =
      List.of(
          Matcher.Type.EQUAL, Matcher.Type.NOT_EQUAL, Matcher.Type.REGEX, Matcher.Type.NOT_REGEX);

  private StorageComparison() {}

  /** Renders a series set as text lines, including values' raw bits. */
  public static List<String> dump(SeriesSet set) {
    List<String> out = new ArrayList<>();
    SampleIterator it = null;
    while (set.next()) {
      it = set.at().iterator(it);
      StringBuilder b = new StringBuilder(set.at().labels().toString());
      while (it.next() == ValueType.FLOAT) {
        b.append(' ')
            .append(it.atT())
            .append('=')
            .append(Long.toHexString(Double.doubleToRawLongBits(it.atF())));
      }
      assertThat(it.err()).isNull();
      out.add(b.toString());
    }
    assertThat(set.err()).isNull();
    return out;
  }

  /**
   * Renders the samples in {@code [from, to]} of a series set like {@link #dump}, read either
   * sample by sample or through the batch read {@link SampleIterator#readFloats}.
   */
  public static List<String> dumpRange(SeriesSet set, long from, long to, boolean batch) {
    List<String> out = new ArrayList<>();
    SampleIterator it = null;
    FloatSamples buf = new FloatSamples(4);
    while (set.next()) {
      it = set.at().iterator(it);
      StringBuilder b = new StringBuilder(set.at().labels().toString());
      buf.clear();
      if (batch) {
        it.readFloats(from, to, buf);
      } else {
        for (ValueType vt = it.seek(from);
            vt == ValueType.FLOAT && it.atT() <= to;
            vt = it.next()) {
          buf.add(it.atT(), it.atF());
        }
      }
      for (int i = 0; i < buf.size; i++) {
        b.append(' ')
            .append(buf.t[i])
            .append('=')
            .append(Long.toHexString(Double.doubleToRawLongBits(buf.v[i])));
      }
      assertThat(it.err()).isNull();
      out.add(b.toString());
    }
    return out;
  }

  /** Renders a series set after seeking each series to {@code target} once. */
  public static List<String> dumpSeek(SeriesSet set, long target, long second) {
    List<String> out = new ArrayList<>();
    SampleIterator it = null;
    while (set.next()) {
      it = set.at().iterator(it);
      StringBuilder b = new StringBuilder(set.at().labels().toString());
      if (it.seek(target) == ValueType.FLOAT) {
        b.append(" @").append(it.atT());
        if (it.seek(second) == ValueType.FLOAT) {
          b.append(" @").append(it.atT());
          if (it.next() == ValueType.FLOAT) {
            b.append(" ").append(it.atT());
          }
        }
      }
      out.add(b.toString());
    }
    return out;
  }

  /**
   * Runs {@code queries} random selects, label-name and label-value queries against both and
   * asserts equal answers. Matchers are drawn from {@code names} and {@code values}.
   */
  public static void assertSameAnswers(
      Queryable expected,
      Queryable actual,
      Random rnd,
      int queries,
      long minT,
      long maxT,
      String[] names,
      String[] values,
      String context) {
    for (int q = 0; q < queries; q++) {
      long a = minT + (long) (rnd.nextDouble() * (maxT - minT + 1));
      long b = minT + (long) (rnd.nextDouble() * (maxT - minT + 1));
      long mint = rnd.nextInt(4) == 0 ? Long.MIN_VALUE : Math.min(a, b);
      long maxt = rnd.nextInt(4) == 0 ? Long.MAX_VALUE : Math.max(a, b);
      Matcher[] ms = randomMatchers(rnd, names, values);
      String what = context + " query " + q + " [" + mint + "," + maxt + "] " + List.of(ms);
      try (Querier e = expected.querier(mint, maxt);
          Querier g = actual.querier(mint, maxt)) {
        assertThat(dump(g.select(true, null, ms)))
            .as(what)
            .isEqualTo(dump(e.select(true, null, ms)));
        long target = a + (b - a) / 3;
        assertThat(dumpSeek(g.select(true, null, ms), target, b))
            .as(what + " seek " + target + "," + b)
            .isEqualTo(dumpSeek(e.select(true, null, ms), target, b));
        long from = Math.min(a, b) + (b - a) / 5;
        long to = Math.max(a, b) - (b - a) / 7;
        assertThat(dumpRange(g.select(true, null, ms), from, to, true))
            .as(what + " batch read " + from + "," + to)
            .isEqualTo(dumpRange(e.select(true, null, ms), from, to, false));
        assertThat(g.labelNames(ms)).as(what + " names").isEqualTo(e.labelNames(ms));
        String name = names[rnd.nextInt(names.length)];
        assertThat(g.labelValues(name, ms))
            .as(what + " values of " + name)
            .isEqualTo(e.labelValues(name, ms));
      }
    }
  }

  private static Matcher[] randomMatchers(Random rnd, String[] names, String[] values) {
    int n = rnd.nextInt(3);
    Matcher[] ms = new Matcher[n];
    for (int i = 0; i < n; i++) {
      String name = names[rnd.nextInt(names.length)];
      String v = rnd.nextInt(5) == 0 ? "" : values[rnd.nextInt(values.length)];
      Matcher.Type type = TYPES.get(rnd.nextInt(TYPES.size()));
      if (type == Matcher.Type.REGEX || type == Matcher.Type.NOT_REGEX) {
        v =
            switch (rnd.nextInt(4)) {
              case 0 -> quote(v) + ".*";
              case 1 -> quote(v) + "|" + quote(values[rnd.nextInt(values.length)]);
              case 2 -> ".+";
              default -> quote(v);
            };
      }
      ms[i] = Matcher.of(type, name, v);
    }
    return ms;
  }

  /** Escapes RE2 metacharacters. */
  static String quote(String literal) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < literal.length(); i++) {
      char c = literal.charAt(i);
      if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
        b.append('\\');
      }
      b.append(c);
    }
    return b.toString();
  }
}
