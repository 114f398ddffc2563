package dev.vigil.ingest.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.model.Labels;
import dev.vigil.core.model.Matcher;
import dev.vigil.core.storage.Appender;
import dev.vigil.core.storage.Querier;
import dev.vigil.core.storage.SampleIterator;
import dev.vigil.core.storage.SeriesSet;
import dev.vigil.core.storage.ValueType;
import dev.vigil.core.storage.memory.MemoryStorage;
import dev.vigil.ingest.LabelRules;
import dev.vigil.ingest.SeriesRefCache;
import dev.vigil.ingest.WriteStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Decoding with the series cache stores exactly what decoding without it stores. */
class SeriesRefCacheTest {
  @Test
  void cachedDecodingEqualsPlainDecoding() {
    long seed = Long.getLong("vigil.seed", System.nanoTime());
    System.out.println("SeriesRefCacheTest seed: " + seed);
    Random rnd = new Random(seed);
    // A small cache, so that colliding series replace each other too.
    SeriesRefCache cache = new SeriesRefCache(64);
    RemoteWriteDecoder cached = new RemoteWriteDecoder().seriesCache(cache);
    RemoteWriteDecoder plain = new RemoteWriteDecoder();
    MemoryStorage a = new MemoryStorage();
    MemoryStorage b = new MemoryStorage();
    int n = 50 + rnd.nextInt(200);
    List<TestPayloads.Series> series = TestPayloads.realistic(rnd, n, 4, 1_700_000_000_000L);
    for (int k = 0; k < 4; k++) {
      List<TestPayloads.Series> round = new ArrayList<>();
      for (TestPayloads.Series s : series) {
        round.add(TestPayloads.Series.of(s.labels(), s.ts()[k], s.vs()[k]));
      }
      byte[] body = TestPayloads.snappy(TestPayloads.v1(round));
      assertThat(decode(cached, body, a)).isEqualTo(n);
      assertThat(decode(plain, body, b)).isEqualTo(n);
    }
    assertSameContent(a, b, seed);
  }

  @Test
  void labelsAfterSamplesAndRejectedSeriesAreNeverTakenFromTheCache() {
    SeriesRefCache cache = new SeriesRefCache(1024);
    RemoteWriteDecoder d = new RemoteWriteDecoder(1 << 20, LabelRules.DEFAULT).seriesCache(cache);
    MemoryStorage store = new MemoryStorage();
    ProtoWriter late = new ProtoWriter();
    late.messageField(1, new ProtoWriter().stringField(1, "__name__").stringField(2, "late"));
    late.messageField(2, new ProtoWriter().doubleField(1, 1).varintField(2, 1000));
    late.messageField(1, new ProtoWriter().stringField(1, "job").stringField(2, "a"));
    ProtoWriter bad = new ProtoWriter();
    bad.messageField(1, new ProtoWriter().stringField(1, "__name__").stringField(2, "bad"));
    bad.messageField(1, new ProtoWriter().stringField(1, "1abc").stringField(2, "x"));
    bad.messageField(2, new ProtoWriter().doubleField(1, 1).varintField(2, 1000));
    byte[] body = new ProtoWriter().messageField(1, late).messageField(1, bad).toByteArray();
    for (int i = 0; i < 2; i++) {
      Appender app = store.appender();
      WriteStats st = d.decode(body, false, app);
      app.commit();
      assertThat(st.samplesWritten()).isEqualTo(1);
      assertThat(st.seriesRejected()).isEqualTo(1);
      assertThat(st.errorSummary()).contains("1abc");
    }
    assertThat(store.seriesCount()).isEqualTo(1);
    try (Querier q = store.querier(0, Long.MAX_VALUE)) {
      SeriesSet s = q.select(false, null, Matcher.of(Matcher.Type.EQUAL, "job", "a"));
      assertThat(s.next()).isTrue();
      assertThat(s.at().labels().metricName()).isEqualTo("late");
    }
  }

  @Test
  void aReferenceTheStorageDoesNotKnowFallsBackToTheLabels() {
    SeriesRefCache cache = new SeriesRefCache(1024);
    RemoteWriteDecoder d = new RemoteWriteDecoder().seriesCache(cache);
    List<TestPayloads.Series> series =
        TestPayloads.realistic(new Random(1), 20, 1, 1_700_000_000_000L);
    byte[] body = TestPayloads.snappy(TestPayloads.v1(series));
    MemoryStorage first = new MemoryStorage();
    assertThat(decode(d, body, first)).isEqualTo(20);
    // The cache now holds refs of `first`; a fresh store knows none of them.
    MemoryStorage second = new MemoryStorage();
    assertThat(decode(d, body, second)).isEqualTo(20);
    assertSameContent(first, second, 1);
  }

  @Test
  void mutatedBodiesDecodeAlikeWithAndWithoutTheCache() {
    long seed = Long.getLong("vigil.seed", System.nanoTime());
    System.out.println("SeriesRefCacheTest mutated seed: " + seed);
    Random rnd = new Random(seed);
    List<TestPayloads.Series> series = TestPayloads.realistic(rnd, 30, 4, 1_700_000_000_000L);
    SeriesRefCache cache = new SeriesRefCache(256);
    RemoteWriteDecoder cached = new RemoteWriteDecoder().seriesCache(cache);
    RemoteWriteDecoder plain = new RemoteWriteDecoder();
    MemoryStorage a = new MemoryStorage();
    MemoryStorage b = new MemoryStorage();
    for (int i = 0; i < 1500; i++) {
      List<TestPayloads.Series> round = new ArrayList<>();
      int k = i % 4;
      for (TestPayloads.Series s : series.subList(rnd.nextInt(10), series.size())) {
        round.add(TestPayloads.Series.of(s.labels(), s.ts()[k] + i, s.vs()[k]));
      }
      byte[] body = TestPayloads.v1(round);
      if (rnd.nextInt(3) > 0) {
        body = RemoteWriteFuzzTest.mutate(rnd, body);
      }
      String viaCache = outcome(cached, body, a);
      String viaPlain = outcome(plain, body, b);
      assertThat(viaCache).as("seed %s body %s", seed, i).isEqualTo(viaPlain);
    }
    assertSameContent(a, b, seed);
  }

  private static String outcome(RemoteWriteDecoder d, byte[] body, MemoryStorage store) {
    Appender app = store.appender();
    try {
      WriteStats st = d.decode(body, false, app);
      app.commit();
      return st.samplesWritten()
          + " written, "
          + st.samplesRejected()
          + " rejected: "
          + st.errorSummary();
    } catch (dev.vigil.ingest.IngestException e) {
      app.rollback();
      return "refused: " + e.getMessage();
    } catch (dev.vigil.core.storage.StorageException e) {
      app.rollback();
      return "store refused: " + e.getMessage();
    }
  }

  @Test
  void onlyTheSameBytesHit() {
    SeriesRefCache cache = new SeriesRefCache(1 << 16);
    byte[] key = new byte[301];
    new Random(7).nextBytes(key);
    Labels labels = Labels.of("__name__", "up", "job", "a");
    cache.put(key, 0, key.length, labels, 42);
    // The same bytes at another offset of another array hit.
    byte[] shifted = new byte[key.length + 5];
    System.arraycopy(key, 0, shifted, 3, key.length);
    assertThat(cache.get(shifted, 3, key.length)).isNotNull();
    assertThat(cache.get(shifted, 3, key.length).ref()).isEqualTo(42);
    // Any single changed byte, a shorter or a longer key misses.
    for (int i = 0; i < key.length; i++) {
      byte[] changed = key.clone();
      changed[i] ^= (byte) (1 << (i % 8));
      assertThat(cache.get(changed, 0, changed.length)).as("byte %d", i).isNull();
    }
    assertThat(cache.get(key, 0, key.length - 1)).isNull();
    assertThat(cache.get(shifted, 3, key.length + 1)).isNull();
    assertThat(cache.get(new byte[0], 0, 0)).isNull();
  }

  private static long decode(RemoteWriteDecoder d, byte[] body, MemoryStorage store) {
    Appender app = store.appender();
    WriteStats st = d.decode(body, true, app);
    app.commit();
    assertThat(st.complete()).as(st.errorSummary()).isTrue();
    return st.samplesWritten();
  }

  private static void assertSameContent(MemoryStorage a, MemoryStorage b, long seed) {
    assertThat(a.seriesCount()).isEqualTo(b.seriesCount());
    Matcher all = Matcher.of(Matcher.Type.REGEX, "__name__", ".+");
    try (Querier qa = a.querier(0, Long.MAX_VALUE);
        Querier qb = b.querier(0, Long.MAX_VALUE)) {
      SeriesSet sa = qa.select(true, null, all);
      SeriesSet sb = qb.select(true, null, all);
      while (sa.next()) {
        assertThat(sb.next()).isTrue();
        assertThat(sa.at().labels()).as("seed %s", seed).isEqualTo(sb.at().labels());
        SampleIterator ia = sa.at().iterator(null);
        SampleIterator ib = sb.at().iterator(null);
        ValueType t;
        while ((t = ia.next()) != ValueType.NONE) {
          assertThat(ib.next()).isEqualTo(t);
          assertThat(ia.atT()).isEqualTo(ib.atT());
          assertThat(Double.doubleToRawLongBits(ia.atF()))
              .isEqualTo(Double.doubleToRawLongBits(ib.atF()));
        }
        assertThat(ib.next()).isEqualTo(ValueType.NONE);
      }
      assertThat(sb.next()).isFalse();
    }
  }
}
