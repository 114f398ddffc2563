package dev.vigil.tsdb;

import static dev.vigil.tsdb.StorageComparison.dump;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.model.Labels;
import dev.vigil.core.model.Values;
import dev.vigil.core.storage.Appender;
import dev.vigil.core.storage.OutOfBoundsException;
import dev.vigil.core.storage.OutOfOrderException;
import dev.vigil.core.storage.Querier;
import dev.vigil.core.storage.StorageException;
import dev.vigil.core.storage.memory.MemoryStorage;
import dev.vigil.tsdb.head.HeadLimits;
import dev.vigil.tsdb.wal.FsyncPolicy;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TsdbTest {
  @TempDir Path dir;

  private static final TsdbOptions OPTIONS =
      TsdbOptions.defaults()
          .withBlocks(2 * 3600 * 1000L, 0, 0)
          .withFsync(FsyncPolicy.NEVER)
          .withWalSegmentBytes(8192)
          .withLimits(HeadLimits.none());

  /**
   * As without out-of-order samples: each series in timestamp order, nothing older than the head.
   */
  private static final TsdbOptions IN_ORDER =
      OPTIONS.withLimits(OPTIONS.limits().withOutOfOrderWindow(0));

  private static final TsdbOptions IN_ORDER_BLOCKS = IN_ORDER.withBlocks(100_000, 0, 0);

  private static List<String> all(Tsdb db) {
    try (Querier q = db.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      return dump(q.select(true, null));
    }
  }

  @Test
  void reopensWithEverythingCommitted() throws IOException {
    MemoryStorage model = new MemoryStorage();
    List<String> expected;
    try (Tsdb db = Tsdb.open(dir, OPTIONS)) {
      Appender app = db.appender();
      Appender m = model.appender();
      for (int i = 0; i < 500; i++) {
        for (int s = 0; s < 5; s++) {
          Labels ls = Labels.of("__name__", "m", "s", Integer.toString(s));
          double v = s == 3 && i % 50 == 0 ? Values.STALE_NAN : i * s;
          app.append(0, ls, i * 15_000L, v);
          m.append(0, ls, i * 15_000L, v);
        }
        if (i % 10 == 9) {
          app.commit();
          m.commit();
        }
      }
      app.append(0, Labels.of("__name__", "rolled", "back", "yes"), 1, 1);
      app.rollback();
      expected = all(db);
      assertThat(expected).hasSize(5);
    }
    try (Tsdb db = Tsdb.open(dir, OPTIONS)) {
      assertThat(db.replayResult().cuts()).isEmpty();
      assertThat(db.replayResult().samples()).isEqualTo(2500);
      assertThat(all(db)).isEqualTo(expected);
      Appender app = db.appender();
      Appender m = model.appender();
      for (int s = 0; s < 7; s++) {
        Labels ls = Labels.of("__name__", "m", "s", Integer.toString(s));
        app.append(0, ls, 10_000_000L, -0.0);
        m.append(0, ls, 10_000_000L, -0.0);
      }
      app.commit();
      m.commit();
    }
    try (Tsdb db = Tsdb.open(dir, OPTIONS)) {
      try (Querier q = model.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
        assertThat(all(db)).isEqualTo(dump(q.select(true, null)));
      }
      assertThat(db.head().seriesCount()).isEqualTo(7);
    }
  }

  @Test
  void oneProcessAtATime() throws IOException {
    Tsdb db = Tsdb.open(dir, OPTIONS);
    assertThatThrownBy(() -> Tsdb.open(dir, OPTIONS))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("in use");
    db.close();
    db.close();
    assertThatThrownBy(() -> db.querier(0, 1))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("closed");
    try (Tsdb again = Tsdb.open(dir, OPTIONS)) {
      assertThat(all(again)).isEmpty();
    }
  }

  @Test
  void commitAfterCloseFailsCleanly() throws IOException {
    Tsdb db = Tsdb.open(dir, OPTIONS);
    Appender app = db.appender();
    app.append(0, Labels.of("a", "1"), 1, 1);
    db.close();
    assertThatThrownBy(app::commit)
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("write-ahead log");
  }

  @Test
  void aTornWalTailIsCutAtOpenAndTheRestKept() throws IOException {
    try (Tsdb db = Tsdb.open(dir, OPTIONS.withWalSegmentBytes(1 << 20))) {
      Appender app = db.appender();
      for (int i = 0; i < 10; i++) {
        app.append(0, Labels.of("a", "1"), i, i);
        app.commit();
      }
    }
    Path seg = dir.resolve("wal").resolve("00000000");
    try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
      f.setLength(f.length() - 3);
    }
    try (Tsdb db = Tsdb.open(dir, OPTIONS)) {
      assertThat(db.replayResult().cuts()).hasSize(1);
      assertThat(all(db)).singleElement().asString().contains(" 8=").doesNotContain(" 9=");
    }
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("lock", "wal");
    }
  }

  /**
   * Random batches, rollbacks, out-of-order attempts and restarts, compared with the reference
   * storage after every restart.
   */
  @Test
  void differentialWithRestarts() throws IOException {
    long seed = Long.getLong("vigil.seed", System.nanoTime());
    System.out.println("TsdbTest.differentialWithRestarts seed=" + seed);
    Random rnd = new Random(seed);
    String[] names = {"__name__", "job", "instance", "le"};
    String[] values = {"a", "b", "up", "0.5", "+Inf", "x"};
    List<Labels> series = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      Labels.Builder b = Labels.builder().set("__name__", values[rnd.nextInt(3)]);
      for (int n = 1; n < names.length; n++) {
        if (rnd.nextBoolean()) {
          b.set(names[n], values[rnd.nextInt(values.length)]);
        }
      }
      Labels ls = b.set("i", Integer.toString(i % 50)).build();
      if (!series.contains(ls)) {
        series.add(ls);
      }
    }
    long[] last = new long[series.size()];
    java.util.Arrays.fill(last, Long.MIN_VALUE);
    long[] committed = last.clone();
    MemoryStorage model = new MemoryStorage();
    Tsdb db = Tsdb.open(dir, IN_ORDER);
    try {
      for (int step = 0; step < 400; step++) {
        int action = rnd.nextInt(20);
        if (action == 0) {
          db.close();
          db = Tsdb.open(dir, IN_ORDER);
          assertThat(db.replayResult().cuts()).isEmpty();
          StorageComparison.assertSameAnswers(
              model,
              db,
              rnd,
              20,
              -1000,
              2_000_000,
              names,
              values,
              "seed " + seed + " step " + step);
          continue;
        }
        Appender app = db.appender();
        Appender m = model.appender();
        for (int k = rnd.nextInt(40); k > 0; k--) {
          int s = rnd.nextInt(series.size());
          long t =
              last[s] == Long.MIN_VALUE
                  ? rnd.nextInt(1000)
                  : last[s] + (rnd.nextInt(8) == 0 ? 0 : 1 + rnd.nextInt(30_000));
          if (committed[s] != Long.MIN_VALUE && rnd.nextInt(15) == 0) {
            long old = committed[s] - 1 - rnd.nextInt(100);
            assertThatThrownBy(() -> app.append(0, series.get(s), old, 1))
                .isInstanceOf(OutOfOrderException.class);
            continue;
          }
          double v =
              switch (rnd.nextInt(6)) {
                case 0 -> Values.STALE_NAN;
                case 1 -> Double.longBitsToDouble(rnd.nextLong());
                default -> rnd.nextInt(50);
              };
          app.append(0, series.get(s), t, v);
          m.append(0, series.get(s), t, v);
          last[s] = t;
        }
        if (action == 1) {
          app.rollback();
          m.rollback();
          // Rolled-back timestamps are not in the store: later samples may reuse them.
          System.arraycopy(committed, 0, last, 0, last.length);
        } else {
          app.commit();
          m.commit();
          System.arraycopy(last, 0, committed, 0, last.length);
        }
      }
      db.close();
      db = Tsdb.open(dir, IN_ORDER);
      StorageComparison.assertSameAnswers(
          model, db, rnd, 100, -1000, 2_000_000, names, values, "seed " + seed + " final");
      try (Querier q = model.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
        assertThat(all(db)).isEqualTo(dump(q.select(true, null)));
      }
    } finally {
      db.close();
    }
  }

  /**
   * Like {@link #differentialWithRestarts}, with 100 s blocks cut from the head at random moments.
   */
  @Test
  void differentialWithCompactionAndRestarts() throws IOException {
    long seed = Long.getLong("vigil.seed", System.nanoTime());
    System.out.println("TsdbTest.differentialWithCompactionAndRestarts seed=" + seed);
    Random rnd = new Random(seed);
    String[] names = {"__name__", "job", "instance", "le"};
    String[] values = {"a", "b", "up", "0.5", "+Inf", "x"};
    List<Labels> series = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      Labels.Builder b = Labels.builder().set("__name__", values[rnd.nextInt(3)]);
      for (int n = 1; n < names.length; n++) {
        if (rnd.nextBoolean()) {
          b.set(names[n], values[rnd.nextInt(values.length)]);
        }
      }
      Labels ls = b.set("i", Integer.toString(i % 50)).build();
      if (!series.contains(ls)) {
        series.add(ls);
      }
    }
    long[] last = new long[series.size()];
    java.util.Arrays.fill(last, Long.MIN_VALUE);
    long[] committed = last.clone();
    MemoryStorage model = new MemoryStorage();
    Tsdb db = Tsdb.open(dir, IN_ORDER_BLOCKS);
    try {
      for (int step = 0; step < 400; step++) {
        int action = rnd.nextInt(20);
        if (action == 2) {
          db.compact();
          continue;
        }
        if (action == 0) {
          db.close();
          db = Tsdb.open(dir, IN_ORDER_BLOCKS);
          assertThat(db.replayResult().cuts()).isEmpty();
          StorageComparison.assertSameAnswers(
              model,
              db,
              rnd,
              20,
              -1000,
              2_000_000,
              names,
              values,
              "seed " + seed + " step " + step);
          continue;
        }
        Appender app = db.appender();
        Appender m = model.appender();
        for (int k = rnd.nextInt(40); k > 0; k--) {
          int s = rnd.nextInt(series.size());
          long t =
              last[s] == Long.MIN_VALUE
                  ? rnd.nextInt(1000)
                  : last[s] + (rnd.nextInt(8) == 0 ? 0 : 1 + rnd.nextInt(30_000));
          if (t < db.head().minValidTime()) {
            assertThatThrownBy(() -> app.append(0, series.get(s), t, 1))
                .isInstanceOf(OutOfBoundsException.class);
            continue;
          }
          if (committed[s] != Long.MIN_VALUE && rnd.nextInt(15) == 0) {
            long old = committed[s] - 1 - rnd.nextInt(100);
            assertThatThrownBy(() -> app.append(0, series.get(s), old, 1))
                .isInstanceOf(
                    old < db.head().minValidTime()
                        ? OutOfBoundsException.class
                        : OutOfOrderException.class);
            continue;
          }
          double v =
              switch (rnd.nextInt(6)) {
                case 0 -> Values.STALE_NAN;
                case 1 -> Double.longBitsToDouble(rnd.nextLong());
                default -> rnd.nextInt(50);
              };
          app.append(0, series.get(s), t, v);
          m.append(0, series.get(s), t, v);
          last[s] = t;
        }
        if (action == 1) {
          app.rollback();
          m.rollback();
          // Rolled-back timestamps are not in the store: later samples may reuse them.
          System.arraycopy(committed, 0, last, 0, last.length);
        } else {
          app.commit();
          m.commit();
          System.arraycopy(last, 0, committed, 0, last.length);
        }
      }
      db.compact();
      assertThat(db.blocks()).isNotEmpty().anyMatch(b -> b.meta().level() > 1);
      db.close();
      db = Tsdb.open(dir, IN_ORDER_BLOCKS);
      StorageComparison.assertSameAnswers(
          model, db, rnd, 100, -1000, 2_000_000, names, values, "seed " + seed + " final");
      try (Querier q = model.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
        assertThat(all(db)).isEqualTo(dump(q.select(true, null)));
      }
    } finally {
      db.close();
    }
  }

  @Test
  void retentionDeletesOldBlocksAndBlocksSurviveRestarts() throws IOException {
    TsdbOptions opts = OPTIONS.withBlocks(1000, 5000, 0);
    Labels ls = Labels.of("__name__", "r");
    try (Tsdb db = Tsdb.open(dir, opts)) {
      Appender app = db.appender();
      for (long t = 0; t <= 20_000; t += 100) {
        app.append(0, ls, t, t);
        app.commit();
      }
      assertThat(db.compact()).isGreaterThan(10);
      // The WAL now holds a checkpoint and the segments after it, nothing older.
      try (Stream<Path> wal = Files.list(dir.resolve("wal"))) {
        // Sorted, segment names ("00000001") come before "checkpoint.00000000".
        List<String> names = wal.map(p -> p.getFileName().toString()).sorted().toList();
        assertThat(names).hasSize(2);
        assertThat(names.get(1)).startsWith("checkpoint.");
        assertThat(Integer.parseInt(names.get(0)))
            .isEqualTo(Integer.parseInt(names.get(1).substring("checkpoint.".length())) + 1);
      }
      assertThat(db.blocks()).isNotEmpty().allMatch(b -> b.meta().maxTime() >= 15_000);
      assertThatThrownBy(() -> app.append(0, ls, 100, 1)).isInstanceOf(OutOfBoundsException.class);
    }
    long dirs;
    try (Stream<Path> s = Files.list(dir)) {
      dirs = s.filter(Files::isDirectory).count();
    }
    try (Tsdb db = Tsdb.open(dir, opts)) {
      assertThat(dirs).isEqualTo(db.blocks().size() + 1); // blocks and wal/
      List<String> got = all(db);
      assertThat(got).hasSize(1);
      String line = got.get(0);
      // Data from the retained blocks and the head, nothing older, nothing twice.
      long oldest = db.blocks().get(0).meta().minTime();
      assertThat(line)
          .startsWith("r " + oldest + "=")
          .endsWith(" 20000=" + Long.toHexString(Double.doubleToRawLongBits(20000)));
      assertThat(line.split(" ")).hasSize(1 + (int) ((20_000 - oldest) / 100 + 1));
    }
  }

  @Test
  void sizeRetentionDeletesTheOldestBlocks() throws IOException {
    TsdbOptions opts = OPTIONS.withBlocks(1000, 0, 0).withRetentionBytes(3000);
    try (Tsdb db = Tsdb.open(dir, opts)) {
      Appender app = db.appender();
      for (long t = 0; t <= 20_000; t += 100) {
        for (int s = 0; s < 5; s++) {
          app.append(0, Labels.of("__name__", "r", "s", Integer.toString(s)), t, t * s);
        }
        app.commit();
      }
      db.compact();
      long total = db.blocks().stream().mapToLong(b -> b.sizeBytes()).sum();
      assertThat(total).isPositive().isLessThanOrEqualTo(3000);
      assertThat(db.blocks().get(db.blocks().size() - 1).meta().maxTime()).isGreaterThan(15_000);
    }
  }

  @Test
  void snapshotIsAConsistentOpenableCopy() throws IOException {
    TsdbOptions opts = OPTIONS.withBlocks(1000, 0, 0);
    Path copy = dir.resolve("snap");
    List<String> before;
    try (Tsdb db = Tsdb.open(dir.resolve("db"), opts)) {
      Appender app = db.appender();
      for (long t = 0; t <= 5_000; t += 100) {
        for (int s = 0; s < 3; s++) {
          app.append(0, Labels.of("__name__", "m", "s", Integer.toString(s)), t, t + s);
        }
        app.commit();
      }
      db.compact();
      assertThat(db.blocks()).isNotEmpty();
      before = all(db);
      assertThat(db.snapshot(copy)).isEqualTo(db.blocks().size() + 1);
      // Blocks are hard links into the snapshot (same file, two names), not copies.
      for (var b : db.blocks()) {
        Path linked = copy.resolve(b.dir().getFileName().toString()).resolve("index");
        assertThat(java.nio.file.Files.isSameFile(b.dir().resolve("index"), linked)).isTrue();
        assertThat((Integer) java.nio.file.Files.getAttribute(linked, "unix:nlink"))
            .isGreaterThanOrEqualTo(2);
      }
      // Writing on after the snapshot does not change it.
      app.append(0, Labels.of("__name__", "later"), 6_000, 1);
      app.commit();
    }
    try (Tsdb restored = Tsdb.open(copy, opts)) {
      assertThat(all(restored)).isEqualTo(before);
    }
  }

  @Test
  void blocksAreMergedAndObsoleteParentsRemovedAtOpen() throws IOException {
    TsdbOptions opts = OPTIONS.withBlocks(1000, 0, 0);
    List<String> before;
    try (Tsdb db = Tsdb.open(dir, opts)) {
      Appender app = db.appender();
      for (long t = 0; t <= 30_000; t += 100) {
        for (int s = 0; s < 3; s++) {
          app.append(0, Labels.of("__name__", "m", "s", Integer.toString(s)), t, t * s);
        }
        app.commit();
      }
      db.compact();
      before = all(db);
      // 28 one-second blocks became a few 3 s and 9 s blocks.
      assertThat(db.blocks()).hasSizeLessThan(10);
      assertThat(db.blocks()).anyMatch(b -> b.meta().level() == 3);
      for (int i = 1; i < db.blocks().size(); i++) {
        assertThat(db.blocks().get(i).meta().minTime())
            .isGreaterThan(db.blocks().get(i - 1).meta().maxTime());
      }
    }
    // A crash between writing a merged block and deleting its parents leaves both; the parents go.
    Path orphan;
    try (Tsdb db = Tsdb.open(dir, opts)) {
      assertThat(all(db)).isEqualTo(before);
      var b = db.blocks().get(0);
      orphan = dir.resolve("parent-copy");
      Files.createDirectories(orphan.resolve("chunks"));
      try (Stream<Path> files = Files.walk(b.dir())) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          Files.copy(f, orphan.resolve(b.dir().relativize(f).toString()));
        }
      }
      // Make the copy a distinct block whose id the first block lists as a parent.
      String parentId = b.meta().parents().isEmpty() ? null : b.meta().parents().get(0);
      assertThat(parentId).isNotNull();
      Files.writeString(
          orphan.resolve("meta.json"),
          Files.readString(orphan.resolve("meta.json")).replace(b.meta().id(), parentId));
      Files.move(orphan, dir.resolve(parentId));
    }
    try (Tsdb db = Tsdb.open(dir, opts)) {
      assertThat(Files.exists(dir.resolve(db.blocks().get(0).meta().parents().get(0)))).isFalse();
      assertThat(all(db)).isEqualTo(before);
    }
  }
}
