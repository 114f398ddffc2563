package dev.vigil.bench.ingest;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code vigil bench ingest}: the remote-write and Influx load generator. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Drives a remote-write or Influx line-protocol endpoint (Vigil, Prometheus with"
          + " --web.enable-remote-write-receiver, VictoriaMetrics, ...) with realistic"
          + " node_exporter-like series and reports accepted samples/s, request latency"
          + " percentiles and responses by status.",
      "All request bodies are encoded before the clock starts; the run ends when every request"
          + " has been sent once (series x timestamps samples). Requests answered 429/5xx are"
          + " retried like Prometheus does; other 4xx are counted and dropped.",
    },
    footer = {
      "",
      "Examples:",
      "  vigil bench ingest --url http://localhost:7070/api/v1/write",
      "  vigil bench ingest --url http://localhost:9090/api/v1/write --series 10000 --rate 50000",
      "  vigil bench ingest --protocol influx --url 'http://localhost:8428/write?db=bench'",
      "",
      "Exit codes: 0 every sample accepted, 1 some refused or lost, 2 bad usage."
    })
public final class IngestCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--url",
      required = true,
      paramLabel = "URL",
      description = "the endpoint, e.g. http://localhost:7070/api/v1/write or .../write?db=x")
  URI url;

  @Option(
      names = "--protocol",
      defaultValue = "remote-write",
      paramLabel = "P",
      description =
          "remote-write (1.0, snappy + protobuf) or influx (line protocol, ms precision);"
              + " default ${DEFAULT-VALUE}")
  String protocol;

  @Option(
      names = {"--series", "-n"},
      defaultValue = "100000",
      description = "active series; default ${DEFAULT-VALUE}")
  int series;

  @Option(
      names = {"--timestamps", "-m"},
      defaultValue = "60",
      description = "samples per series; default ${DEFAULT-VALUE}")
  int timestamps;

  @Option(
      names = "--interval",
      defaultValue = "15s",
      paramLabel = "D",
      description =
          "time between a series' samples (ms, s, m); the last is now; default ${DEFAULT-VALUE}")
  String interval;

  @Option(
      names = {"--samples-per-request", "-k"},
      defaultValue = "2000",
      description = "samples (series) per request; default ${DEFAULT-VALUE}")
  int samplesPerRequest;

  @Option(
      names = {"--senders", "-c"},
      defaultValue = "4",
      description =
          "concurrent senders, each owning a shard of the series; default ${DEFAULT-VALUE}")
  int senders;

  @Option(
      names = "--rate",
      defaultValue = "0",
      paramLabel = "SAMPLES/S",
      description = "total samples per second to send; 0 = as fast as the endpoint accepts")
  double rate;

  @Option(
      names = "--retries",
      defaultValue = "10",
      description =
          "retries of a request answered 429, 5xx or not at all; default ${DEFAULT-VALUE}")
  int retries;

  @Option(
      names = "--timeout",
      defaultValue = "30s",
      paramLabel = "D",
      description = "per-request timeout; default ${DEFAULT-VALUE}")
  String timeout;

  @Option(
      names = {"--header", "-H"},
      paramLabel = "'NAME: VALUE'",
      description = "an extra request header, e.g. 'Authorization: Bearer xyz' (repeatable)")
  List<String> headers = List.of();

  @Option(
      names = "--job",
      defaultValue = "node",
      description =
          "value of the job label, to send distinct series in runs that follow each"
              + " other (e.g. a warm-up); default ${DEFAULT-VALUE}")
  String job;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "seed of the series' values; default ${DEFAULT-VALUE}")
  long seed;

  @Option(
      names = "--format",
      defaultValue = "text",
      description = "text or json (one object, for scripts); default ${DEFAULT-VALUE}")
  String format;

  @Override
  public Integer call() throws Exception {
    validate();
    PayloadEncoder encoder =
        switch (protocol) {
          case "remote-write" -> new RemoteWriteEncoder();
          case "influx" -> new InfluxEncoder();
          default -> throw usage("--protocol must be remote-write or influx, got " + protocol);
        };
    long intervalMillis = millis("--interval", interval);
    Map<String, String> h = new LinkedHashMap<>();
    URI target = url;
    if (encoder instanceof RemoteWriteEncoder) {
      h.put("Content-Type", "application/x-protobuf");
      h.put("Content-Encoding", "snappy");
      h.put("X-Prometheus-Remote-Write-Version", "0.1.0");
    } else {
      h.put("Content-Type", "text/plain; charset=utf-8");
      if (url.getQuery() == null || !url.getQuery().contains("precision=")) {
        String sep = url.getRawQuery() == null ? "?" : "&";
        target = URI.create(url + sep + "precision=ms");
      }
    }
    h.put("User-Agent", "vigil-bench-ingest");
    for (String header : headers) {
      int colon = header.indexOf(':');
      if (colon <= 0) {
        throw usage("--header must be 'Name: value', got '" + header + "'");
      }
      h.put(header.substring(0, colon).strip(), header.substring(colon + 1).strip());
    }

    long t0 = System.nanoTime();
    SeriesCatalog catalog = SeriesCatalog.generate(series, seed, job);
    long last = System.currentTimeMillis() / intervalMillis * intervalMillis;
    Payloads payloads =
        Payloads.encode(
            catalog, encoder, timestamps, samplesPerRequest, senders, last, intervalMillis);
    double encodeSeconds = (System.nanoTime() - t0) / 1e9;

    LoadRun.Result r =
        new LoadRun(
                new LoadRun.Settings(
                    target, h, rate, retries, Duration.ofMillis(millis("--timeout", timeout))))
            .run(payloads);
    var out = spec.commandLine().getOut();
    if (format.equals("json")) {
      out.println(json(encoder, target, payloads, encodeSeconds, r));
    } else {
      out.print(text(encoder, target, payloads, encodeSeconds, r));
    }
    out.flush();
    return r.samplesAccepted() == payloads.totalSamples() ? 0 : 1;
  }

  private void validate() {
    if (series <= 0 || timestamps <= 0 || samplesPerRequest <= 0 || senders <= 0) {
      throw usage(
          "--series, --timestamps, --samples-per-request and --senders must all be positive");
    }
    if (rate < 0 || retries < 0) {
      throw usage("--rate and --retries must not be negative");
    }
    if (!format.equals("text") && !format.equals("json")) {
      throw usage("--format must be text or json, got " + format);
    }
    if (url.getScheme() == null || !url.getScheme().startsWith("http")) {
      throw usage("--url must be an http:// or https:// URL, got " + url);
    }
  }

  private ParameterException usage(String msg) {
    return new ParameterException(spec.commandLine(), msg);
  }

  /** Parses {@code 250ms}, {@code 15s}, {@code 2m}. */
  private long millis(String option, String d) {
    String s = d.strip().toLowerCase(Locale.ROOT);
    try {
      long v;
      if (s.endsWith("ms")) {
        v = Long.parseLong(s.substring(0, s.length() - 2));
      } else if (s.endsWith("s")) {
        v = Long.parseLong(s.substring(0, s.length() - 1)) * 1000;
      } else if (s.endsWith("m")) {
        v = Long.parseLong(s.substring(0, s.length() - 1)) * 60_000;
      } else {
        throw new NumberFormatException();
      }
      if (v <= 0) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw usage(option + " must be a positive duration like 250ms, 15s or 2m, got '" + d + "'");
    }
  }

  private String text(
      PayloadEncoder enc, URI target, Payloads p, double encodeSeconds, LoadRun.Result r) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%s -> %s%n", enc.protocol(), target));
    sb.append(
        String.format(
            Locale.ROOT,
            "payloads: %d series x %d timestamps = %d samples in %d requests (%.1f MB), encoded in"
                + " %.1f s%n",
            series,
            timestamps,
            p.totalSamples(),
            p.requests(),
            p.totalBytes() / 1e6,
            encodeSeconds));
    sb.append(
        String.format(
            Locale.ROOT,
            "senders: %d, rate: %s%n",
            senders,
            rate > 0 ? String.format(Locale.ROOT, "%.0f samples/s", rate) : "maximum"));
    sb.append(
        String.format(
            Locale.ROOT,
            "elapsed %.2f s: accepted %d of %d samples, %.0f samples/s; %d of %d requests"
                + " accepted%n",
            r.elapsedNanos() / 1e9,
            r.samplesAccepted(),
            p.totalSamples(),
            r.acceptedPerSecond(),
            r.acceptedRequests(),
            p.requests()));
    Histogram l = r.latencyMicros();
    sb.append(
        String.format(
            Locale.ROOT,
            "latency ms (%d attempts): p50 %.1f  p90 %.1f  p99 %.1f  max %.1f%n",
            l.getTotalCount(),
            l.getValueAtPercentile(50) / 1e3,
            l.getValueAtPercentile(90) / 1e3,
            l.getValueAtPercentile(99) / 1e3,
            l.getMaxValue() / 1e3));
    r.statuses()
        .forEach(
            (status, n) -> {
              sb.append(String.format(Locale.ROOT, "status %s: %d", status, n));
              String err = r.firstErrors().get(status);
              if (err != null) {
                sb.append("  (first: ").append(err.replace('\n', ' ')).append(')');
              }
              sb.append(System.lineSeparator());
            });
    return sb.toString();
  }

  private String json(
      PayloadEncoder enc, URI target, Payloads p, double encodeSeconds, LoadRun.Result r) {
    Histogram l = r.latencyMicros();
    StringBuilder st = new StringBuilder();
    r.statuses()
        .forEach(
            (status, n) -> {
              if (st.length() > 0) {
                st.append(',');
              }
              st.append('"').append(status).append("\":").append(n);
            });
    return String.format(
        Locale.ROOT,
        "{\"protocol\":\"%s\",\"url\":\"%s\",\"series\":%d,\"timestamps\":%d,"
            + "\"samples_per_request\":%d,\"senders\":%d,\"rate\":%.0f,\"payload_requests\":%d,"
            + "\"requests\":%d,"
            + "\"bytes\":%d,\"encode_seconds\":%.3f,\"elapsed_seconds\":%.3f,"
            + "\"samples_sent\":%d,\"samples_accepted\":%d,\"accepted_per_second\":%.0f,"
            + "\"latency_ms\":{\"p50\":%.2f,\"p90\":%.2f,\"p99\":%.2f,\"max\":%.2f},"
            + "\"statuses\":{%s}}",
        enc.protocol(),
        target.toString().replace("\"", "\\\""),
        series,
        timestamps,
        samplesPerRequest,
        senders,
        rate,
        p.requests(),
        r.requests(),
        r.bytesSent(),
        encodeSeconds,
        r.elapsedNanos() / 1e9,
        r.samplesSent(),
        r.samplesAccepted(),
        r.acceptedPerSecond(),
        l.getValueAtPercentile(50) / 1e3,
        l.getValueAtPercentile(90) / 1e3,
        l.getValueAtPercentile(99) / 1e3,
        l.getMaxValue() / 1e3,
        st);
  }
}
