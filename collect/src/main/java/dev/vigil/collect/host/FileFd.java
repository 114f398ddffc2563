package dev.vigil.collect.host;

import dev.vigil.collect.source.MetricWriter;
import dev.vigil.ingest.MetricType;
import java.io.IOException;
import java.nio.file.Path;

/** {@code /proc/sys/fs/file-nr}: node_exporter's {@code filefd} collector. */
final class FileFd implements HostPart {
  private final Path file;

  FileFd(Path proc) {
    this.file = proc.resolve("sys/fs/file-nr");
  }

  @Override
  public String name() {
    return "filefd";
  }

  @Override
  public void write(MetricWriter out) throws IOException {
    String[] f = ProcFiles.fields(ProcFiles.read(file));
    out.single(
        "node_filefd_allocated",
        MetricType.GAUGE,
        "File descriptor statistics: allocated.",
        ProcFiles.num(f[0]));
    out.single(
        "node_filefd_maximum",
        MetricType.GAUGE,
        "File descriptor statistics: maximum.",
        ProcFiles.num(f[2]));
  }
}
