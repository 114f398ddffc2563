package dev.vigil.tsdb;

import static dev.vigil.tsdb.StorageComparison.dump;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.model.Labels;
import dev.vigil.core.model.Matcher;
import dev.vigil.core.model.Values;
import dev.vigil.core.storage.Appender;
import dev.vigil.core.storage.Querier;
import dev.vigil.core.storage.memory.MemoryStorage;
import dev.vigil.tsdb.head.HeadLimits;
import dev.vigil.tsdb.wal.FsyncPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store against the in-memory reference ({@link MemoryStorage}) under random appends in and out
 * of order (also into time ranges already cut into blocks), repeated timestamps, rollbacks,
 * deletions, tombstone cleaning, head cuts, block merges and restarts. Replay a failure with {@code
 * -Dvigil.seed=N}.
 */
class DifferentialTest {
  @TempDir Path dir;

  private static final TsdbOptions OPTIONS =
      TsdbOptions.defaults()
          .withFsync(FsyncPolicy.NEVER)
          .withWalSegmentBytes(8192)
          .withLimits(HeadLimits.none())
          .withBlocks(100_000, 0, 0);

  private static final String[] NAMES = {"__name__", "job", "i"};
  private static final String[] VALUES = {"a", "b", "c", "0", "1", "2", "3"};

  @Test
  void randomWritesDeletesCompactionsAndRestarts() throws IOException {
    long seed = Long.getLong("vigil.seed", System.nanoTime());
    System.out.println(
        "DifferentialTest seed=" + seed + " (replay with -Dvigil.seed=" + seed + ")");
    Random rnd = new Random(seed);
    List<Labels> series = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      series.add(
          Labels.of("__name__", VALUES[i % 3], "job", VALUES[(i / 3) % 2], "i", VALUES[3 + i % 4]));
    }
    MemoryStorage model = new MemoryStorage();
    Tsdb db = Tsdb.open(dir, OPTIONS);
    long now = 0;
    String context = "seed " + seed;
    try {
      for (int step = 0; step < 150; step++) {
        context = "seed " + seed + " step " + step;
        int action = rnd.nextInt(30);
        if (action == 0) {
          db.close();
          db = Tsdb.open(dir, OPTIONS);
          assertThat(db.replayResult().cuts()).as(context).isEmpty();
          compare(model, db, rnd, 10, now, context + " after restart");
          continue;
        }
        if (action == 1) {
          db.compact();
          continue;
        }
        if (action == 4) {
          Matcher m = Matcher.of(Matcher.Type.EQUAL, NAMES[rnd.nextInt(3)], pick(rnd, VALUES));
          long a = rnd.nextLong(now + 1);
          long b = a + rnd.nextLong(60_000);
          db.delete(a, b, m);
          model.delete(a, b, m);
          continue;
        }
        if (action == 5) {
          db.cleanTombstones();
          assertThat(db.blocks()).allMatch(bl -> bl.tombstones().isEmpty());
          continue;
        }
        if (action == 6) {
          compare(model, db, rnd, 5, now, context);
          continue;
        }
        Appender app = db.appender();
        Appender m = model.appender();
        for (int k = rnd.nextInt(30); k > 0; k--) {
          Labels ls = series.get(rnd.nextInt(series.size()));
          long t =
              switch (rnd.nextInt(4)) {
                // out of order (mostly recent, sometimes in ranges long cut), maybe a repeat
                case 0 ->
                    rnd.nextInt(5) == 0
                        ? rnd.nextLong(now / 1000 + 1) * 1000
                        : Math.max(0, now - rnd.nextLong(300) * 1000);
                case 1 -> now; // a repeat of the newest
                default -> now += 200L * (1 + rnd.nextInt(5));
              };
          double v =
              switch (rnd.nextInt(8)) {
                case 0 -> Values.STALE_NAN;
                case 1 -> Double.longBitsToDouble(rnd.nextLong());
                default -> rnd.nextInt(50);
              };
          app.append(0, ls, t, v);
          m.append(0, ls, t, v);
        }
        if (rnd.nextInt(10) == 0) {
          app.rollback();
          m.rollback();
        } else {
          app.commit();
          m.commit();
        }
      }
      db.compact();
      compare(model, db, rnd, 30, now, context + " final");
      db.close();
      db = Tsdb.open(dir, OPTIONS);
      db.cleanTombstones();
      compare(model, db, rnd, 30, now, context + " final after restart");
    } finally {
      db.close();
    }
  }

  private static void compare(MemoryStorage model, Tsdb db, Random rnd, int n, long now, String c) {
    try (Querier e = model.querier(Long.MIN_VALUE, Long.MAX_VALUE);
        Querier g = db.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      assertThat(dump(g.select(true, null))).as(c).isEqualTo(dump(e.select(true, null)));
    }
    StorageComparison.assertSameAnswers(model, db, rnd, n, -1000, now + 1000, NAMES, VALUES, c);
  }

  private static String pick(Random rnd, String[] from) {
    return from[rnd.nextInt(from.length)];
  }
}
