package dev.vigil.server.api.prom;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.core.storage.Queryable;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.ast.Printer;
import dev.vigil.promql.engine.Engine;
import dev.vigil.promql.engine.QueryException;
import dev.vigil.promql.engine.QueryResult;
import dev.vigil.promql.parser.ParseException;
import dev.vigil.server.http.ApiException;
import dev.vigil.server.http.DisconnectWatch;
import dev.vigil.server.http.ErrorType;
import dev.vigil.server.http.Json;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prometheus's query routes: {@code /api/v1/query}, {@code /api/v1/query_range} and {@code
 * /api/v1/format_query}, with Prometheus's parameters, limits, error types and JSON shapes. The
 * engine enforces the limits (concurrency, timeout, samples, series); this class maps its errors to
 * HTTP, cancels the evaluation when the client goes away, and logs slow queries.
 */
public final class QueryApi {
  private static final Logger LOG = LoggerFactory.getLogger(QueryApi.class);

  /** Prometheus refuses range queries with more points per series than this. */
  static final long MAX_POINTS = 11_000;

  private final Queryable storage;
  private final Engine engine;
  private final Duration slowThreshold;

  /**
   * Serves queries over {@code storage}; queries that take {@code slowThreshold} or longer are
   * logged ({@code 0}: none).
   */
  public QueryApi(Queryable storage, Engine engine, Duration slowThreshold) {
    this.storage = storage;
    this.engine = engine;
    this.slowThreshold = slowThreshold;
  }

  /** {@code GET|POST /api/v1/query}. */
  public void instant(Context ctx) {
    String query = requiredQuery(ctx);
    long time = Params.time(ctx, "time", System.currentTimeMillis());
    Expr expr = parse(query);
    Duration timeout = timeout(ctx);
    QueryResult r =
        run(ctx, query, time, time, 0, () -> engine.instantQuery(storage, expr, time, timeout));
    write(ctx, r, wantStats(ctx));
  }

  /** {@code GET|POST /api/v1/query_range}. */
  public void range(Context ctx) {
    String query = requiredQuery(ctx);
    if (Params.first(ctx, "start") == null) {
      throw ApiException.badData("invalid parameter \"start\": missing");
    }
    if (Params.first(ctx, "end") == null) {
      throw ApiException.badData("invalid parameter \"end\": missing");
    }
    long start = Params.time(ctx, "start", 0);
    long end = Params.time(ctx, "end", 0);
    MetadataApi.checkRange(start, end);
    long step = Params.duration(ctx, "step");
    if (step <= 0) {
      throw ApiException.badData(
          "invalid parameter \"step\": zero or negative query resolution step widths are not"
              + " accepted. Try a positive integer");
    }
    if ((end - start) / step > MAX_POINTS) {
      throw ApiException.badData(
          "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query"
              + " resolution (?step=XX)");
    }
    Expr expr = parse(query);
    Duration timeout = timeout(ctx);
    QueryResult r =
        run(
            ctx,
            query,
            start,
            end,
            step,
            () -> engine.rangeQuery(storage, expr, start, end, step, timeout));
    write(ctx, r, wantStats(ctx));
  }

  /** {@code GET|POST /api/v1/format_query}: the query pretty-printed. */
  public void format(Context ctx) {
    Json.success(ctx, Printer.print(parse(requiredQuery(ctx))));
  }

  /** {@code GET|POST /api/v1/parse_query}: the query's syntax tree, in Prometheus 3's shape. */
  public void parseQuery(Context ctx) {
    Json.success(ctx, AstJson.of(parse(requiredQuery(ctx))));
  }

  /**
   * {@code GET|POST /api/v1/query_exemplars}: the query is checked, and the answer is empty — Vigil
   * counts exemplars it receives but does not store them yet.
   */
  public void exemplars(Context ctx) {
    parse(requiredQuery(ctx));
    long start = Params.time(ctx, "start", dev.vigil.core.time.Timestamps.MIN_MILLIS);
    long end = Params.time(ctx, "end", dev.vigil.core.time.Timestamps.MAX_MILLIS);
    MetadataApi.checkRange(start, end);
    Json.success(ctx, List.of());
  }

  private static String requiredQuery(Context ctx) {
    String q = Params.first(ctx, "query");
    if (q == null || q.isBlank()) {
      throw ApiException.badData("invalid parameter \"query\": missing");
    }
    return q;
  }

  private Expr parse(String query) {
    try {
      return engine.parse(query);
    } catch (ParseException e) {
      throw ApiException.badData("invalid parameter \"query\": " + e.getMessage());
    }
  }

  private interface Evaluation {
    QueryResult run();
  }

  /** Threads that evaluate queries; the engine bounds how many evaluate at once. */
  private static final ExecutorService EVALUATORS =
      Executors.newCachedThreadPool(
          Thread.ofPlatform().daemon().name("promql-query-", 0).factory());

  /** Waits for an evaluation; its exceptions are rethrown as they were thrown. */
  private static QueryResult await(Future<QueryResult> running) {
    try {
      return running.get();
    } catch (InterruptedException e) {
      running.cancel(true);
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    }
  }

  private QueryResult run(
      Context ctx, String query, long start, long end, long step, Evaluation eval) {
    long started = System.nanoTime();
    String outcome = "ok";
    // Evaluation is CPU-bound: it runs on a platform thread, so that the HTTP server's virtual
    // threads (a few carriers) stay free to answer other requests meanwhile.
    Future<QueryResult> running = EVALUATORS.submit(eval::run);
    DisconnectWatch watch = DisconnectWatch.start(ctx, () -> running.cancel(true));
    try {
      return await(running);
    } catch (QueryException e) {
      outcome = e.kind().errorType();
      throw switch (e.kind()) {
        case TIMEOUT -> new ApiException(503, ErrorType.TIMEOUT, e.getMessage());
        // 499 as Prometheus answers (nginx's "client closed request"); nobody reads it.
        case CANCELED -> new ApiException(499, ErrorType.CANCELED, e.getMessage());
        case UNAVAILABLE ->
            new ApiException(
                503, ErrorType.UNAVAILABLE, e.getMessage() + " (query.max_concurrency)");
        case TOO_MANY_SAMPLES ->
            new ApiException(
                422,
                ErrorType.EXECUTION,
                e.getMessage() + " (query.max_samples=" + engine.options().maxSamples() + ")");
        case TOO_MANY_SERIES ->
            new ApiException(
                422,
                ErrorType.EXECUTION,
                e.getMessage() + " (query.max_series=" + engine.options().maxSeries() + ")");
        case EXECUTION -> new ApiException(422, ErrorType.EXECUTION, e.getMessage());
      };
    } catch (CancellationException e) {
      outcome = "canceled";
      throw new ApiException(499, ErrorType.CANCELED, "query was canceled: the client went away");
    } finally {
      watch.close();
      long millis = (System.nanoTime() - started) / 1_000_000;
      if (!slowThreshold.isZero() && millis >= slowThreshold.toMillis()) {
        logSlow(ctx, query, start, end, step, millis, outcome);
      }
    }
  }

  /** One line per slow query; with {@code --log.format=json} its fields are JSON fields. */
  private static void logSlow(
      Context ctx, String query, long start, long end, long step, long millis, String outcome) {
    LOG.atWarn()
        .addKeyValue("query", query)
        .addKeyValue("start", PromJson.timestamp(start))
        .addKeyValue("end", PromJson.timestamp(end))
        .addKeyValue("step", step / 1000.0)
        .addKeyValue("duration_ms", millis)
        .addKeyValue("outcome", outcome)
        .addKeyValue("client", ctx.ip())
        .log(
            "slow query ({} ms, {}) from {}: {} start={} end={} step={}ms",
            millis,
            outcome,
            ctx.ip(),
            query,
            start,
            end,
            step);
  }

  /** The request's {@code timeout} parameter; the engine bounds it by {@code query.timeout}. */
  private static Duration timeout(Context ctx) {
    String t = Params.first(ctx, "timeout");
    if (t == null || t.isEmpty()) {
      return Duration.ZERO;
    }
    long ms = Params.duration(ctx, "timeout");
    return ms <= 0 ? Duration.ZERO : Duration.ofMillis(ms);
  }

  /**
   * {@code stats} (any value, as Prometheus accepts {@code stats=all}) asks for query statistics.
   */
  private static boolean wantStats(Context ctx) {
    String s = Params.first(ctx, "stats");
    return s != null && !s.isEmpty();
  }

  private static void write(Context ctx, QueryResult r, boolean stats) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeStringField("status", "success");
      g.writeObjectFieldStart("data");
      QueryResult.Value v = r.value();
      g.writeStringField("resultType", v.resultType());
      g.writeFieldName("result");
      switch (v) {
        case QueryResult.Scalar s -> PromJson.point(g, s.t(), s.v());
        case QueryResult.StringValue s -> {
          g.writeStartArray();
          g.writeRawValue(PromJson.timestamp(s.t()));
          g.writeString(s.v());
          g.writeEndArray();
        }
        case QueryResult.Vector vec -> {
          g.writeStartArray();
          for (QueryResult.Sample s : vec.samples()) {
            g.writeStartObject();
            g.writeFieldName("metric");
            PromJson.labels(g, s.labels());
            g.writeFieldName("value");
            PromJson.point(g, s.t(), s.v());
            g.writeEndObject();
          }
          g.writeEndArray();
        }
        case QueryResult.Matrix m -> {
          g.writeStartArray();
          for (QueryResult.Series s : m.series()) {
            g.writeStartObject();
            g.writeFieldName("metric");
            PromJson.labels(g, s.labels());
            g.writeArrayFieldStart("values");
            long[] ts = s.timestamps();
            double[] vs = s.values();
            for (int i = 0; i < s.size(); i++) {
              PromJson.point(g, ts[i], vs[i]);
            }
            g.writeEndArray();
            g.writeEndObject();
          }
          g.writeEndArray();
        }
      }
      if (stats) {
        // Prometheus's shape; Vigil measures evaluation time and samples loaded.
        double evalSeconds = r.stats().evalNanos() / 1e9;
        g.writeObjectFieldStart("stats");
        g.writeObjectFieldStart("timings");
        g.writeNumberField("evalTotalTime", evalSeconds);
        g.writeNumberField("resultSortTime", 0);
        g.writeNumberField("queryPreparationTime", 0);
        g.writeNumberField("innerEvalTime", evalSeconds);
        g.writeNumberField("execQueueTime", 0);
        g.writeNumberField("execTotalTime", evalSeconds);
        g.writeEndObject();
        g.writeObjectFieldStart("samples");
        g.writeNumberField("totalQueryableSamples", r.stats().samplesLoaded());
        // The engine counts every sample it loads, so this is an upper bound of the peak.
        g.writeNumberField("peakSamples", r.stats().samplesLoaded());
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndObject();
      writeList(g, "warnings", r.warnings());
      writeList(g, "infos", r.infos());
      g.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a query result", e);
    }
    ctx.contentType("application/json").result(out.toByteArray());
  }

  private static void writeList(JsonGenerator g, String name, List<String> items)
      throws IOException {
    if (items.isEmpty()) {
      return;
    }
    g.writeArrayFieldStart(name);
    for (String s : items) {
      g.writeString(s);
    }
    g.writeEndArray();
  }
}
