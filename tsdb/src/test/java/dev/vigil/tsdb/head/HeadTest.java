package dev.vigil.tsdb.head;

import static dev.vigil.tsdb.StorageComparison.dump;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.model.Labels;
import dev.vigil.core.model.Matcher;
import dev.vigil.core.model.Values;
import dev.vigil.core.storage.Appender;
import dev.vigil.core.storage.InvalidSeriesException;
import dev.vigil.core.storage.LimitExceededException;
import dev.vigil.core.storage.OutOfBoundsException;
import dev.vigil.core.storage.OutOfOrderException;
import dev.vigil.core.storage.Querier;
import dev.vigil.core.storage.SampleIterator;
import dev.vigil.core.storage.SeriesSet;
import dev.vigil.core.storage.StorageException;
import dev.vigil.core.storage.ValueType;
import dev.vigil.core.storage.memory.MemoryStorage;
import dev.vigil.tsdb.StorageComparison;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HeadTest {
  private static final Labels A = Labels.of("__name__", "up", "job", "a");
  private static final Labels B = Labels.of("__name__", "up", "job", "b");

  @Test
  void storesManyChunksAndSeeks() {
    Head head = new Head(HeadLimits.none(), CommitLog.NONE);
    Appender app = head.appender();
    long ref = 0;
    for (int i = 0; i < 1000; i++) {
      ref = app.append(ref, A, i * 10L, i);
      if (i % 7 == 0) {
        app.commit();
      }
    }
    app.commit();
    try (Querier q = head.querier(2000, 7005)) {
      SeriesSet set = q.select(false, null, Matcher.equal("job", "a"));
      assertThat(set.next()).isTrue();
      SampleIterator it = set.at().iterator(null);
      assertThat(it.next()).isEqualTo(ValueType.FLOAT);
      assertThat(it.atT()).isEqualTo(2000);
      assertThat(it.seek(5555)).isEqualTo(ValueType.FLOAT);
      assertThat(it.atT()).isEqualTo(5560);
      assertThat(it.atF()).isEqualTo(556);
      assertThat(it.seek(10)).isEqualTo(ValueType.FLOAT);
      assertThat(it.atT()).isEqualTo(5560);
      int n = 0;
      while (it.next() == ValueType.FLOAT) {
        n++;
      }
      assertThat(n).isEqualTo(144); // 5570..7000
      assertThat(it.seek(0)).isEqualTo(ValueType.NONE);
      assertThat(set.next()).isFalse();
    }
    assertThat(head.stats().samples()).isEqualTo(1000);
  }

  @Test
  void outOfOrderWriteIntoAPackedChunkKeepsItPacked() {
    Head head = new Head(HeadLimits.none(), CommitLog.NONE);
    Appender app = head.appender();
    for (int i = 0; i < 400; i++) {
      app.append(0, A, 10 + i * 10L, i * 1.5);
    }
    app.commit();
    app.append(0, A, 505, -1); // between two samples of the first (sealed, packed) chunk
    app.append(0, A, 1000, -2); // replaces a sample there
    app.commit();
    List<dev.vigil.tsdb.chunk.Chunk> chunks = head.allChunks().get(0).chunks();
    assertThat(chunks.get(0).isXor()).isFalse();
    assertThat(chunks.stream().mapToInt(dev.vigil.tsdb.chunk.Chunk::count).sum()).isEqualTo(401);
    try (Querier q = head.querier(500, 1000)) {
      assertThat(dump(q.select(false, null, Matcher.equal("job", "a"))).get(0))
          .contains("505=" + Long.toHexString(Double.doubleToRawLongBits(-1)))
          .contains("1000=" + Long.toHexString(Double.doubleToRawLongBits(-2)));
    }
  }

  @Test
  void rejectsOutOfOrderAndReplacesTheNewestValue() {
    Head head = new Head(HeadLimits.none().withOutOfOrderWindow(0), CommitLog.NONE);
    Appender app = head.appender();
    app.append(0, A, 100, 1);
    app.commit();
    assertThatThrownBy(() -> app.append(0, A, 99, 1))
        .isInstanceOf(OutOfOrderException.class)
        .hasMessageContaining("up{job=\"a\"}")
        .hasMessageContaining("99");
    app.append(0, A, 100, 2);
    app.append(0, B, 5, Values.STALE_NAN);
    app.commit();
    try (Querier q = head.querier(0, 1000)) {
      assertThat(dump(q.select(true, null)))
          .containsExactly(
              "up{job=\"a\"} 100=4000000000000000", "up{job=\"b\"} 5=7ff0000000000002");
    }
  }

  @Test
  void rollbackAndFailedLogLeaveNothingVisible() {
    boolean[] fail = {false};
    Head head =
        new Head(
            HeadLimits.none(),
            (ids, labels, nSeries, refs, ts, vs, n) -> {
              if (fail[0]) {
                throw new IOException("disk full");
              }
            });
    Appender app = head.appender();
    app.append(0, A, 1, 1);
    app.rollback();
    app.commit();
    fail[0] = true;
    app.append(0, B, 1, 1);
    assertThatThrownBy(app::commit)
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("disk full");
    try (Querier q = head.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      assertThat(dump(q.select(true, null))).isEmpty();
      assertThat(q.labelNames()).isEmpty();
    }
  }

  @Test
  void aBatchCommittedAfterTruncationRemovedItsSeriesIsStoredAndLogged() {
    java.util.List<String> logged = new java.util.ArrayList<>();
    Head head =
        new Head(
            HeadLimits.none(),
            (ids, labels, nSeries, refs, ts, vs, n) -> {
              for (int i = 0; i < nSeries; i++) {
                logged.add("series " + ids[i] + " " + labels[i]);
              }
              for (int i = 0; i < n; i++) {
                logged.add("sample " + refs[i] + " " + ts[i]);
              }
            });
    Appender old = head.appender();
    long refA = old.append(0, A, 1_000, 1);
    old.commit();
    // A batch finds A (all of whose samples are about to go into a block) and creates B.
    Appender app = head.appender();
    app.append(refA, null, 9_000, 2);
    app.append(0, B, 9_000, 3);
    head.chunksBefore(5_000);
    assertThat(head.truncateBefore(5_000, () -> {})).isEqualTo(2);
    app.commit();

    try (Querier q = head.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      assertThat(dump(q.select(true, null)))
          .containsExactly(
              "up{job=\"a\"} 9000=4000000000000000", "up{job=\"b\"} 9000=4008000000000000");
    }
    // Both were created again under new ids, which the log learns before their samples.
    assertThat(logged)
        .containsExactly(
            "series 1 " + A,
            "sample 1 1000",
            "series 3 " + A,
            "series 4 " + B,
            "sample 3 9000",
            "sample 4 9000");
    assertThat(head.appender().append(3, null, 10_000, 4)).isEqualTo(3);
  }

  @Test
  void enforcesLimits() {
    Head head = new Head(new HeadLimits(5, 3, 2, 1, 1000), CommitLog.NONE);
    Appender app = head.appender();
    assertThatThrownBy(() -> app.append(0, Labels.empty(), 1, 1))
        .isInstanceOf(InvalidSeriesException.class);
    assertThatThrownBy(() -> app.append(0, Labels.of("longname", "x"), 1, 1))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("label name");
    assertThatThrownBy(() -> app.append(0, Labels.of("a", "long"), 1, 1))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("value of label a");
    assertThatThrownBy(() -> app.append(0, Labels.of("a", "1", "b", "2", "c", "3"), 1, 1))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("at most 2");
    assertThatThrownBy(() -> app.append(0, Labels.of("a", "\uD800"), 1, 1))
        .isInstanceOf(InvalidSeriesException.class);
    app.append(0, Labels.of("a", "1"), 1, 1);
    assertThatThrownBy(() -> app.append(0, Labels.of("a", "2"), 1, 1))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("series limit of 1");
    assertThatThrownBy(
            () -> app.append(0, Labels.of("a", "1"), System.currentTimeMillis() + 60_000, 1))
        .isInstanceOf(OutOfBoundsException.class)
        .hasMessageContaining("future");
    app.commit();
    try (Querier q = head.querier(0, 10)) {
      assertThat(dump(q.select(true, null))).containsExactly("{a=\"1\"} 1=3ff0000000000000");
    }
  }

  /** Random in-order appends with duplicates, compared with the reference storage. */
  @Test
  void answersLikeTheReferenceStorage() {
    long seed = Long.getLong("vigil.seed", System.nanoTime());
    System.out.println("HeadTest.answersLikeTheReferenceStorage seed=" + seed);
    Random rnd = new Random(seed);
    Head head = new Head(HeadLimits.none(), CommitLog.NONE);
    MemoryStorage model = new MemoryStorage();
    String[] names = {"__name__", "job", "instance", "mode"};
    String[] values = {"a", "b", "c", "cpu", "up", "x1"};
    List<Labels> series = new java.util.ArrayList<>();
    for (int i = 0; i < 40; i++) {
      Labels.Builder b = Labels.builder();
      for (String n : names) {
        if (rnd.nextInt(3) > 0) {
          b.set(n, values[rnd.nextInt(values.length)]);
        }
      }
      Labels ls = b.set("id", Integer.toString(i % 30)).build();
      if (!series.contains(ls)) {
        series.add(ls);
      }
    }
    long[] last = new long[series.size()];
    Appender h = head.appender();
    dev.vigil.core.storage.Appender m = model.appender();
    for (int batch = 0; batch < 300; batch++) {
      for (int k = rnd.nextInt(30); k > 0; k--) {
        int s = rnd.nextInt(series.size());
        long t =
            last[s] + (rnd.nextInt(6) == 0 ? 0 : 1 + rnd.nextInt(rnd.nextBoolean() ? 20 : 2000));
        double v = rnd.nextInt(10) == 0 ? Values.STALE_NAN : rnd.nextInt(100);
        last[s] = t;
        h.append(0, series.get(s), t, v);
        m.append(0, series.get(s), t, v);
      }
      if (rnd.nextInt(10) == 0) {
        h.rollback();
        m.rollback();
      } else {
        h.commit();
        m.commit();
      }
    }
    long maxT = 0;
    for (long t : last) {
      maxT = Math.max(maxT, t);
    }
    StorageComparison.assertSameAnswers(
        model, head, rnd, 300, -10, maxT + 10, names, values, "seed " + seed);
  }

  @Test
  void reportsCardinality() {
    Head head = new Head(HeadLimits.none(), CommitLog.NONE);
    Appender app = head.appender();
    for (int i = 0; i < 10; i++) {
      app.append(0, Labels.of("__name__", "a", "i", Integer.toString(i)), 1, 1);
    }
    app.append(0, Labels.of("__name__", "b", "i", "0"), 5, 1);
    app.commit();
    Head.Status st = head.status(2);
    assertThat(st.numSeries()).isEqualTo(11);
    assertThat(st.minTime()).isEqualTo(1);
    assertThat(st.maxTime()).isEqualTo(5);
    assertThat(st.seriesCountByMetricName())
        .containsExactly(new Head.Count("a", 10), new Head.Count("b", 1));
    assertThat(st.labelValueCountByLabelName())
        .containsExactly(new Head.Count("i", 10), new Head.Count("__name__", 2));
    assertThat(st.seriesCountByLabelValuePair())
        .containsExactly(new Head.Count("__name__=a", 10), new Head.Count("i=0", 2));
  }

  @Test
  void limitsSeriesPerMetric() {
    Head head = new Head(HeadLimits.none().withMaxSeriesPerMetric(2), CommitLog.NONE);
    Appender app = head.appender();
    app.append(0, Labels.of("__name__", "a", "i", "1"), 1, 1);
    app.append(0, Labels.of("__name__", "a", "i", "2"), 1, 1);
    app.append(0, Labels.of("__name__", "b", "i", "1"), 1, 1);
    assertThatThrownBy(() -> app.append(0, Labels.of("__name__", "a", "i", "3"), 1, 1))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("metric a already has 2 series");
    app.append(0, Labels.of("__name__", "a", "i", "1"), 2, 1);
    app.commit();
    assertThat(head.seriesCount()).isEqualTo(3);
  }
}
