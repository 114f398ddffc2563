package dev.vigil.tsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.model.Labels;
import dev.vigil.core.model.Matcher;
import dev.vigil.core.storage.Appender;
import dev.vigil.core.storage.OutOfBoundsException;
import dev.vigil.core.storage.Querier;
import dev.vigil.core.storage.memory.MemoryStorage;
import dev.vigil.tsdb.head.Head;
import dev.vigil.tsdb.head.HeadLimits;
import dev.vigil.tsdb.wal.FsyncPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writing the past into a store that has nothing of it: hours older than anything in the head, into
 * an empty folder, spanning several block ranges, with the head cutting blocks between writes and
 * after restarts. Every acknowledged sample must be answered, and a store refuses, never corrupts,
 * what it cannot hold.
 */
class HistoricalWriteTest {
  private static final long HOUR = 3_600_000L;
  private static final Matcher ALL = Matcher.of(Matcher.Type.REGEX, "__name__", ".+");

  @TempDir Path dir;

  private static TsdbOptions options() {
    return TsdbOptions.defaults()
        .withFsync(FsyncPolicy.NEVER)
        .withBlocks(2 * HOUR, 30L * 24 * HOUR, 0);
  }

  /** Writes {@code hours} of 15 s samples for a few series, starting {@code start}, in batches. */
  private static void write(Tsdb db, MemoryStorage model, long start, int hours, Random r) {
    for (long t = start; t < start + hours * HOUR; t += 20 * 60_000L) {
      Appender app = db.appender();
      Appender m = model.appender();
      for (int s = 0; s < 5; s++) {
        Labels ls = Labels.of("__name__", "hist", "s", Integer.toString(s));
        for (long u = t; u < t + 20 * 60_000L; u += 15_000) {
          double v = r.nextInt(1000) / 10.0;
          app.append(0, ls, u, v);
          m.append(0, ls, u, v);
        }
      }
      app.commit();
      m.commit();
    }
  }

  private static void assertSame(Tsdb db, MemoryStorage model) throws IOException {
    try (Querier a = db.querier(Long.MIN_VALUE, Long.MAX_VALUE);
        Querier b = model.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      List<String> got = StorageComparison.dump(a.select(true, null, ALL));
      assertThat(got).isNotEmpty().isEqualTo(StorageComparison.dump(b.select(true, null, ALL)));
    }
  }

  @Test
  void pastHoursIntoAnEmptyStoreThenAfterARestart() throws IOException {
    long seed = System.nanoTime();
    System.out.println("HistoricalWriteTest seed " + seed);
    Random r = new Random(seed);
    MemoryStorage model = new MemoryStorage();
    long now = System.currentTimeMillis() / 15_000 * 15_000;
    try (Tsdb db = Tsdb.open(dir, options())) {
      // 4 hours old and older than anything in the (empty) head, spanning three block ranges.
      write(db, model, now - 9 * HOUR, 5, r);
      assertThat(db.compact()).isGreaterThan(0);
      // The present, then the past again below the blocks just cut.
      write(db, model, now - HOUR, 1, r);
      write(db, model, now - 30 * HOUR, 7, r);
      db.compact();
      assertSame(db, model);
    }
    try (Tsdb db = Tsdb.open(dir, options())) {
      assertSame(db, model);
      // After a restart: hours older than the head, overlapping blocks on disk.
      write(db, model, now - 12 * HOUR, 8, r);
      db.compact();
      assertSame(db, model);
    }
    try (Tsdb db = Tsdb.open(dir, options())) {
      assertSame(db, model);
    }
  }

  @Test
  void withoutAnOutOfOrderWindowAnEmptyStoreTakesThePastAndThenRefusesWhatIsCut()
      throws IOException {
    TsdbOptions opts = options().withLimits(HeadLimits.defaults().withOutOfOrderWindow(0));
    long now = System.currentTimeMillis();
    try (Tsdb db = Tsdb.open(dir, opts)) {
      MemoryStorage model = new MemoryStorage();
      write(db, model, now - 9 * HOUR, 5, new Random(1));
      assertThat(db.compact()).isGreaterThan(0);
      assertSame(db, model);
      // A batch appended before a cut and committed after it is refused as a whole, with a
      // reason: the write API answers 400 with it, never 500.
      Appender app = db.appender();
      Labels ls = Labels.of("__name__", "late");
      app.append(0, ls, now - 5 * HOUR + 1, 1);
      write(db, model, now - 4 * HOUR, 4, new Random(2));
      db.compact();
      assertThatThrownBy(app::commit)
          .isInstanceOf(OutOfBoundsException.class)
          .hasMessageContaining("nothing of the batch was stored");
      assertSame(db, model);
    }
  }

  @Test
  void timestampsAtTheEndsOfTheRangeAreRefusedOrStoredAndCut() throws IOException {
    try (Tsdb db = Tsdb.open(dir, options())) {
      Labels ls = Labels.of("__name__", "edge");
      Appender app = db.appender();
      for (long t : new long[] {Long.MIN_VALUE, Head.MIN_TIMESTAMP - 1, Head.MAX_TIMESTAMP + 1}) {
        assertThatThrownBy(() -> app.append(0, ls, t, 1))
            .isInstanceOf(OutOfBoundsException.class)
            .hasMessageContaining("outside the timestamps the store can hold");
      }
      // The oldest timestamp there is, in an empty store, then the present: the head still cuts
      // blocks (its span once overflowed and compaction stopped for good).
      app.append(0, ls, Head.MIN_TIMESTAMP, 1);
      app.commit();
      app.append(0, ls, System.currentTimeMillis(), 2);
      app.commit();
      assertThat(db.compact()).isGreaterThan(0);
      assertThat(db.head().minTime()).isGreaterThan(0);
    }
  }
}
