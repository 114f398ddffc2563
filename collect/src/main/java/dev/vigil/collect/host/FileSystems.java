package dev.vigil.collect.host;

import com.sun.jna.platform.linux.LibC;
import dev.vigil.collect.source.MetricWriter;
import dev.vigil.ingest.MetricType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Mounted file systems from {@code /proc/1/mounts} (or {@code /proc/self/mounts}), sized with
 * {@code statvfs(3)}: node_exporter's {@code filesystem} collector, with the same mount point and
 * file system type exclusions by default. Sizes are block counts times {@code f_bsize}, as
 * node_exporter computes them.
 */
final class FileSystems implements HostPart {
  private record Mount(String device, String mountPoint, String type, boolean readOnly) {}

  private static final String[] NAMES = {
    "node_filesystem_size_bytes",
    "node_filesystem_free_bytes",
    "node_filesystem_avail_bytes",
    "node_filesystem_files",
    "node_filesystem_files_free"
  };
  private static final String[] HELP = {
    "Filesystem size in bytes.",
    "Filesystem free space in bytes.",
    "Filesystem space available to non-root users in bytes.",
    "Filesystem total file nodes.",
    "Filesystem total free file nodes."
  };

  private final Path proc;
  private final Pattern mountPointsExclude;
  private final Pattern fsTypesExclude;

  FileSystems(Path proc, Pattern mountPointsExclude, Pattern fsTypesExclude) {
    this.proc = proc;
    this.mountPointsExclude = mountPointsExclude;
    this.fsTypesExclude = fsTypesExclude;
  }

  @Override
  public String name() {
    return "filesystem";
  }

  @Override
  public void write(MetricWriter out) throws IOException {
    List<Mount> mounts = mounts();
    List<double[]> stats = new ArrayList<>();
    for (Mount m : mounts) {
      stats.add(statvfs(m.mountPoint()));
    }
    for (int k = 0; k < NAMES.length; k++) {
      out.family(NAMES[k], MetricType.GAUGE, HELP[k]);
      for (int i = 0; i < mounts.size(); i++) {
        if (stats.get(i) != null) {
          sample(out, NAMES[k], mounts.get(i), stats.get(i)[k]);
        }
      }
    }
    out.family("node_filesystem_readonly", MetricType.GAUGE, "Filesystem read-only status.");
    for (Mount m : mounts) {
      sample(out, "node_filesystem_readonly", m, m.readOnly() ? 1 : 0);
    }
    out.family(
        "node_filesystem_device_error",
        MetricType.GAUGE,
        "Whether an error occurred while getting statistics for the given device.");
    for (int i = 0; i < mounts.size(); i++) {
      sample(out, "node_filesystem_device_error", mounts.get(i), stats.get(i) == null ? 1 : 0);
    }
  }

  private static void sample(MetricWriter out, String name, Mount m, double v) {
    out.sample(name, v, "device", m.device(), "fstype", m.type(), "mountpoint", m.mountPoint());
  }

  List<Mount> mounts() throws IOException {
    Path f = proc.resolve("1/mounts");
    if (!Files.isReadable(f)) {
      f = proc.resolve("self/mounts");
    }
    List<Mount> out = new ArrayList<>();
    for (String[] r : ProcFiles.rows(f)) {
      if (r.length < 4) {
        continue;
      }
      String mp = unescape(r[1]);
      if (mountPointsExclude.matcher(mp).find() || fsTypesExclude.matcher(r[2]).find()) {
        continue;
      }
      boolean ro = false;
      for (String o : ProcFiles.split(r[3], ',', false)) {
        ro |= o.equals("ro");
      }
      out.add(new Mount(unescape(r[0]), mp, r[2], ro));
    }
    return out;
  }

  /** The kernel writes blanks and tabs in mount points as octal escapes. */
  private static String unescape(String s) {
    return s.replace("\\040", " ").replace("\\011", "\t");
  }

  /** size, free, avail, files, files free; null when the call fails. */
  private static double[] statvfs(String path) {
    try {
      LibC.Statvfs s = new LibC.Statvfs();
      if (LibC.INSTANCE.statvfs(path, s) != 0) {
        return null;
      }
      double bsize = s.f_bsize.longValue();
      return new double[] {
        unsigned(s.f_blocks.longValue()) * bsize,
        unsigned(s.f_bfree.longValue()) * bsize,
        unsigned(s.f_bavail.longValue()) * bsize,
        unsigned(s.f_files.longValue()),
        unsigned(s.f_ffree.longValue())
      };
    } catch (LinkageError e) {
      return fileStore(path);
    }
  }

  /** Without native access: Java's own statvfs, which has no inode counts. */
  private static double[] fileStore(String path) {
    try {
      java.nio.file.FileStore fs = Files.getFileStore(Path.of(path));
      return new double[] {
        fs.getTotalSpace(), fs.getUnallocatedSpace(), fs.getUsableSpace(), Double.NaN, Double.NaN
      };
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static double unsigned(long v) {
    return v >= 0 ? v : v + 0x1p64;
  }
}
