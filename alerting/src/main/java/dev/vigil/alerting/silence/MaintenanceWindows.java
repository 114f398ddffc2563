package dev.vigil.alerting.silence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.alerting.notify.Muter;
import dev.vigil.core.meta.MetaStore;
import dev.vigil.core.meta.Migration;
import dev.vigil.core.model.Labels;
import dev.vigil.core.model.Matcher;
import dev.vigil.core.time.Durations;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The recurring maintenance windows, kept in the metadata store (table {@code maintenance_windows},
 * one JSON document a window in the shape {@link #toJson} writes and {@link #fromJson} reads), and
 * a {@link Muter} over them that answers {@code maintenance:<id>} for each open window that accepts
 * an alert. Thread-safe.
 */
public final class MaintenanceWindows implements Muter {
  /** The schema (version 242, in the range of history and acknowledgements). */
  public static final List<Migration> MIGRATIONS =
      List.of(
          new Migration(
              242,
              "recurring maintenance windows",
              """
              CREATE TABLE maintenance_windows (
                id TEXT PRIMARY KEY,
                body TEXT NOT NULL
              )
              """));

  private static final ObjectMapper JSON = new ObjectMapper();
  private final MetaStore store;
  private final Map<String, MaintenanceWindow> windows = new LinkedHashMap<>();
  private volatile List<MaintenanceWindow> snapshot = List.of();

  private MaintenanceWindows(MetaStore store) {
    this.store = store;
  }

  /** Loads the windows kept in {@code store}, whose migrations must include {@link #MIGRATIONS}. */
  public static MaintenanceWindows open(MetaStore store) throws SQLException {
    MaintenanceWindows w = new MaintenanceWindows(store);
    store.inTransaction(
        c -> {
          try (PreparedStatement s =
                  c.prepareStatement("SELECT id, body FROM maintenance_windows ORDER BY id");
              ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              try {
                w.windows.put(
                    rs.getString(1), fromJson(JSON.readTree(rs.getString(2)), rs.getString(1)));
              } catch (IOException | IllegalArgumentException e) {
                throw new SQLException(
                    "maintenance window " + rs.getString(1) + " is unreadable: " + e.getMessage(),
                    e);
              }
            }
          }
          return null;
        });
    w.snapshot = List.copyOf(w.windows.values());
    return w;
  }

  /**
   * Stores a new window (its id is ignored) and returns it with its id.
   *
   * @throws SQLException if it cannot be stored
   */
  public synchronized MaintenanceWindow create(MaintenanceWindow w) throws SQLException {
    MaintenanceWindow stored =
        new MaintenanceWindow(
            UUID.randomUUID().toString(),
            w.name(),
            w.matchers(),
            w.every(),
            w.days(),
            w.start(),
            w.duration(),
            w.zone(),
            w.createdBy(),
            w.comment());
    store.inTransaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("INSERT INTO maintenance_windows (id, body) VALUES (?, ?)")) {
            s.setString(1, stored.id());
            s.setString(2, toJson(stored).toString());
            s.executeUpdate();
          }
          return null;
        });
    windows.put(stored.id(), stored);
    snapshot = List.copyOf(windows.values());
    return stored;
  }

  /** Deletes a window; false when there is none with {@code id}. */
  public synchronized boolean delete(String id) throws SQLException {
    if (!windows.containsKey(id)) {
      return false;
    }
    store.inTransaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("DELETE FROM maintenance_windows WHERE id = ?")) {
            s.setString(1, id);
            s.executeUpdate();
          }
          return null;
        });
    windows.remove(id);
    snapshot = List.copyOf(windows.values());
    return true;
  }

  /** The window with {@code id}, if any. */
  public Optional<MaintenanceWindow> get(String id) {
    for (MaintenanceWindow w : snapshot) {
      if (w.id().equals(id)) {
        return Optional.of(w);
      }
    }
    return Optional.empty();
  }

  /** Every window, in creation order. */
  public List<MaintenanceWindow> list() {
    return snapshot;
  }

  @Override
  public List<String> mutedBy(Labels labels, Instant now) {
    List<String> out = null;
    for (MaintenanceWindow w : snapshot) {
      if (w.mutes(labels, now)) {
        if (out == null) {
          out = new ArrayList<>(1);
        }
        out.add("maintenance:" + w.id());
      }
    }
    return out == null ? List.of() : out;
  }

  /**
   * Reads a window from its JSON: {@code name}, {@code matchers} (as in a silence: {@code name},
   * {@code value}, {@code isRegex}, {@code isEqual}), {@code every} ({@code weekly} or {@code
   * monthly}), {@code days} (weekday names, or days of the month), {@code start} ({@code HH:MM}),
   * {@code duration} ({@code 2h}), {@code timeZone} (IANA name; UTC when absent), {@code
   * createdBy}, {@code comment}.
   *
   * @throws IllegalArgumentException naming the field and what is wrong with it
   */
  public static MaintenanceWindow fromJson(JsonNode n, String id) {
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("a maintenance window must be a JSON object");
    }
    String name = text(n, "name", true);
    List<Matcher> matchers = new ArrayList<>();
    JsonNode ms = n.path("matchers");
    if (!ms.isArray()) {
      throw new IllegalArgumentException("matchers: required, a list of matchers");
    }
    for (int i = 0; i < ms.size(); i++) {
      JsonNode m = ms.get(i);
      boolean regex = m.path("isRegex").asBoolean(false);
      boolean equal = m.path("isEqual").asBoolean(true);
      Matcher.Type type =
          regex
              ? (equal ? Matcher.Type.REGEX : Matcher.Type.NOT_REGEX)
              : (equal ? Matcher.Type.EQUAL : Matcher.Type.NOT_EQUAL);
      try {
        matchers.add(
            Silences.matcher(i, type, m.path("name").asText(""), m.path("value").asText("")));
      } catch (SilenceException e) {
        throw new IllegalArgumentException(
            "matchers: " + e.getMessage().replace("silence invalid: ", ""), e);
      }
    }
    MaintenanceWindow.Every every;
    String e = text(n, "every", true);
    try {
      every = MaintenanceWindow.Every.valueOf(e.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException ex) {
      throw new IllegalArgumentException("every: \"" + e + "\" is not weekly or monthly", ex);
    }
    List<Integer> days = new ArrayList<>();
    for (JsonNode d : n.path("days")) {
      if (every == MaintenanceWindow.Every.WEEKLY && d.isTextual()) {
        try {
          days.add(DayOfWeek.valueOf(d.asText().toUpperCase(Locale.ROOT)).getValue());
        } catch (IllegalArgumentException ex) {
          throw new IllegalArgumentException("days: \"" + d.asText() + "\" is not a weekday", ex);
        }
      } else if (d.canConvertToInt()) {
        days.add(d.asInt());
      } else {
        throw new IllegalArgumentException("days: " + d + " is not a day");
      }
    }
    LocalTime start;
    try {
      start = LocalTime.parse(text(n, "start", true));
    } catch (DateTimeParseException ex) {
      throw new IllegalArgumentException(
          "start: not a time of day HH:MM: " + n.path("start").asText(), ex);
    }
    Duration duration;
    try {
      duration = Duration.ofMillis(Durations.parseMillis(text(n, "duration", true)));
    } catch (IllegalArgumentException ex) {
      throw new IllegalArgumentException("duration: " + ex.getMessage(), ex);
    }
    ZoneId zone;
    String tz = text(n, "timeZone", false);
    try {
      zone = tz.isEmpty() ? ZoneId.of("UTC") : ZoneId.of(tz);
    } catch (DateTimeException ex) {
      throw new IllegalArgumentException("timeZone: unknown time zone \"" + tz + "\"", ex);
    }
    return new MaintenanceWindow(
        id,
        name,
        matchers,
        every,
        days,
        start,
        duration,
        zone,
        text(n, "createdBy", false),
        text(n, "comment", false));
  }

  private static String text(JsonNode n, String field, boolean required) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull() || (v.isTextual() && v.asText().isEmpty())) {
      if (required) {
        throw new IllegalArgumentException(field + ": required");
      }
      return "";
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException(field + ": must be a string");
    }
    return v.asText();
  }

  /** The JSON of a window, as the API answers and the store keeps it. */
  public static ObjectNode toJson(MaintenanceWindow w) {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", w.id());
    o.put("name", w.name());
    ArrayNode ms = o.putArray("matchers");
    for (Matcher m : w.matchers()) {
      ObjectNode x = ms.addObject();
      x.put("name", m.name());
      x.put("value", m.value());
      x.put("isRegex", m.type() == Matcher.Type.REGEX || m.type() == Matcher.Type.NOT_REGEX);
      x.put("isEqual", m.type() == Matcher.Type.EQUAL || m.type() == Matcher.Type.REGEX);
    }
    o.put("every", w.every().name().toLowerCase(Locale.ROOT));
    ArrayNode days = o.putArray("days");
    for (int d : w.days()) {
      if (w.every() == MaintenanceWindow.Every.WEEKLY) {
        days.add(DayOfWeek.of(d).name().toLowerCase(Locale.ROOT));
      } else {
        days.add(d);
      }
    }
    o.put("start", w.start().toString());
    o.put("duration", Durations.format(w.duration().toMillis()));
    o.put("timeZone", w.zone().getId());
    o.put("createdBy", w.createdBy());
    o.put("comment", w.comment());
    return o;
  }
}
