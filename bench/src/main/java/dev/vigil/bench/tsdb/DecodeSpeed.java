package dev.vigil.bench.tsdb;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.function.DoubleSupplier;

/**
 * {@link ChunkDecodeBenchmark}'s cases timed in CPU time of the measuring thread rather than wall
 * time, for machines too busy for JMH's wall-clock figures to mean anything. Prints the best of
 * several rounds, in millions of samples per CPU-second.
 *
 * <p>Usage: {@code DecodeSpeed [ROUNDS]} (default 20).
 */
public final class DecodeSpeed {
  private DecodeSpeed() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    ChunkDecodeBenchmark b = new ChunkDecodeBenchmark();
    b.setup();
    measure("packed chunks", rounds, b::packedChunks);
    measure("packed page with zstd", rounds, b::packedPageWithZstd);
    measure("xor chunks (head)", rounds, b::xorChunks);
  }

  private static void measure(String name, int rounds, DoubleSupplier op) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double sink = 0;
    for (int i = 0; i < 200; i++) { // warm-up for the JIT
      sink += op.getAsDouble();
    }
    double best = 0;
    for (int r = 0; r < rounds; r++) {
      long start = threads.getCurrentThreadCpuTime();
      int reps = 20;
      for (int i = 0; i < reps; i++) {
        sink += op.getAsDouble();
      }
      double seconds = (threads.getCurrentThreadCpuTime() - start) / 1e9;
      best = Math.max(best, (double) reps * ChunkDecodeBenchmark.TOTAL / seconds / 1e6);
    }
    System.out.printf(
        Locale.ROOT, "%-24s %6.1f M samples per CPU-second (checksum %.0f)%n", name, best, sink);
  }
}
