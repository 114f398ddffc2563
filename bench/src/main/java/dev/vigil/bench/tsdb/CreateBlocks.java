package dev.vigil.bench.tsdb;

import dev.vigil.core.model.Labels;
import dev.vigil.ingest.StringInterner;
import dev.vigil.ingest.promtext.TextFormat;
import dev.vigil.ingest.promtext.TextParser;
import dev.vigil.tsdb.Tsdb;
import dev.vigil.tsdb.TsdbOptions;
import dev.vigil.tsdb.block.Block;
import dev.vigil.tsdb.block.BlockWriter;
import dev.vigil.tsdb.chunk.Chunk;
import dev.vigil.tsdb.chunk.XorEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Backfills a Prometheus text (millisecond timestamps) or OpenMetrics (second timestamps) file into
 * blocks of a Vigil data directory, the way {@code promtool tsdb create-blocks-from openmetrics}
 * does for Prometheus: one block per block range, then the store is opened once so that it merges
 * complete windows as it would at run time. Every sample must carry a timestamp, and each series'
 * samples must come in time order.
 *
 * <p>Usage: {@code CreateBlocks prometheus|openmetrics FILE DATA_DIR [BLOCK_RANGE_MILLIS]}. Prints
 * one line of figures: samples, series, blocks, bytes and bytes per sample.
 */
public final class CreateBlocks {
  private static final long TWO_HOURS = 2 * 3600 * 1000L;

  /** Samples of one series, in arrival order. */
  private static final class Samples {
    long[] ts = new long[64];
    double[] vs = new double[64];
    int n;

    void add(long t, double v) {
      if (n > 0 && t <= ts[n - 1]) {
        return; // out of order or duplicate: the first one wins, as in promtool
      }
      if (n == ts.length) {
        ts = Arrays.copyOf(ts, n * 2);
        vs = Arrays.copyOf(vs, n * 2);
      }
      ts[n] = t;
      vs[n] = v;
      n++;
    }
  }

  private CreateBlocks() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 3) {
      System.err.println(
          "usage: CreateBlocks prometheus|openmetrics FILE DATA_DIR [BLOCK_RANGE_MILLIS]");
      System.exit(2);
    }
    TextFormat format =
        switch (args[0]) {
          case "prometheus" -> TextFormat.PROMETHEUS;
          case "openmetrics" -> TextFormat.OPENMETRICS;
          default -> throw new IllegalArgumentException("unknown format " + args[0]);
        };
    Path in = Path.of(args[1]);
    Path dir = Path.of(args[2]);
    long range = args.length > 3 ? Long.parseLong(args[3]) : TWO_HOURS;
    long started = System.nanoTime();
    Map<Labels, Samples> series = read(in, format);
    long samples = 0;
    long minT = Long.MAX_VALUE;
    long maxT = Long.MIN_VALUE;
    for (Samples s : series.values()) {
      samples += s.n;
      if (s.n > 0) {
        minT = Math.min(minT, s.ts[0]);
        maxT = Math.max(maxT, s.ts[s.n - 1]);
      }
    }
    Files.createDirectories(dir);
    int written = 0;
    for (long from = Math.floorDiv(minT, range) * range; from <= maxT; from += range) {
      List<BlockWriter.SeriesChunks> block = new ArrayList<>(series.size());
      for (Map.Entry<Labels, Samples> e : series.entrySet()) {
        List<Chunk> chunks = chunks(e.getValue(), from, from + range);
        if (!chunks.isEmpty()) {
          block.add(new BlockWriter.SeriesChunks(e.getKey(), chunks));
        }
      }
      if (BlockWriter.write(dir, block) != null) {
        written++;
      }
    }
    long bytes = 0;
    int blocks;
    // Opening the store merges the blocks of complete windows, as a running server would.
    try (Tsdb db = Tsdb.open(dir, TsdbOptions.defaults().withBlocks(range, 0, 0))) {
      blocks = db.blocks().size();
      for (Block b : db.blocks()) {
        bytes += b.sizeBytes();
      }
    }
    System.out.printf(
        Locale.ROOT,
        "samples=%d series=%d blocks_written=%d blocks=%d bytes=%d bytes_per_sample=%.4f"
            + " seconds=%.1f%n",
        samples,
        series.size(),
        written,
        blocks,
        bytes,
        (double) bytes / samples,
        (System.nanoTime() - started) / 1e9);
  }

  /** Cuts the samples in {@code [from, to)} into chunks of up to 120 samples, as the head does. */
  private static List<Chunk> chunks(Samples s, long from, long to) {
    int i = lowerBound(s.ts, s.n, from);
    List<Chunk> out = new ArrayList<>();
    XorEncoder enc = null;
    for (; i < s.n && s.ts[i] < to; i++) {
      if (enc == null || enc.count() == 120) {
        if (enc != null) {
          out.add(enc.snapshot());
        }
        enc = new XorEncoder();
      }
      enc.append(s.ts[i], s.vs[i]);
    }
    if (enc != null) {
      out.add(enc.snapshot());
    }
    return out;
  }

  private static int lowerBound(long[] a, int n, long key) {
    int lo = 0;
    int hi = n;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] < key) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static Map<Labels, Samples> read(Path file, TextFormat format) throws IOException {
    Map<Labels, Samples> series = new HashMap<>();
    TextParser parser = new TextParser(format, new StringInterner());
    byte[] buf = new byte[16 << 20];
    int filled = 0;
    try (InputStream is = Files.newInputStream(file)) {
      boolean eof = false;
      while (!eof) {
        int r = is.read(buf, filled, buf.length - filled);
        if (r < 0) {
          eof = true;
        } else {
          filled += r;
        }
        // Parse whole lines only; keep the tail for the next read.
        int end = filled;
        if (!eof) {
          while (end > 0 && buf[end - 1] != '\n') {
            end--;
          }
          if (end == 0) {
            if (filled == buf.length) {
              buf = Arrays.copyOf(buf, buf.length * 2);
            }
            continue;
          }
        }
        parse(parser, buf, end, format == TextFormat.OPENMETRICS && !eof, series);
        System.arraycopy(buf, end, buf, 0, filled - end);
        filled -= end;
      }
    }
    return series;
  }

  private static void parse(
      TextParser parser,
      byte[] buf,
      int end,
      boolean partialOpenMetrics,
      Map<Labels, Samples> series) {
    parser.reset(buf, 0, end);
    while (true) {
      TextParser.Entry e;
      try {
        e = parser.next();
      } catch (RuntimeException ex) {
        if (partialOpenMetrics && ex.getMessage().contains("# EOF")) {
          return; // a piece of the file before its end
        }
        throw ex;
      }
      if (e == TextParser.Entry.EOF) {
        return;
      }
      if (e != TextParser.Entry.SERIES) {
        continue;
      }
      if (!parser.hasTimestamp()) {
        throw new IllegalArgumentException("line " + parser.line() + " has no timestamp");
      }
      Labels.Builder lb = Labels.builder();
      lb.set(Labels.METRIC_NAME, parser.metricName());
      for (int i = 0; i < parser.labelCount(); i++) {
        lb.set(parser.labelName(i), parser.labelValue(i));
      }
      series
          .computeIfAbsent(lb.build(), k -> new Samples())
          .add(parser.timestampMillis(), parser.value());
    }
  }
}
