package dev.vigil.server.api.prom;

import dev.vigil.server.http.Json;
import dev.vigil.tsdb.Tsdb;
import dev.vigil.tsdb.head.Head;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Prometheus's TSDB status and admin routes. {@code POST /api/v1/admin/tsdb/snapshot} writes a
 * consistent copy of the metrics store to {@code <data>/snapshots/<name>} (blocks hard-linked, the
 * in-memory head written as one more block; it always includes the head) and answers the name, as
 * Prometheus does. The folder can be opened as a data folder of its own. {@code delete_series} and
 * {@code clean_tombstones} delete data as Prometheus's routes of those names do.
 */
public final class AdminApi {
  private static final DateTimeFormatter NAME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", java.util.Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private final Supplier<Tsdb> tsdb;
  private final Path snapshots;

  /** Snapshots {@code tsdb} into {@code snapshots}. */
  public AdminApi(Supplier<Tsdb> tsdb, Path snapshots) {
    this.tsdb = tsdb;
    this.snapshots = snapshots;
  }

  /**
   * {@code GET /api/v1/status/tsdb?limit=N}: head cardinality in Prometheus's shape (top 10 by
   * default).
   */
  public void status(Context ctx) {
    Tsdb db = open();
    int limit = Params.limit(ctx);
    Head.Status st = db.head().status(limit == 0 ? 10 : limit);
    Map<String, Object> head = new LinkedHashMap<>();
    head.put("numSeries", st.numSeries());
    head.put("numLabelPairs", st.numLabelPairs());
    head.put("chunkCount", st.chunkCount());
    head.put("minTime", st.numSeries() == 0 ? 0 : st.minTime());
    head.put("maxTime", st.numSeries() == 0 ? 0 : st.maxTime());
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("headStats", head);
    data.put("seriesCountByMetricName", st.seriesCountByMetricName());
    data.put("labelValueCountByLabelName", st.labelValueCountByLabelName());
    data.put("memoryInBytesByLabelName", st.memoryInBytesByLabelName());
    data.put("seriesCountByLabelValuePair", st.seriesCountByLabelValuePair());
    Json.success(ctx, data);
  }

  private Tsdb open() {
    Tsdb db = tsdb.get();
    if (db == null) {
      throw new dev.vigil.server.http.ApiException(
          503, dev.vigil.server.http.ErrorType.UNAVAILABLE, "the metrics store is not open");
    }
    return db;
  }

  /** {@code POST|PUT /api/v1/admin/tsdb/snapshot}. */
  public void snapshot(Context ctx) {
    Tsdb db = open();
    byte[] rnd = new byte[8];
    ThreadLocalRandom.current().nextBytes(rnd);
    String name =
        NAME.format(ZonedDateTime.now(ZoneOffset.UTC)) + "-" + HexFormat.of().formatHex(rnd);
    try {
      db.snapshot(snapshots.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException("snapshot " + name + " failed", e);
    }
    Json.success(ctx, Map.of("name", name));
  }

  /**
   * {@code POST|PUT /api/v1/admin/tsdb/delete_series?match[]=...&start=...&end=...}: deletes the
   * samples of the matching series in {@code [start, end]} (default: all time) and answers 204, as
   * Prometheus does. The deletion is durable before the answer; the disk space comes back when the
   * blocks are compacted or at {@code clean_tombstones}.
   */
  public void deleteSeries(Context ctx) {
    Tsdb db = open();
    List<dev.vigil.core.model.Matcher[]> selectors = Params.selectors(ctx);
    if (selectors.isEmpty()) {
      throw dev.vigil.server.http.ApiException.badData("no match[] parameter provided");
    }
    long start = Params.time(ctx, "start", Long.MIN_VALUE);
    long end = Params.time(ctx, "end", Long.MAX_VALUE);
    if (start > end) {
      throw dev.vigil.server.http.ApiException.badData(
          "invalid parameter \"end\": end timestamp must not be before start time");
    }
    try {
      for (dev.vigil.core.model.Matcher[] ms : selectors) {
        db.delete(start, end, ms);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("deleting series failed", e);
    }
    ctx.status(204);
  }

  /**
   * {@code POST|PUT /api/v1/admin/tsdb/clean_tombstones}: rewrites the blocks with deletions
   * without the deleted samples; answers 204.
   */
  public void cleanTombstones(Context ctx) {
    Tsdb db = open();
    try {
      db.cleanTombstones();
    } catch (IOException e) {
      throw new UncheckedIOException("cleaning tombstones failed", e);
    }
    ctx.status(204);
  }
}
