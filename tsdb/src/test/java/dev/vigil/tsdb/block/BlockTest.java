package dev.vigil.tsdb.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.model.Labels;
import dev.vigil.core.model.Matcher;
import dev.vigil.core.storage.SeriesSet;
import dev.vigil.core.storage.memory.ArraySeries;
import dev.vigil.tsdb.StorageComparison;
import dev.vigil.tsdb.chunk.Chunk;
import dev.vigil.tsdb.chunk.XorEncoder;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockTest {
  @TempDir Path dir;

  private record Written(Path blockDir, List<String> expected) {}

  private Written writeRandom(Random rnd, int nSeries) throws IOException {
    return writeRandom(rnd, nSeries, 400);
  }

  private Written writeRandom(Random rnd, int nSeries, int maxSamples) throws IOException {
    List<BlockWriter.SeriesChunks> input = new ArrayList<>();
    List<ArraySeries> expected = new ArrayList<>();
    for (int s = 0; s < nSeries; s++) {
      Labels ls =
          Labels.of(
              "__name__", "m" + (s % 3), "s", Integer.toString(s), "z", s % 2 == 0 ? "even" : "");
      int n = 1 + rnd.nextInt(maxSamples);
      long[] ts = new long[n];
      double[] vs = new double[n];
      List<Chunk> chunks = new ArrayList<>();
      XorEncoder enc = new XorEncoder();
      long t = rnd.nextInt(1000);
      for (int i = 0; i < n; i++) {
        ts[i] = t;
        vs[i] = rnd.nextInt(4) == 0 ? Double.longBitsToDouble(rnd.nextLong()) : rnd.nextInt(100);
        if (enc.count() == 120) {
          chunks.add(enc.snapshot());
          enc = new XorEncoder();
        }
        enc.append(ts[i], vs[i]);
        t += 1 + rnd.nextInt(20_000);
      }
      chunks.add(enc.snapshot());
      input.add(new BlockWriter.SeriesChunks(ls, chunks));
      expected.add(new ArraySeries(ls, ts, vs));
    }
    java.util.Collections.shuffle(input, rnd);
    BlockMeta meta = BlockWriter.write(dir, input);
    expected.sort((a, b) -> a.labels().compareTo(b.labels()));
    return new Written(dir.resolve(meta.id()), StorageComparison.dump(SeriesSet.of(expected)));
  }

  @Test
  void roundTripsSeriesChunksAndPostings() throws IOException {
    long seed = Long.getLong("vigil.seed", System.nanoTime());
    System.out.println("BlockTest.roundTripsSeriesChunksAndPostings seed=" + seed);
    Written w = writeRandom(new Random(seed), 50);
    Block b = Block.open(w.blockDir());
    Block.Selection all = b.select(Long.MIN_VALUE, Long.MAX_VALUE);
    assertThat(all.warnings()).isEmpty();
    assertThat(StorageComparison.dump(SeriesSet.of(all.series()))).isEqualTo(w.expected());
    assertThat(b.meta().numSeries()).isEqualTo(50);
    Block.Selection even = b.select(Long.MIN_VALUE, Long.MAX_VALUE, Matcher.equal("z", "even"));
    assertThat(even.series()).hasSize(25);
    Block.Selection m1 =
        b.select(
            Long.MIN_VALUE,
            Long.MAX_VALUE,
            Matcher.equal("__name__", "m1"),
            Matcher.equal("z", ""));
    assertThat(m1.series())
        .allMatch(s -> s.labels().metricName().equals("m1") && !s.labels().has("z"));
    assertThat(b.labelValues("z", Long.MIN_VALUE, Long.MAX_VALUE)).containsOnly("even");
    assertThat(Files.exists(dir.resolve(b.meta().id() + ".tmp"))).isFalse();
  }

  @Test
  void aCorruptPageIsReportedAndTheRestStaysReadable() throws IOException {
    long seed = Long.getLong("vigil.seed", System.nanoTime());
    System.out.println("BlockTest.aCorruptPageIsReportedAndTheRestStaysReadable seed=" + seed);
    Random rnd = new Random(seed);
    // Enough samples for several compressed pages, so that one bad page leaves others intact.
    Written w = writeRandom(rnd, 40, 6000);
    Path chunks = w.blockDir().resolve("chunks").resolve("000001");
    long size = Files.size(chunks);
    long at = BlockFormat.HEADER_BYTES + rnd.nextLong(size - BlockFormat.HEADER_BYTES);
    flip(chunks, at, rnd);
    Block b = Block.open(w.blockDir());
    Block.Selection all = b.select(Long.MIN_VALUE, Long.MAX_VALUE);
    assertThat(all.warnings())
        .as("seed %d", seed)
        .isNotEmpty()
        .allMatch(m -> m.contains("corrupt"));
    List<String> got = StorageComparison.dump(SeriesSet.of(all.series()));
    int intact = 0;
    for (String line : w.expected()) {
      if (got.contains(line)) {
        intact++;
      } else {
        String labels = line.substring(0, line.indexOf('}') + 1);
        assertThat(all.warnings())
            .as("seed %d: %s differs but no warning names it", seed, labels)
            .anyMatch(m -> m.contains(labels));
      }
    }
    assertThat(intact).as("seed %d: series untouched by the bad page", seed).isPositive();
    assertThat(intact).as("seed %d", seed).isLessThan(w.expected().size());
  }

  @Test
  void overlappingChunksAreMergedInTimeOrderAndTheLaterChunkWins() throws IOException {
    // Chunks as a merge of overlapping blocks hands them over: in write order, overlapping.
    XorEncoder first = new XorEncoder();
    XorEncoder second = new XorEncoder();
    for (int i = 0; i < 10; i++) {
      first.append(i * 10L, i); // 0, 10, ..., 90
      second.append(5 + i * 10L, 100 + i); // 5, 15, ..., 95
    }
    XorEncoder third = new XorEncoder();
    third.append(20, -1); // replaces the sample at 20 from the first chunk
    third.append(200, -2);
    Labels ls = Labels.of("__name__", "overlap");
    BlockMeta meta =
        BlockWriter.write(
            dir,
            List.of(
                new BlockWriter.SeriesChunks(
                    ls, List.of(first.snapshot(), second.snapshot(), third.snapshot()))));
    long[] ts = new long[21];
    double[] vs = new double[21];
    for (int i = 0; i < 20; i++) {
      ts[i] = i * 5L;
      vs[i] = i % 2 == 0 ? i / 2 : 100 + i / 2;
    }
    vs[4] = -1;
    ts[20] = 200;
    vs[20] = -2;
    Block b = Block.open(dir.resolve(meta.id()));
    assertThat(b.meta().numSamples()).isEqualTo(21);
    assertThat(StorageComparison.dump(SeriesSet.of(b.select(0, 1000).series())))
        .isEqualTo(StorageComparison.dump(SeriesSet.of(List.of(new ArraySeries(ls, ts, vs)))));
  }

  @Test
  void readsVersion1Blocks() throws Exception {
    // Written by the version 1 writer (XOR chunk entries): 3 series of 300 samples.
    Path v1 =
        Path.of(getClass().getResource("/blocks-v1/01M80K5PW6WY63N8HG6JR7ZTRX/meta.json").toURI())
            .getParent();
    Block b = Block.open(v1);
    Block.Selection all = b.select(Long.MIN_VALUE, Long.MAX_VALUE);
    assertThat(all.warnings()).isEmpty();
    List<ArraySeries> expected = new ArrayList<>();
    for (int s = 0; s < 3; s++) {
      long[] ts = new long[300];
      double[] vs = new double[300];
      for (int i = 0; i < 300; i++) {
        ts[i] = 1_700_000_000_000L + i * 15_000L + (i % 4 == 0 ? 37 : 0);
        vs[i] =
            switch (i % 7) {
              case 3 -> Double.longBitsToDouble(0x7ff0000000000002L);
              case 5 -> s == 1 ? -0.0 : Double.POSITIVE_INFINITY;
              default -> i * 0.5 + s;
            };
      }
      expected.add(
          new ArraySeries(Labels.of("__name__", "fixture_v1", "s", Integer.toString(s)), ts, vs));
    }
    assertThat(StorageComparison.dump(SeriesSet.of(all.series())))
        .isEqualTo(StorageComparison.dump(SeriesSet.of(expected)));
    // Merging rewrites it in the current version with the same samples.
    Path out = dir.resolve("merged");
    Files.createDirectories(out);
    BlockMeta meta = BlockWriter.write(out, b.allSeriesChunks(new ArrayList<>()));
    Block rewritten = Block.open(out.resolve(meta.id()));
    assertThat(StorageComparison.dump(SeriesSet.of(rewritten.select(0, Long.MAX_VALUE).series())))
        .isEqualTo(StorageComparison.dump(SeriesSet.of(expected)));
  }

  @Test
  void aCorruptIndexIsDetectedAtOpen() throws IOException {
    long seed = Long.getLong("vigil.seed", System.nanoTime());
    System.out.println("BlockTest.aCorruptIndexIsDetectedAtOpen seed=" + seed);
    Random rnd = new Random(seed);
    for (int round = 0; round < 10; round++) {
      Written w = writeRandom(rnd, 10);
      Path index = w.blockDir().resolve("index");
      flip(index, rnd.nextLong(Files.size(index)), rnd);
      assertThatThrownBy(() -> Block.open(w.blockDir()))
          .as("seed %d round %d", seed, round)
          .isInstanceOf(IOException.class)
          .hasMessageContaining(w.blockDir().toString());
    }
  }

  private static void flip(Path file, long at, Random rnd) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(at);
      int v = f.read();
      f.seek(at);
      f.write(v ^ (1 << rnd.nextInt(8)));
    }
  }
}
