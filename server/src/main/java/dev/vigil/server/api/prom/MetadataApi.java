package dev.vigil.server.api.prom;

import dev.vigil.core.model.Labels;
import dev.vigil.core.model.Matcher;
import dev.vigil.core.model.Utf8Order;
import dev.vigil.core.storage.Querier;
import dev.vigil.core.storage.Queryable;
import dev.vigil.core.storage.SeriesSet;
import dev.vigil.core.time.Timestamps;
import dev.vigil.server.http.ApiException;
import dev.vigil.server.http.Json;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Prometheus's metadata routes over any {@link Queryable}: {@code /api/v1/series}, {@code
 * /api/v1/labels} and {@code /api/v1/label/<name>/values}, in Prometheus's exact response shapes,
 * with {@code start}, {@code end}, repeated {@code match[]} and {@code limit}.
 */
public final class MetadataApi {
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private final Queryable storage;

  /** Serves metadata from {@code storage}. */
  public MetadataApi(Queryable storage) {
    this.storage = storage;
  }

  /** {@code GET|POST /api/v1/series}. */
  public void series(Context ctx) {
    List<Matcher[]> selectors = Params.selectors(ctx);
    if (selectors.isEmpty()) {
      throw ApiException.badData("no match[] parameter provided");
    }
    long start = Params.time(ctx, "start", Timestamps.MIN_MILLIS);
    long end = Params.time(ctx, "end", Timestamps.MAX_MILLIS);
    checkRange(start, end);
    int limit = Params.limit(ctx);
    Set<Labels> seen = new TreeSet<>();
    try (Querier q = storage.querier(start, end)) {
      for (Matcher[] ms : selectors) {
        SeriesSet set = q.select(false, null, ms);
        while (set.next()) {
          seen.add(set.at().labels());
        }
        rethrow(set.err());
      }
    }
    List<Map<String, String>> data = new ArrayList<>();
    for (Labels l : seen) {
      if (limit > 0 && data.size() >= limit) {
        break;
      }
      data.add(l.toMap());
    }
    Json.success(ctx, data);
  }

  /** {@code GET|POST /api/v1/labels}. */
  public void labelNames(Context ctx) {
    long start = Params.time(ctx, "start", Timestamps.MIN_MILLIS);
    long end = Params.time(ctx, "end", Timestamps.MAX_MILLIS);
    checkRange(start, end);
    List<Matcher[]> selectors = Params.selectors(ctx);
    int limit = Params.limit(ctx);
    Set<String> names = new LinkedHashSet<>();
    try (Querier q = storage.querier(start, end)) {
      if (selectors.isEmpty()) {
        names.addAll(q.labelNames());
      } else {
        for (Matcher[] ms : selectors) {
          names.addAll(q.labelNames(ms));
        }
      }
    }
    Json.success(ctx, sortedLimited(names, limit));
  }

  /** {@code GET /api/v1/label/{name}/values}. */
  public void labelValues(Context ctx) {
    String name = ctx.pathParam("name");
    if (name.startsWith("U__")) {
      name = unescapeUtf8Name(name);
    }
    if (!LABEL_NAME.matcher(name).matches()) {
      throw ApiException.badData("invalid label name: \"" + name + "\"");
    }
    long start = Params.time(ctx, "start", Timestamps.MIN_MILLIS);
    long end = Params.time(ctx, "end", Timestamps.MAX_MILLIS);
    checkRange(start, end);
    List<Matcher[]> selectors = Params.selectors(ctx);
    int limit = Params.limit(ctx);
    Set<String> values = new LinkedHashSet<>();
    try (Querier q = storage.querier(start, end)) {
      if (selectors.isEmpty()) {
        values.addAll(q.labelValues(name));
      } else {
        for (Matcher[] ms : selectors) {
          values.addAll(q.labelValues(name, ms));
        }
      }
    }
    Json.success(ctx, sortedLimited(values, limit));
  }

  private static List<String> sortedLimited(Set<String> values, int limit) {
    List<String> out = new ArrayList<>(values);
    out.sort(Utf8Order::compare);
    return limit > 0 && out.size() > limit ? out.subList(0, limit) : out;
  }

  static void checkRange(long start, long end) {
    if (end < start) {
      throw ApiException.badData(
          "invalid parameter \"end\": end timestamp must not be before start time");
    }
  }

  private static void rethrow(Throwable err) {
    if (err instanceof RuntimeException re) {
      throw re;
    }
    if (err != null) {
      throw new IllegalStateException(err);
    }
  }

  /**
   * Decodes Prometheus's {@code U__} escaping of label names in URLs: {@code _5f_} style hex
   * escapes between underscores and {@code __} for a literal underscore.
   */
  static String unescapeUtf8Name(String escaped) {
    String s = escaped.substring(3);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '_') {
        out.append(c);
        continue;
      }
      if (i + 1 < s.length() && s.charAt(i + 1) == '_') {
        out.append('_');
        i++;
        continue;
      }
      int close = s.indexOf('_', i + 1);
      if (close < 0) {
        throw ApiException.badData("invalid escaped label name: \"" + escaped + "\"");
      }
      try {
        out.appendCodePoint(Integer.parseInt(s.substring(i + 1, close), 16));
      } catch (IllegalArgumentException e) {
        throw ApiException.badData("invalid escaped label name: \"" + escaped + "\"");
      }
      i = close;
    }
    return out.toString();
  }
}
