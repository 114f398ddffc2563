package dev.vigil.bench.scrape;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code /metrics} bodies of a fleet of node_exporter-like targets in the Prometheus text
 * format 0.0.4: every target exposes the same {@code series} series (CPU seconds per core and mode,
 * disk, network and filesystem counters and gauges, memory gauges, with {@code # HELP} and {@code #
 * TYPE} per family, as node_exporter writes them), and every fetch of a target gives new values:
 * counters grow by a per-series step, gauges wander. Values are a pure function of the target, the
 * series and the fetch number, so runs are repeatable.
 *
 * <p>The series text is rendered once; a fetch only writes the values. Thread-safe: {@link #render}
 * writes into the caller's buffer and reads only immutable state.
 */
final class FleetExposition {
  private static final String[] CPU_MODES = {
    "idle", "iowait", "irq", "nice", "softirq", "steal", "system", "user"
  };
  private static final String[] MEMORY = {
    "Active",
    "Active_anon",
    "Active_file",
    "AnonHugePages",
    "AnonPages",
    "Bounce",
    "Buffers",
    "Cached",
    "CommitLimit",
    "Committed_AS",
    "DirectMap1G",
    "DirectMap2M",
    "DirectMap4k",
    "Dirty",
    "HugePages_Free",
    "HugePages_Rsvd",
    "HugePages_Surp",
    "HugePages_Total",
    "Hugepagesize",
    "Inactive",
    "Inactive_anon",
    "Inactive_file",
    "KernelStack",
    "Mapped",
    "MemAvailable",
    "MemFree",
    "MemTotal",
    "Mlocked",
    "NFS_Unstable",
    "PageTables",
    "SReclaimable",
    "SUnreclaim",
    "Shmem",
    "Slab",
    "SwapCached",
    "SwapFree",
    "SwapTotal",
    "Unevictable",
    "VmallocChunk",
    "VmallocTotal",
    "VmallocUsed",
    "Writeback",
    "WritebackTmp"
  };

  /** A metric family: name, type, help and how its series are labelled by index. */
  private record Family(String name, boolean counter, String help, Labeller labeller) {}

  @FunctionalInterface
  private interface Labeller {
    String labels(int i);
  }

  private final byte[][]
      prefix; // per series: the HELP/TYPE lines when first of family, name{labels}_
  private final boolean[] counter;
  private final long[] seed;
  private final int bodyEstimate;

  FleetExposition(int series) {
    if (series <= 0) {
      throw new IllegalArgumentException("series must be positive, got " + series);
    }
    List<Family> families = families();
    // Shares: CPU seconds take a quarter (as on a big host), the rest spread evenly.
    int[] count = new int[families.size()];
    count[0] = Math.min(series, Math.max(1, series / 4));
    int rest = series - count[0];
    for (int f = 1; f < families.size(); f++) {
      count[f] = rest / (families.size() - 1) + (f - 1 < rest % (families.size() - 1) ? 1 : 0);
    }
    prefix = new byte[series][];
    counter = new boolean[series];
    seed = new long[series];
    int s = 0;
    int size = 0;
    for (int f = 0; f < families.size(); f++) {
      Family fam = families.get(f);
      for (int i = 0; i < count[f]; i++) {
        StringBuilder b = new StringBuilder();
        if (i == 0) {
          b.append("# HELP ").append(fam.name).append(' ').append(fam.help).append('\n');
          b.append("# TYPE ").append(fam.name).append(fam.counter ? " counter\n" : " gauge\n");
        }
        b.append(fam.name);
        String l = fam.labeller.labels(i);
        if (!l.isEmpty()) {
          b.append('{').append(l).append('}');
        }
        b.append(' ');
        prefix[s] = b.toString().getBytes(StandardCharsets.UTF_8);
        counter[s] = fam.counter;
        seed[s] = mix(s * 0x9E3779B97F4A7C15L + f);
        size += prefix[s].length + 24;
        s++;
      }
    }
    bodyEstimate = size;
  }

  /** An upper bound of a body's size in bytes. */
  int maxBodySize() {
    return bodyEstimate;
  }

  /** Writes target {@code target}'s body for its {@code fetch}-th fetch into {@code out}. */
  void render(int target, long fetch, ByteBuffer out) {
    long t = mix(target * 0xC2B2AE3D27D4EB4FL + 1);
    for (int s = 0; s < prefix.length; s++) {
      out.put(prefix[s]);
      long h = seed[s] ^ t;
      if (counter[s]) {
        // Grows by a series-specific step of 1..1000 hundredths per fetch, like CPU seconds.
        long hundredths = (h >>> 20) % 100_000_000L + (fetch + 1) * (1 + (h & 1023));
        writeHundredths(hundredths, out);
      } else {
        // Wanders within ±5 % of a series-specific level.
        long level = 1_000_000 + (h >>> 16) % 10_000_000_000L;
        long wobble = mix(h + fetch) % (level / 20 + 1);
        writeLong(level + wobble, out);
      }
      out.put((byte) '\n');
    }
  }

  private static void writeHundredths(long v, ByteBuffer out) {
    writeLong(v / 100, out);
    long frac = v % 100;
    if (frac != 0) {
      out.put((byte) '.');
      out.put((byte) ('0' + frac / 10));
      if (frac % 10 != 0) {
        out.put((byte) ('0' + frac % 10));
      }
    }
  }

  private static void writeLong(long v, ByteBuffer out) {
    if (v < 0) {
      out.put((byte) '-');
      v = -v;
    }
    int start = out.position();
    do {
      out.put((byte) ('0' + v % 10));
      v /= 10;
    } while (v > 0);
    for (int i = start, j = out.position() - 1; i < j; i++, j--) {
      byte x = out.get(i);
      out.put(i, out.get(j));
      out.put(j, x);
    }
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return (z ^ (z >>> 31)) & Long.MAX_VALUE;
  }

  private static List<Family> families() {
    List<Family> f = new ArrayList<>();
    f.add(
        new Family(
            "node_cpu_seconds_total",
            true,
            "Seconds the CPUs spent in each mode.",
            i ->
                "cpu=\""
                    + i / CPU_MODES.length
                    + "\",mode=\""
                    + CPU_MODES[i % CPU_MODES.length]
                    + "\""));
    String[] disk = {
      "node_disk_read_bytes_total", "The total number of bytes read successfully.",
      "node_disk_written_bytes_total", "The total number of bytes written successfully.",
      "node_disk_reads_completed_total", "The total number of reads completed successfully.",
      "node_disk_writes_completed_total", "The total number of writes completed successfully.",
      "node_disk_io_time_seconds_total", "Total seconds spent doing I/Os."
    };
    for (int d = 0; d < disk.length; d += 2) {
      f.add(new Family(disk[d], true, disk[d + 1], i -> "device=\"nvme" + i + "n1\""));
    }
    String[] net = {
      "node_network_receive_bytes_total", "Network device statistic receive_bytes.",
      "node_network_receive_packets_total", "Network device statistic receive_packets.",
      "node_network_transmit_bytes_total", "Network device statistic transmit_bytes.",
      "node_network_transmit_packets_total", "Network device statistic transmit_packets."
    };
    for (int d = 0; d < net.length; d += 2) {
      f.add(
          new Family(
              net[d],
              true,
              net[d + 1],
              i -> "device=\"veth" + Integer.toHexString(0x5a00 + i) + "\""));
    }
    String[] fs = {
      "node_filesystem_avail_bytes", "Filesystem space available to non-root users in bytes.",
      "node_filesystem_free_bytes", "Filesystem free space in bytes.",
      "node_filesystem_size_bytes", "Filesystem size in bytes."
    };
    for (int d = 0; d < fs.length; d += 2) {
      f.add(
          new Family(
              fs[d],
              false,
              fs[d + 1],
              i ->
                  "device=\"/dev/mapper/vg0-lv"
                      + i
                      + "\",fstype=\"ext4\",mountpoint=\"/srv/volume"
                      + i
                      + "\""));
    }
    f.add(
        new Family(
            "node_memory_bytes",
            false,
            "Memory information field in bytes.",
            i -> "field=\"" + MEMORY[i % MEMORY.length] + "\",node=\"" + i / MEMORY.length + "\""));
    f.add(
        new Family(
            "node_softnet_processed_total",
            true,
            "Number of processed packets.",
            i -> "cpu=\"" + i + "\""));
    f.add(
        new Family(
            "node_interrupts_total",
            true,
            "Interrupt details.",
            i -> "cpu=\"" + i % 32 + "\",devices=\"\",info=\"\",type=\"" + (i / 32) + "\""));
    return f;
  }
}
