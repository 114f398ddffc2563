package dev.vigil.bench.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The active series of a load run, shaped like a fleet of hosts running node_exporter: each host
 * contributes {@value #SERIES_PER_HOST} series (CPU modes per core, filesystems, network devices,
 * disks, memory), each with 6 to 9 labels including {@code __name__}, {@code job}, {@code
 * instance}, {@code env} and {@code region}. Label sets are sorted by name, as remote write
 * requires.
 *
 * <p>Values follow the metric's type: counters ({@code _total}) only grow, gauges wander. The
 * sequence is a pure function of the seed, so two runs send identical payloads.
 */
public final class SeriesCatalog {
  /** Series each simulated host exposes. */
  public static final int SERIES_PER_HOST = 100;

  private static final String[] CPU_MODES = {
    "idle", "iowait", "irq", "nice", "softirq", "steal", "system", "user"
  };
  private static final String[][] FILESYSTEMS = {
    {"/dev/nvme0n1p1", "ext4", "/"},
    {"/dev/nvme0n1p2", "ext4", "/var"},
    {"/dev/nvme1n1", "xfs", "/data"},
    {"tmpfs", "tmpfs", "/run"}
  };
  private static final String[] FS_METRICS = {
    "node_filesystem_avail_bytes", "node_filesystem_free_bytes", "node_filesystem_size_bytes"
  };
  private static final String[] NET_DEVICES = {"eth0", "eth1"};
  private static final String[] NET_METRICS = {
    "node_network_receive_bytes_total",
    "node_network_receive_packets_total",
    "node_network_receive_errs_total",
    "node_network_transmit_bytes_total",
    "node_network_transmit_packets_total",
    "node_network_transmit_errs_total"
  };
  private static final String[] DISKS = {"nvme0n1", "nvme1n1"};
  private static final String[] DISK_METRICS = {
    "node_disk_read_bytes_total",
    "node_disk_written_bytes_total",
    "node_disk_reads_completed_total",
    "node_disk_writes_completed_total"
  };
  private static final String[] MEMORY_METRICS = {
    "node_memory_MemAvailable_bytes",
    "node_memory_MemFree_bytes",
    "node_memory_Cached_bytes",
    "node_memory_Buffers_bytes"
  };
  private static final String[] REGIONS = {"eu-west-1", "eu-central-1", "us-east-1", "ap-south-1"};
  private static final String[] ENVS = {"prod", "prod", "prod", "staging"};

  private final String[][] labels;
  private final boolean[] counter;
  private final double[] start;
  private final double[] step;

  private SeriesCatalog(int n) {
    labels = new String[n][];
    counter = new boolean[n];
    start = new double[n];
    step = new double[n];
  }

  /** Builds {@code n} series; the same {@code seed} gives the same series and values. */
  public static SeriesCatalog generate(int n, long seed) {
    return generate(n, seed, "node");
  }

  /** Builds {@code n} series with label {@code job="<job>"}. */
  public static SeriesCatalog generate(int n, long seed, String job) {
    if (n <= 0) {
      throw new IllegalArgumentException("series must be positive, got " + n);
    }
    SeriesCatalog c = new SeriesCatalog(n);
    SplittableRandom rnd = new SplittableRandom(seed);
    List<String[]> host = new ArrayList<>(SERIES_PER_HOST);
    for (int i = 0; i < n; i++) {
      int h = i / SERIES_PER_HOST;
      if (i % SERIES_PER_HOST == 0) {
        host = hostSeries(h, job);
      }
      String[] l = host.get(i % SERIES_PER_HOST);
      c.labels[i] = l;
      boolean isCounter = l[1].endsWith("_total") || l[1].equals("node_cpu_seconds_total");
      c.counter[i] = isCounter;
      c.start[i] = isCounter ? rnd.nextDouble() * 1e9 : 1e6 + rnd.nextDouble() * 1e10;
      c.step[i] = isCounter ? rnd.nextDouble() * 1e4 : c.start[i] * 0.01;
    }
    return c;
  }

  /** The {@value #SERIES_PER_HOST} label sets of host {@code h}, as sorted name/value pairs. */
  private static List<String[]> hostSeries(int h, String job) {
    String instance = String.format(java.util.Locale.ROOT, "host-%05d:9100", h);
    String region = REGIONS[h % REGIONS.length];
    String env = ENVS[(h / REGIONS.length) % ENVS.length];
    List<String[]> out = new ArrayList<>(SERIES_PER_HOST);
    for (int cpu = 0; cpu < 8; cpu++) {
      for (String mode : CPU_MODES) {
        out.add(
            sorted(
                "node_cpu_seconds_total",
                job,
                instance,
                region,
                env,
                "cpu",
                Integer.toString(cpu),
                "mode",
                mode));
      }
    }
    for (String[] fs : FILESYSTEMS) {
      for (String m : FS_METRICS) {
        out.add(
            sorted(
                m,
                job,
                instance,
                region,
                env,
                "device",
                fs[0],
                "fstype",
                fs[1],
                "mountpoint",
                fs[2]));
      }
    }
    for (String dev : NET_DEVICES) {
      for (String m : NET_METRICS) {
        out.add(sorted(m, job, instance, region, env, "device", dev));
      }
    }
    for (String disk : DISKS) {
      for (String m : DISK_METRICS) {
        out.add(sorted(m, job, instance, region, env, "device", disk));
      }
    }
    for (String m : MEMORY_METRICS) {
      out.add(sorted(m, job, instance, region, env));
    }
    return out;
  }

  /** Name/value pairs sorted by name: the common labels plus {@code extra}. */
  private static String[] sorted(
      String name, String job, String instance, String region, String env, String... extra) {
    List<String[]> pairs = new ArrayList<>();
    pairs.add(new String[] {"__name__", name});
    pairs.add(new String[] {"env", env});
    pairs.add(new String[] {"instance", instance});
    pairs.add(new String[] {"job", job});
    pairs.add(new String[] {"region", region});
    for (int i = 0; i < extra.length; i += 2) {
      pairs.add(new String[] {extra[i], extra[i + 1]});
    }
    pairs.sort((a, b) -> a[0].compareTo(b[0]));
    String[] flat = new String[pairs.size() * 2];
    for (int i = 0; i < pairs.size(); i++) {
      flat[2 * i] = pairs.get(i)[0];
      flat[2 * i + 1] = pairs.get(i)[1];
    }
    return flat;
  }

  /** Number of series. */
  public int size() {
    return labels.length;
  }

  /** Series {@code i}'s labels as name/value pairs sorted by name; index 0 is {@code __name__}. */
  public String[] labels(int i) {
    return labels[i];
  }

  /** The metric name of series {@code i}. */
  public String name(int i) {
    return labels[i][1];
  }

  /** The value of series {@code i} at its {@code k}-th timestamp. */
  public double value(int i, int k) {
    if (counter[i]) {
      return Math.floor(start[i] + step[i] * k);
    }
    // A bounded wander around the start value, different per series.
    return Math.floor(start[i] + step[i] * Math.sin(k * 0.3 + i));
  }
}
