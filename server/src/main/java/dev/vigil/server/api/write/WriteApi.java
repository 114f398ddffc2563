package dev.vigil.server.api.write;

import dev.vigil.core.model.Labels;
import dev.vigil.core.selfmetrics.Counter;
import dev.vigil.core.selfmetrics.MetricsRegistry;
import dev.vigil.core.storage.Appendable;
import dev.vigil.core.storage.Appender;
import dev.vigil.core.storage.InvalidSeriesException;
import dev.vigil.core.storage.LimitExceededException;
import dev.vigil.core.storage.OutOfBoundsException;
import dev.vigil.core.storage.OutOfOrderException;
import dev.vigil.core.storage.StorageException;
import dev.vigil.ingest.IngestException;
import dev.vigil.ingest.LabelRules;
import dev.vigil.ingest.MetadataSink;
import dev.vigil.ingest.SeriesRefCache;
import dev.vigil.ingest.WriteStats;
import dev.vigil.ingest.influx.InfluxDecoder;
import dev.vigil.ingest.influx.Precision;
import dev.vigil.ingest.jsonline.JsonLineDecoder;
import dev.vigil.ingest.promtext.TextDecoder;
import dev.vigil.ingest.promtext.TextFormat;
import dev.vigil.ingest.remotewrite.Compression;
import dev.vigil.ingest.remotewrite.RemoteWriteDecoder;
import dev.vigil.ingest.remotewrite.RemoteWriteVersion;
import dev.vigil.server.http.ApiException;
import dev.vigil.server.http.BodyBuffer;
import dev.vigil.server.http.ErrorType;
import dev.vigil.server.http.RequestBody;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The push routes, all ending in one batch on the metrics store that is committed to the
 * write-ahead log before the 2xx, so an acknowledged write survives a crash:
 *
 * <ul>
 *   <li>{@code POST /api/v1/write}: Prometheus remote write 1.0 and 2.0, chosen by Content-Type;
 *   <li>{@code POST /api/v1/import/prometheus}: Prometheus text format (optional millisecond
 *       timestamps) or OpenMetrics, with {@code extra_label=name=value} parameters, as
 *       VictoriaMetrics accepts it;
 *   <li>{@code POST /api/v1/import}: VictoriaMetrics' JSON lines, what {@code GET /api/v1/export}
 *       writes;
 *   <li>{@code POST /write} (Influx 1.x, {@code db} and {@code precision}) and {@code POST
 *       /api/v2/write} (Influx 2.x, {@code bucket}, {@code org}, {@code precision}): line protocol,
 *       metric names {@code measurement_field}, tags as labels, {@code db}/{@code bucket} as label
 *       {@code db}.
 * </ul>
 *
 * <p>At most {@code server.max_concurrent_writes} bodies are read and decoded at once; a request
 * that finds no slot within {@code server.write_queue_timeout} gets 429 with {@code Retry-After},
 * and so does one that would bring the bodies in progress over {@code
 * server.max_write_bytes_in_flight} (see {@link WriteAdmission}).
 *
 * <p>A body that cannot be read as a whole stores nothing (400, 413 or 415). A readable body with
 * some bad series or lines stores the rest and answers 400 naming what was refused, with counts.
 */
public final class WriteApi {
  private static final Logger LOG = LoggerFactory.getLogger(WriteApi.class);

  /** Remote-write series remembered by their label bytes: 8 MB of slots, ~300 bytes per series. */
  private static final int SERIES_CACHE_SLOTS = 1 << 20;

  private final Appendable storage;
  private final MetadataSink metadata;
  private final int maxDecodedBytes;
  private final Pool<RemoteWriteDecoder> remoteWrite;
  private final Pool<BodyBuffer> bodies = new Pool<>(BodyBuffer::new);
  private final Pool<Appender> appenders;
  private final Pool<TextDecoder> text;
  private final Pool<InfluxDecoder> influx;
  private final Pool<JsonLineDecoder> jsonLines;
  private final Counter samples;
  private final Counter rejected;
  private final Counter requests;
  private final WriteAdmission admission;

  /**
   * Writes into {@code storage}; metadata goes to {@code metadata}. At most {@code maxConcurrent}
   * requests are decoded at once; others wait up to {@code queueTimeout}, then get 429. Requests
   * whose bodies would bring the bytes in progress over {@code maxBytesInFlight} get 429 at once; a
   * body of unknown length counts as {@code maxRequestBytes}.
   */
  public WriteApi(
      Appendable storage,
      MetadataSink metadata,
      int maxDecodedBytes,
      int maxConcurrent,
      Duration queueTimeout,
      long maxBytesInFlight,
      long maxRequestBytes,
      MetricsRegistry registry) {
    this.admission =
        new WriteAdmission(maxConcurrent, queueTimeout, maxBytesInFlight, maxRequestBytes);
    this.storage = storage;
    this.appenders = new Pool<>(storage::appender);
    this.metadata = metadata;
    this.maxDecodedBytes = maxDecodedBytes;
    SeriesRefCache seriesCache = new SeriesRefCache(SERIES_CACHE_SLOTS);
    this.remoteWrite =
        new Pool<>(
            () ->
                new RemoteWriteDecoder(this.maxDecodedBytes, LabelRules.DEFAULT)
                    .metadataSink(this.metadata)
                    .seriesCache(seriesCache));
    this.text = new Pool<>(() -> new TextDecoder(LabelRules.DEFAULT).metadataSink(this.metadata));
    this.influx = new Pool<>(InfluxDecoder::new);
    this.jsonLines = new Pool<>(() -> new JsonLineDecoder(LabelRules.DEFAULT));
    this.samples =
        registry.register(
            new Counter("vigil_ingest_samples_total", "Samples stored, by protocol.", "protocol"),
            "vigil_ingest_samples_total");
    this.rejected =
        registry.register(
            new Counter(
                "vigil_ingest_samples_rejected_total",
                "Samples refused (bad series, limits, unparsable lines), by protocol.",
                "protocol"),
            "vigil_ingest_samples_rejected_total");
    this.requests =
        registry.register(
            new Counter(
                "vigil_ingest_requests_total",
                "Write requests by protocol and outcome (ok, partial, malformed, refused at commit, failed, shed).",
                "protocol",
                "outcome"),
            "vigil_ingest_requests_total");
  }

  /** {@code POST /api/v1/write}. */
  public void remoteWrite(Context ctx) {
    RemoteWriteVersion version;
    Compression compression;
    try {
      version = RemoteWriteVersion.fromContentType(ctx.header("Content-Type"));
      compression = Compression.fromContentEncoding(ctx.header("Content-Encoding"));
    } catch (IngestException e) {
      throw refused(e, "remote_write");
    }
    String protocol = version == RemoteWriteVersion.V1 ? "remote_write" : "remote_write_v2";
    WriteStats stats =
        write(
            ctx,
            protocol,
            remoteWrite,
            (d, app) -> {
              BodyBuffer body = bodies.take().read(ctx);
              try {
                return d.decode(body.bytes(), 0, body.length(), compression, version, app);
              } finally {
                if (body.worthKeeping()) {
                  bodies.give(body);
                }
              }
            });
    if (version == RemoteWriteVersion.V2) {
      ctx.header(RemoteWriteVersion.SAMPLES_WRITTEN_HEADER, Long.toString(stats.samplesWritten()));
      ctx.header(RemoteWriteVersion.HISTOGRAMS_WRITTEN_HEADER, "0");
      ctx.header(RemoteWriteVersion.EXEMPLARS_WRITTEN_HEADER, "0");
    }
    answer(ctx, protocol, stats);
  }

  /** {@code POST /api/v1/import/prometheus}. */
  public void importPrometheus(Context ctx) {
    TextFormat format = TextFormat.fromContentType(ctx.header("Content-Type"));
    Labels extra = extraLabels(ctx.queryParams("extra_label"));
    long now = System.currentTimeMillis();
    String protocol = "import_prometheus";
    WriteStats stats =
        write(
            ctx,
            protocol,
            text,
            (d, app) -> {
              byte[] body = RequestBody.decoded(ctx, maxDecodedBytes);
              return d.decode(body, 0, body.length, format, now, false, extra, app);
            });
    answer(ctx, protocol, stats);
  }

  /**
   * {@code POST /api/v1/import}: VictoriaMetrics' JSON lines, as {@code GET /api/v1/export} writes
   * them, with {@code extra_label=name=value} parameters.
   */
  public void importJson(Context ctx) {
    Labels extra = extraLabels(ctx.queryParams("extra_label"));
    String protocol = "import_json";
    WriteStats stats =
        write(
            ctx,
            protocol,
            jsonLines,
            (d, app) -> {
              byte[] body = RequestBody.decoded(ctx, maxDecodedBytes);
              return d.decode(body, 0, body.length, extra, app);
            });
    answer(ctx, protocol, stats);
  }

  /** {@code POST /write} (Influx 1.x) and {@code POST /api/v2/write} (Influx 2.x). */
  public void influx(Context ctx) {
    Precision precision;
    try {
      precision = Precision.fromQuery(ctx.queryParam("precision"));
    } catch (IngestException e) {
      throw refused(e, "influx");
    }
    String db = ctx.queryParam("db");
    if (db == null || db.isEmpty()) {
      db = ctx.queryParam("bucket");
    }
    Labels defaults = db == null || db.isEmpty() ? Labels.empty() : Labels.of("db", db);
    long now = System.currentTimeMillis();
    String protocol = "influx";
    WriteStats stats =
        write(
            ctx,
            protocol,
            influx,
            (d, app) -> {
              byte[] body = RequestBody.decoded(ctx, maxDecodedBytes);
              return d.decode(body, 0, body.length, precision, now, defaults, app);
            });
    answer(ctx, protocol, stats);
  }

  /** No write could be admitted (server saturated): the sender should retry later. */
  public static final class OverloadedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OverloadedException(String message) {
      super(message);
    }
  }

  /**
   * Runs a write that does not arrive on one of this class's routes (OTLP over HTTP and gRPC,
   * StatsD) with the same admission (weighed as a body of {@code server.max_request_size}), batch
   * and commit: {@code decode} appends to the batch, which is committed when it returns and rolled
   * back when it throws. Count the outcome with {@link #count}.
   *
   * @throws OverloadedException when it cannot be admitted (nothing was read)
   * @throws IngestException when the input is refused as a whole (rolled back, counted)
   */
  public <R> R write(String protocol, java.util.function.Function<Appender, R> decode) {
    long weight = admission.weight(-1);
    WriteAdmission.Refusal refusal = admission.admit(weight);
    if (refusal != null) {
      requests.labels(protocol, "shed").inc();
      throw new OverloadedException(protocol + ": " + refusal.reason + "; retry later");
    }
    try {
      Appender app = storage.appender();
      try {
        R result = decode.apply(app);
        app.commit();
        return result;
      } catch (IngestException e) {
        app.rollback();
        requests.labels(protocol, "malformed").inc();
        throw e;
      } catch (StorageException e) {
        app.rollback();
        throw refused(e, protocol);
      } catch (RuntimeException e) {
        app.rollback();
        throw e;
      }
    } finally {
      admission.release(weight);
    }
  }

  /** Counts a write done through {@link #write(String, java.util.function.Function)}. */
  public void count(String protocol, WriteStats stats) {
    samples.labels(protocol).inc(stats.samplesWritten());
    rejected.labels(protocol).inc(stats.samplesRejected());
    requests.labels(protocol, stats.complete() ? "ok" : "partial").inc();
  }

  private interface Decode<D> {
    WriteStats run(D decoder, Appender app);
  }

  /**
   * Admits this request, or answers 429 with Retry-After when the server is saturated: writers back
   * off instead of the server running out of memory.
   */
  private <D> WriteStats write(Context ctx, String protocol, Pool<D> pool, Decode<D> decode) {
    long weight = admission.weight(ctx.req().getContentLengthLong());
    WriteAdmission.Refusal refusal = admission.admit(weight);
    if (refusal != null) {
      requests.labels(protocol, "shed").inc();
      ctx.header("Retry-After", "1");
      throw new ApiException(
          429, ErrorType.UNAVAILABLE, protocol + ": " + refusal.reason + "; retry later");
    }
    try {
      return decodeAndCommit(protocol, pool, decode);
    } finally {
      admission.release(weight);
    }
  }

  private <D> WriteStats decodeAndCommit(String protocol, Pool<D> pool, Decode<D> decode) {
    D decoder = pool.take();
    Appender app = appenders.take();
    try {
      WriteStats stats = decode.run(decoder, app);
      app.commit();
      return stats;
    } catch (IngestException e) {
      app.rollback();
      requests.labels(protocol, "malformed").inc();
      throw refused(e, protocol);
    } catch (StorageException e) {
      app.rollback();
      throw refused(e, protocol);
    } catch (RuntimeException e) {
      app.rollback();
      throw e;
    } finally {
      pool.give(decoder);
      appenders.give(app);
    }
  }

  /**
   * A refusal by the store is an answer for the client, never a 500. A sample that fell behind a
   * block cut or hit a limit between append and commit is bad data for this store (400 with the
   * store's reason, as when the same sample is refused while appending; nothing of the batch was
   * stored); a write-ahead log that cannot be written is the server's trouble, so the client gets
   * 503 and may send the same batch again.
   */
  private ApiException refused(StorageException e, String protocol) {
    if (e instanceof OutOfOrderException
        || e instanceof OutOfBoundsException
        || e instanceof LimitExceededException
        || e instanceof InvalidSeriesException) {
      requests.labels(protocol, "refused").inc();
      return ApiException.badData(protocol + ": " + e.getMessage());
    }
    requests.labels(protocol, "failed").inc();
    LOG.warn("{}: write failed: {}", protocol, e.toString());
    return new ApiException(
        503, ErrorType.UNAVAILABLE, protocol + ": " + e.getMessage() + "; retry later");
  }

  private void answer(Context ctx, String protocol, WriteStats stats) {
    samples.labels(protocol).inc(stats.samplesWritten());
    rejected.labels(protocol).inc(stats.samplesRejected());
    if (!stats.complete()) {
      requests.labels(protocol, "partial").inc();
      throw ApiException.badData(protocol + ": " + stats.errorSummary().strip());
    }
    requests.labels(protocol, "ok").inc();
    ctx.status(204);
  }

  /** Parses {@code extra_label=name=value} parameters. */
  private static Labels extraLabels(List<String> params) {
    if (params.isEmpty()) {
      return Labels.empty();
    }
    Labels.Builder b = Labels.builder();
    for (String p : params) {
      int eq = p.indexOf('=');
      if (eq <= 0) {
        throw ApiException.badData(
            "invalid parameter \"extra_label\": \"" + p + "\" must be name=value");
      }
      String name = p.substring(0, eq);
      if (!LabelRules.DEFAULT.isValidLabelName(name)) {
        throw ApiException.badData(
            "invalid parameter \"extra_label\": bad label name \"" + name + "\"");
      }
      b.set(name, p.substring(eq + 1));
    }
    return b.build();
  }

  private static ApiException refused(IngestException e, String protocol) {
    int status = e.httpStatus();
    ErrorType type = status == 413 ? ErrorType.TOO_LARGE : ErrorType.BAD_DATA;
    return new ApiException(status, type, protocol + ": " + e.getMessage());
  }

  /** Decoders keep buffers between requests; each is used by one request at a time. */
  private static final class Pool<D> {
    private final ConcurrentLinkedQueue<D> idle = new ConcurrentLinkedQueue<>();
    private final Supplier<D> factory;

    Pool(Supplier<D> factory) {
      this.factory = factory;
    }

    D take() {
      D d = idle.poll();
      return d == null ? factory.get() : d;
    }

    void give(D d) {
      if (idle.size() < 64) {
        idle.offer(d);
      }
    }
  }
}
