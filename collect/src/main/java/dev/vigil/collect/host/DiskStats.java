package dev.vigil.collect.host;

import dev.vigil.collect.source.MetricWriter;
import dev.vigil.ingest.MetricType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/** {@code /proc/diskstats} per device: node_exporter's {@code diskstats} collector. */
final class DiskStats implements HostPart {
  /** One column of the file: its metric, its type, the factor to the metric's unit. */
  private record Column(int index, String name, MetricType type, double factor, String help) {}

  private static final double MS = 0.001;
  private static final double SECTOR = 512;
  private static final List<Column> COLUMNS =
      List.of(
          new Column(3, "reads_completed_total", MetricType.COUNTER, 1, "reads completed"),
          new Column(4, "reads_merged_total", MetricType.COUNTER, 1, "reads merged"),
          new Column(5, "read_bytes_total", MetricType.COUNTER, SECTOR, "bytes read"),
          new Column(6, "read_time_seconds_total", MetricType.COUNTER, MS, "seconds spent reading"),
          new Column(7, "writes_completed_total", MetricType.COUNTER, 1, "writes completed"),
          new Column(8, "writes_merged_total", MetricType.COUNTER, 1, "writes merged"),
          new Column(9, "written_bytes_total", MetricType.COUNTER, SECTOR, "bytes written"),
          new Column(
              10, "write_time_seconds_total", MetricType.COUNTER, MS, "seconds spent writing"),
          new Column(11, "io_now", MetricType.GAUGE, 1, "I/Os currently in progress"),
          new Column(
              12, "io_time_seconds_total", MetricType.COUNTER, MS, "seconds spent doing I/Os"),
          new Column(
              13,
              "io_time_weighted_seconds_total",
              MetricType.COUNTER,
              MS,
              "weighted seconds spent doing I/Os"),
          new Column(14, "discards_completed_total", MetricType.COUNTER, 1, "discards completed"),
          new Column(15, "discards_merged_total", MetricType.COUNTER, 1, "discards merged"),
          new Column(16, "discarded_sectors_total", MetricType.COUNTER, 1, "sectors discarded"),
          new Column(
              17, "discard_time_seconds_total", MetricType.COUNTER, MS, "seconds spent discarding"),
          new Column(18, "flush_requests_total", MetricType.COUNTER, 1, "flush requests completed"),
          new Column(
              19,
              "flush_requests_time_seconds_total",
              MetricType.COUNTER,
              MS,
              "seconds spent flushing"));

  private final Path file;
  private final Pattern exclude;

  DiskStats(Path proc, Pattern exclude) {
    this.file = proc.resolve("diskstats");
    this.exclude = exclude;
  }

  @Override
  public String name() {
    return "diskstats";
  }

  @Override
  public void write(MetricWriter out) throws IOException {
    List<String[]> rows = ProcFiles.rows(file);
    for (Column c : COLUMNS) {
      String name = "node_disk_" + c.name();
      out.family(name, c.type(), "The number of " + c.help() + ".");
      for (String[] r : rows) {
        if (r.length > c.index() && !exclude.matcher(r[2]).matches()) {
          out.sample(name, ProcFiles.num(r[c.index()]) * c.factor(), "device", r[2]);
        }
      }
    }
  }
}
