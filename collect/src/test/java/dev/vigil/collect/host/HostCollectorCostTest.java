package dev.vigil.collect.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.collect.source.MetricWriter;
import dev.vigil.core.SuppressForbidden;
import dev.vigil.core.storage.memory.MemoryStorage;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The bar for the host collector at a 15 s interval: at most 1 % of one core (150 ms of CPU
 * per collection) and 30 MB of heap. Measures CPU time and allocation of the collecting thread over
 * repeated collections on this machine and prints them (docs/benchmarks.md quotes the output).
 */
@SuppressForbidden(reason = "per-thread CPU and allocation counters live in com.sun.management")
class HostCollectorCostTest {
  @Test
  void oneCollectionCostsLittleCpuAndHeap() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Runtime rt = Runtime.getRuntime();
    System.gc();
    long heapBefore = rt.totalMemory() - rt.freeMemory();
    HostCollector c = new HostCollector(HostConfig.defaults());
    MemoryStorage sink = new MemoryStorage();
    for (int i = 0; i < 3; i++) { // warm-up: class loading and JIT
      collect(c, sink, i);
    }
    int n = 10;
    long cpu0 = threads.getCurrentThreadCpuTime();
    long alloc0 = threads.getCurrentThreadAllocatedBytes();
    long wall0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      collect(c, new MemoryStorage(), i);
    }
    double cpuMs = (threads.getCurrentThreadCpuTime() - cpu0) / 1e6 / n;
    double wallMs = (System.nanoTime() - wall0) / 1e6 / n;
    double allocMb = (threads.getCurrentThreadAllocatedBytes() - alloc0) / 1e6 / n;
    System.gc();
    double retainedMb = (rt.totalMemory() - rt.freeMemory() - heapBefore) / 1e6;
    System.out.printf(
        Locale.ROOT,
        "host collector: %.1f ms CPU (%.1f ms wall) per collection = %.3f %% of one core at 15 s;"
            + " %.1f MB allocated per collection; %.1f MB retained after GC (incl. one stored"
            + " collection)%n",
        cpuMs,
        wallMs,
        cpuMs / 15_000 * 100,
        allocMb,
        retainedMb);
    assertThat(cpuMs).as("CPU ms per collection").isLessThan(150);
    assertThat(allocMb).as("MB allocated per collection").isLessThan(30);
    assertThat(retainedMb).as("MB retained").isLessThan(30);
  }

  private static void collect(HostCollector c, MemoryStorage sink, long t) {
    var app = sink.appender();
    c.collect(new MetricWriter(app, (f, ty, h, u) -> {}, t));
    app.commit();
  }
}
