package dev.vigil.bench.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.model.Labels;
import dev.vigil.core.model.Matcher;
import dev.vigil.core.storage.Querier;
import dev.vigil.core.storage.SampleIterator;
import dev.vigil.core.storage.SeriesSet;
import dev.vigil.core.storage.ValueType;
import dev.vigil.core.storage.memory.MemoryStorage;
import dev.vigil.ingest.WriteStats;
import dev.vigil.ingest.influx.InfluxDecoder;
import dev.vigil.ingest.influx.Precision;
import dev.vigil.ingest.remotewrite.Compression;
import dev.vigil.ingest.remotewrite.RemoteWriteDecoder;
import dev.vigil.ingest.remotewrite.RemoteWriteVersion;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The generated payloads decode, with Vigil's own decoders, into exactly the catalog's samples. */
class PayloadsTest {
  private static final long LAST = 1_700_000_000_000L;
  private static final long STEP = 15_000;

  @Test
  void catalogLooksLikeNodeExporter() {
    SeriesCatalog c = SeriesCatalog.generate(1000, 1);
    Set<String> distinct = new HashSet<>();
    for (int i = 0; i < c.size(); i++) {
      String[] l = c.labels(i);
      assertThat(l.length / 2).isBetween(5, 10);
      assertThat(l[0]).isEqualTo("__name__");
      for (int j = 2; j < l.length; j += 2) {
        assertThat(l[j - 2].compareTo(l[j])).as("sorted names").isNegative();
      }
      distinct.add(String.join(",", l));
      if (c.name(i).endsWith("_total")) {
        assertThat(c.value(i, 1)).isGreaterThanOrEqualTo(c.value(i, 0));
      }
    }
    assertThat(distinct).hasSize(1000);
  }

  @Test
  void remoteWriteBodiesDecodeToTheCatalog() {
    SeriesCatalog c = SeriesCatalog.generate(1050, 7);
    Payloads p = Payloads.encode(c, new RemoteWriteEncoder(), 3, 200, 2, LAST, STEP);
    // 6 batches (the last one short) x 3 timestamps, alternating between the 2 senders.
    assertThat(p.requests()).isEqualTo(18);
    assertThat(p.forSender(0)).hasSize(9);
    assertThat(p.totalSamples()).isEqualTo(3150);
    MemoryStorage store = new MemoryStorage();
    RemoteWriteDecoder d = new RemoteWriteDecoder();
    for (int s = 0; s < p.senders(); s++) {
      for (Payloads.Request r : p.forSender(s)) {
        var app = store.appender();
        WriteStats st = d.decode(r.body(), Compression.SNAPPY, RemoteWriteVersion.V1, app);
        app.commit();
        assertThat(st.complete()).as(st.errorSummary()).isTrue();
        assertThat(st.samplesWritten()).isEqualTo(r.samples());
      }
    }
    assertSameAsCatalog(store, c, 3);
  }

  @Test
  void influxBodiesDecodeToTheSameNames() {
    SeriesCatalog c = SeriesCatalog.generate(300, 3);
    Payloads p = Payloads.encode(c, new InfluxEncoder(), 2, 1000, 1, LAST, STEP);
    MemoryStorage store = new MemoryStorage();
    InfluxDecoder d = new InfluxDecoder();
    for (Payloads.Request r : p.forSender(0)) {
      var app = store.appender();
      WriteStats st = d.decode(r.body(), Precision.MILLISECONDS, 0, app);
      app.commit();
      assertThat(st.complete()).as(st.errorSummary()).isTrue();
    }
    assertSameAsCatalog(store, c, 2);
  }

  private static void assertSameAsCatalog(MemoryStorage store, SeriesCatalog c, int timestamps) {
    assertThat(store.seriesCount()).isEqualTo(c.size());
    try (Querier q = store.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      for (int i = 0; i < c.size(); i += 37) {
        Labels want = Labels.of(c.labels(i));
        List<Matcher> ms = new ArrayList<>();
        want.forEach((n, v) -> ms.add(Matcher.of(Matcher.Type.EQUAL, n, v)));
        SeriesSet set = q.select(false, null, ms.toArray(new Matcher[0]));
        assertThat(set.next()).as("series %s", want).isTrue();
        assertThat(set.at().labels()).isEqualTo(want);
        SampleIterator it = set.at().iterator(null);
        for (int k = 0; k < timestamps; k++) {
          assertThat(it.next()).isEqualTo(ValueType.FLOAT);
          assertThat(it.atT()).isEqualTo(LAST - (timestamps - 1 - k) * STEP);
          assertThat(it.atF()).isEqualTo(c.value(i, k));
        }
        assertThat(it.next()).isEqualTo(ValueType.NONE);
      }
    }
  }
}
