package dev.vigil.core.storage.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.model.Labels;
import dev.vigil.core.storage.FloatSamples;
import dev.vigil.core.storage.SampleIterator;
import dev.vigil.core.storage.ValueType;
import org.junit.jupiter.api.Test;

class ArraySeriesTest {
  private record Seek(long target, long expectedT) {}

  @Test
  void seeksForwardOnly() {
    ArraySeries s =
        new ArraySeries(
            Labels.of("a", "1"), new long[] {10, 20, 30, 40}, new double[] {1, 2, 3, 4});
    SampleIterator it = s.iterator(null);
    Seek[] rows = {
      new Seek(5, 10),
      new Seek(10, 10),
      new Seek(11, 20),
      new Seek(0, 20),
      new Seek(40, 40),
      new Seek(41, -1),
      new Seek(0, -1),
    };
    for (Seek row : rows) {
      ValueType vt = it.seek(row.target());
      if (row.expectedT() < 0) {
        assertThat(vt).as(row.toString()).isEqualTo(ValueType.NONE);
      } else {
        assertThat(vt).as(row.toString()).isEqualTo(ValueType.FLOAT);
        assertThat(it.atT()).as(row.toString()).isEqualTo(row.expectedT());
      }
    }
    assertThat(it.next()).isEqualTo(ValueType.NONE);
    SampleIterator again = s.iterator(it);
    assertThat(again).isSameAs(it);
    assertThat(again.next()).isEqualTo(ValueType.FLOAT);
    assertThat(again.atF()).isEqualTo(1);
  }

  private record Range(long from, long to, String expected) {}

  @Test
  void batchReadEqualsSeekAndNext() {
    ArraySeries s =
        new ArraySeries(
            Labels.of("a", "1"), new long[] {10, 20, 30, 40}, new double[] {1, 2, 3, 4});
    Range[] rows = {
      new Range(Long.MIN_VALUE, Long.MAX_VALUE, "[10, 20, 30, 40]"),
      new Range(11, 39, "[20, 30]"),
      new Range(20, 30, "[20, 30]"),
      new Range(41, 50, "[]"),
      new Range(30, 20, "[]"),
    };
    for (Range row : rows) {
      for (boolean batch : new boolean[] {true, false}) {
        SampleIterator it = s.iterator(null);
        FloatSamples out = new FloatSamples(1);
        if (batch) {
          it.readFloats(row.from(), row.to(), out);
        } else {
          // The interface's default, which the override must agree with.
          new SampleIterator() {
            @Override
            public ValueType next() {
              return it.next();
            }

            @Override
            public ValueType seek(long t) {
              return it.seek(t);
            }

            @Override
            public long atT() {
              return it.atT();
            }

            @Override
            public double atF() {
              return it.atF();
            }
          }.readFloats(row.from(), row.to(), out);
        }
        assertThat(java.util.Arrays.toString(java.util.Arrays.copyOf(out.t, out.size)))
            .as(row + " batch=" + batch)
            .isEqualTo(row.expected());
        for (int i = 0; i < out.size; i++) {
          assertThat(out.v[i]).isEqualTo(out.t[i] / 10.0);
        }
      }
    }
  }

  @Test
  void rejectsUnsortedTimestamps() {
    assertThatThrownBy(
            () -> new ArraySeries(Labels.of("a", "1"), new long[] {2, 2}, new double[] {1, 1}))
        .hasMessageContaining("increase strictly");
  }
}
