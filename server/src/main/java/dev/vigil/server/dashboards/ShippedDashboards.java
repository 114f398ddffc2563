package dev.vigil.server.dashboards;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.server.http.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dashboards that ship inside the jar ({@code dev/vigil/server/dashboards/shipped/<id>.json}):
 * read-only, listed beside the stored ones, and editable once duplicated into the store. Each is
 * checked by {@link DashboardJson} when loaded, so a broken one fails the start, not the page.
 */
public final class ShippedDashboards {
  /** The shipped dashboards' ids, in the order the list shows them. */
  public static final List<String> IDS =
      List.of("host-overview", "vigil-self", "postgresql", "mysql", "http-probes");

  private final Map<String, ObjectNode> byId;

  private ShippedDashboards(Map<String, ObjectNode> byId) {
    this.byId = Collections.unmodifiableMap(byId);
  }

  /** Every shipped dashboard. */
  public static ShippedDashboards load() {
    Map<String, ObjectNode> out = new LinkedHashMap<>();
    for (String id : IDS) {
      String path = "shipped/" + id + ".json";
      try (InputStream in = ShippedDashboards.class.getResourceAsStream(path)) {
        if (in == null) {
          throw new IllegalStateException("shipped dashboard " + path + " is not in the jar");
        }
        ObjectNode doc = (ObjectNode) Json.MAPPER.readTree(in);
        DashboardJson.check(doc);
        out.put(id, doc);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read shipped dashboard " + path, e);
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException("shipped dashboard " + path + ": " + e.getMessage(), e);
      }
    }
    return new ShippedDashboards(out);
  }

  /** None: for a server started with the shipped dashboards turned off. */
  public static ShippedDashboards none() {
    return new ShippedDashboards(Map.of());
  }

  /** The shipped dashboards by id, in list order. */
  public Map<String, ObjectNode> all() {
    return byId;
  }

  /** A copy of the shipped dashboard {@code id}, if there is one. */
  public Optional<ObjectNode> get(String id) {
    ObjectNode d = byId.get(id);
    return d == null ? Optional.empty() : Optional.of(d.deepCopy());
  }
}
