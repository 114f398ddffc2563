package dev.vigil.server.api.prom;

import dev.vigil.core.model.Matcher;
import dev.vigil.core.model.Values;
import dev.vigil.core.storage.Querier;
import dev.vigil.core.storage.Queryable;
import dev.vigil.core.storage.SampleIterator;
import dev.vigil.core.storage.SeriesSet;
import dev.vigil.core.storage.ValueType;
import dev.vigil.core.time.Timestamps;
import dev.vigil.ingest.jsonline.JsonLineWriter;
import dev.vigil.server.http.ApiException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /api/v1/export}: the raw samples of every series matching the {@code match[]}
 * selectors between {@code start} and {@code end} (default: all time), as VictoriaMetrics exports
 * them — one JSON object per series and line, {@code {"metric":{...},"values":[...],
 * "timestamps":[...]}} — so that {@code POST /api/v1/import} on another Vigil (or a
 * VictoriaMetrics) takes them back. Staleness markers are left out. Lines are streamed as series
 * are read, so the export of a large store does not sit in memory; a series seen by two selectors
 * is written once.
 */
public final class ExportApi {
  private static final int FLUSH_BYTES = 64 << 10;

  private final Queryable storage;

  /** Exports from {@code storage}. */
  public ExportApi(Queryable storage) {
    this.storage = storage;
  }

  /** Handles the request. */
  public void export(Context ctx) {
    List<Matcher[]> selectors = Params.selectors(ctx);
    if (selectors.isEmpty()) {
      throw ApiException.badData("no match[] parameter provided");
    }
    long start = Params.time(ctx, "start", Timestamps.MIN_MILLIS);
    long end = Params.time(ctx, "end", Timestamps.MAX_MILLIS);
    MetadataApi.checkRange(start, end);
    ctx.contentType("application/stream+json");
    StringBuilder line = new StringBuilder(4096);
    long[] ts = new long[256];
    double[] vs = new double[256];
    Set<dev.vigil.core.model.Labels> seen = new HashSet<>();
    try (Querier q = storage.querier(start, end)) {
      OutputStream out = ctx.outputStream();
      for (Matcher[] ms : selectors) {
        SeriesSet set = q.select(true, null, ms);
        SampleIterator it = null;
        while (set.next()) {
          if (selectors.size() > 1 && !seen.add(set.at().labels())) {
            continue;
          }
          it = set.at().iterator(it);
          int n = 0;
          for (ValueType vt = it.seek(start); vt != ValueType.NONE; vt = it.next()) {
            if (it.atT() > end) {
              break;
            }
            if (vt != ValueType.FLOAT || Values.isStaleNaN(it.atF())) {
              continue;
            }
            if (n == ts.length) {
              ts = Arrays.copyOf(ts, 2 * n);
              vs = Arrays.copyOf(vs, 2 * n);
            }
            ts[n] = it.atT();
            vs[n] = it.atF();
            n++;
          }
          if (n > 0) {
            JsonLineWriter.append(line, set.at().labels(), ts, vs, n);
          }
          if (line.length() >= FLUSH_BYTES) {
            out.write(line.toString().getBytes(StandardCharsets.UTF_8));
            line.setLength(0);
          }
        }
      }
      out.write(line.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
