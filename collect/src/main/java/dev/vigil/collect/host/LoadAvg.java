package dev.vigil.collect.host;

import dev.vigil.collect.source.MetricWriter;
import dev.vigil.ingest.MetricType;
import java.io.IOException;
import java.nio.file.Path;

/** {@code /proc/loadavg}: node_exporter's {@code loadavg} collector. */
final class LoadAvg implements HostPart {
  private final Path file;

  LoadAvg(Path proc) {
    this.file = proc.resolve("loadavg");
  }

  @Override
  public String name() {
    return "loadavg";
  }

  @Override
  public void write(MetricWriter out) throws IOException {
    String[] f = ProcFiles.fields(ProcFiles.read(file));
    String[] names = {"node_load1", "node_load5", "node_load15"};
    String[] spans = {"1m", "5m", "15m"};
    for (int i = 0; i < 3; i++) {
      out.single(names[i], MetricType.GAUGE, spans[i] + " load average.", Double.parseDouble(f[i]));
    }
  }
}
