package dev.vigil.collect.host;

import dev.vigil.collect.source.MetricWriter;
import dev.vigil.ingest.MetricType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Per-process CPU, memory, threads and open files from {@code /proc/PID/stat} and {@code
 * /proc/PID/fd}, summed over groups and named as process-exporter names them ({@code
 * namedprocess_namegroup_cpu_seconds_total{groupname,mode}}, ...). Groups are the configured {@link
 * ProcessMatch} entries plus the {@code top} process names ({@code comm}) that used the most CPU
 * since the previous collection (the first time: since they started).
 *
 * <p>The CPU counters are sums over the group's live processes, so they drop when a process of the
 * group exits; {@code rate()} treats that as a counter reset.
 */
final class Processes implements HostPart {
  private static final class Group {
    int procs;
    double user;
    double system;
    double threads;
    double rss;
    double virtual;
    final List<Path> dirs = new ArrayList<>();

    void add(Proc p) {
      procs++;
      user += p.user;
      system += p.system;
      threads += p.threads;
      rss += p.rss;
      virtual += p.virtual;
      dirs.add(p.dir);
    }
  }

  private record Proc(
      Path dir,
      String comm,
      double user,
      double system,
      double threads,
      double rss,
      double virtual) {}

  private final Path proc;
  private final double hz;
  private final double pageSize;
  private final int top;
  private final List<ProcessMatch> matches;
  private final List<Pattern> cmdlines = new ArrayList<>();
  private final boolean needCmdline;
  private Map<String, Double> lastCpu = new HashMap<>();

  Processes(Path proc, double hz, long pageSize, int top, List<ProcessMatch> matches) {
    this.proc = proc;
    this.hz = hz;
    this.pageSize = pageSize;
    this.top = top;
    this.matches = matches;
    boolean cmd = false;
    for (ProcessMatch m : matches) {
      cmdlines.add(m.cmdlinePattern());
      cmd |= m.cmdlinePattern() != null;
    }
    this.needCmdline = cmd;
  }

  @Override
  public String name() {
    return "processes";
  }

  @Override
  public void write(MetricWriter out) throws IOException {
    Map<String, Group> configured = new LinkedHashMap<>();
    for (ProcessMatch m : matches) {
      configured.put(m.name(), new Group());
    }
    Map<String, Group> byComm = new HashMap<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(proc, Processes::isPid)) {
      for (Path dir : ds) {
        Proc p = read(dir);
        if (p == null) {
          continue; // exited meanwhile
        }
        byComm.computeIfAbsent(p.comm(), k -> new Group()).add(p);
        String cmd = needCmdline ? cmdline(dir) : "";
        for (int i = 0; i < matches.size(); i++) {
          ProcessMatch m = matches.get(i);
          Pattern re = cmdlines.get(i);
          if (m.comm().contains(p.comm()) || (re != null && re.matcher(cmd).find())) {
            configured.get(m.name()).add(p);
            break;
          }
        }
      }
    }
    Map<String, Double> cpu = new HashMap<>();
    byComm.forEach((k, g) -> cpu.put(k, g.user + g.system));
    List<String> ranked = new ArrayList<>(byComm.keySet());
    ranked.sort(
        (a, b) ->
            Double.compare(
                cpu.get(b) - lastCpu.getOrDefault(b, 0.0),
                cpu.get(a) - lastCpu.getOrDefault(a, 0.0)));
    lastCpu = cpu;
    Map<String, Group> groups = new LinkedHashMap<>(configured);
    for (String comm : ranked) {
      if (groups.size() >= configured.size() + top) {
        break;
      }
      groups.putIfAbsent(comm, byComm.get(comm));
    }
    write(out, groups);
  }

  private static void write(MetricWriter out, Map<String, Group> groups) {
    out.family(
        "namedprocess_namegroup_num_procs", MetricType.GAUGE, "number of processes in this group");
    groups.forEach(
        (n, g) -> out.sample("namedprocess_namegroup_num_procs", g.procs, "groupname", n));
    out.family(
        "namedprocess_namegroup_cpu_seconds_total",
        MetricType.COUNTER,
        "Cpu user usage in seconds");
    groups.forEach(
        (n, g) -> {
          out.sample(
              "namedprocess_namegroup_cpu_seconds_total", g.user, "groupname", n, "mode", "user");
          out.sample(
              "namedprocess_namegroup_cpu_seconds_total",
              g.system,
              "groupname",
              n,
              "mode",
              "system");
        });
    out.family(
        "namedprocess_namegroup_memory_bytes",
        MetricType.GAUGE,
        "number of bytes of memory in use");
    groups.forEach(
        (n, g) -> {
          out.sample(
              "namedprocess_namegroup_memory_bytes", g.rss, "groupname", n, "memtype", "resident");
          out.sample(
              "namedprocess_namegroup_memory_bytes",
              g.virtual,
              "groupname",
              n,
              "memtype",
              "virtual");
        });
    out.family("namedprocess_namegroup_num_threads", MetricType.GAUGE, "Number of threads");
    groups.forEach(
        (n, g) -> out.sample("namedprocess_namegroup_num_threads", g.threads, "groupname", n));
    out.family(
        "namedprocess_namegroup_open_filedesc",
        MetricType.GAUGE,
        "number of open file descriptors for this group");
    groups.forEach(
        (n, g) -> out.sample("namedprocess_namegroup_open_filedesc", openFds(g), "groupname", n));
  }

  private static boolean isPid(Path p) {
    String n = p.getFileName().toString();
    for (int i = 0; i < n.length(); i++) {
      if (n.charAt(i) < '0' || n.charAt(i) > '9') {
        return false;
      }
    }
    return !n.isEmpty();
  }

  /** Parses {@code /proc/PID/stat}; null when the process is gone. */
  private Proc read(Path dir) {
    String s;
    try {
      s = ProcFiles.read(dir.resolve("stat"));
    } catch (IOException e) {
      return null;
    }
    int open = s.indexOf('(');
    int close = s.lastIndexOf(')');
    if (open < 0 || close < open) {
      return null;
    }
    String comm = s.substring(open + 1, close);
    String[] f = ProcFiles.fields(s.substring(close + 2));
    // f[0] is field 3 (state); utime 14, stime 15, num_threads 20, vsize 23, rss 24
    if (f.length < 22) {
      return null;
    }
    return new Proc(
        dir,
        comm,
        ProcFiles.num(f[11]) / hz,
        ProcFiles.num(f[12]) / hz,
        ProcFiles.num(f[17]),
        Long.parseLong(f[21]) * pageSize,
        ProcFiles.num(f[20]));
  }

  private static String cmdline(Path dir) {
    try {
      byte[] b = ProcFiles.read(dir.resolve("cmdline")).getBytes(StandardCharsets.ISO_8859_1);
      for (int i = 0; i < b.length; i++) {
        if (b[i] == 0) {
          b[i] = ' ';
        }
      }
      return new String(b, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      return "";
    }
  }

  private static double openFds(Group g) {
    long n = 0;
    for (Path dir : g.dirs) {
      try (DirectoryStream<Path> fds = Files.newDirectoryStream(dir.resolve("fd"))) {
        for (Path ignored : fds) {
          n++;
        }
      } catch (IOException | SecurityException e) {
        // gone, or another user's process: counted as zero
      }
    }
    return n;
  }
}
