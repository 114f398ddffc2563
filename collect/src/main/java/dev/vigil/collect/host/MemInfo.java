package dev.vigil.collect.host;

import dev.vigil.collect.source.MetricWriter;
import dev.vigil.ingest.MetricType;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code /proc/meminfo}, every field, named as node_exporter's {@code meminfo} collector names
 * them: {@code MemTotal: 123 kB} becomes {@code node_memory_MemTotal_bytes 125952}, {@code
 * Active(anon)} becomes {@code node_memory_Active_anon_bytes}, and fields without a unit ({@code
 * HugePages_Total}) keep their value and get no {@code _bytes}.
 */
final class MemInfo implements HostPart {
  private final Path file;

  MemInfo(Path proc) {
    this.file = proc.resolve("meminfo");
  }

  @Override
  public String name() {
    return "meminfo";
  }

  @Override
  public void write(MetricWriter out) throws IOException {
    for (String[] r : ProcFiles.rows(file)) {
      if (r.length < 2 || !r[0].endsWith(":")) {
        continue;
      }
      String key = r[0].substring(0, r[0].length() - 1).replace('(', '_').replace(")", "");
      double v = ProcFiles.num(r[1]);
      String name = "node_memory_" + key;
      if (r.length > 2 && r[2].equals("kB")) {
        name += "_bytes";
        v *= 1024;
      }
      out.single(name, MetricType.GAUGE, "Memory information field " + key + ".", v);
    }
  }
}
