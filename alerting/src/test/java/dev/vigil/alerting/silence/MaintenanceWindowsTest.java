package dev.vigil.alerting.silence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.core.meta.MetaStore;
import dev.vigil.core.model.Labels;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaintenanceWindowsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static MaintenanceWindow window(String json) throws Exception {
    return MaintenanceWindows.fromJson(JSON.readTree(json), "w1");
  }

  private static final String DB = "[{\"name\":\"job\",\"value\":\"db\",\"isRegex\":false}]";

  @Test
  void weeklyWindowsRunPastMidnightInTheirTimeZone() throws Exception {
    // Saturdays 22:00 Berlin time for 6 hours: into Sunday morning.
    MaintenanceWindow w =
        window(
            "{\"name\":\"patching\",\"matchers\":"
                + DB
                + ",\"every\":\"weekly\",\"days\":[\"saturday\"],\"start\":\"22:00\",\"duration\":\"6h\",\"timeZone\":\"Europe/Berlin\"}");
    record Row(String at, boolean open) {}
    List<Row> rows =
        List.of(
            new Row("2026-01-03T20:59:59Z", false), // Sat 21:59:59 CET
            new Row("2026-01-03T21:00:00Z", true), // Sat 22:00 CET
            new Row("2026-01-04T02:59:59Z", true), // Sun 03:59:59 CET
            new Row("2026-01-04T03:00:00Z", false), // Sun 04:00 CET
            new Row("2026-07-04T20:00:00Z", true), // Sat 22:00 CEST (summer time)
            new Row("2026-07-04T19:59:00Z", false),
            new Row("2026-01-07T21:30:00Z", false)); // a Wednesday
    for (Row r : rows) {
      assertThat(w.openAt(Instant.parse(r.at()))).as(r.at()).isEqualTo(r.open());
    }
    assertThat(w.mutes(Labels.of("job", "db"), Instant.parse("2026-01-03T22:00:00Z"))).isTrue();
    assertThat(w.mutes(Labels.of("job", "web"), Instant.parse("2026-01-03T22:00:00Z"))).isFalse();
  }

  @Test
  void monthlyWindowsCountFromTheEndAndSkipMissingDays() throws Exception {
    MaintenanceWindow w =
        window(
            "{\"name\":\"backup\",\"matchers\":"
                + DB
                + ",\"every\":\"monthly\",\"days\":[31,-1],\"start\":\"01:00\",\"duration\":\"1h\"}");
    assertThat(w.openAt(Instant.parse("2026-01-31T01:30:00Z"))).isTrue();
    assertThat(w.openAt(Instant.parse("2026-02-28T01:30:00Z"))).as("last day of February").isTrue();
    assertThat(w.openAt(Instant.parse("2026-04-30T01:30:00Z"))).isTrue();
    assertThat(w.openAt(Instant.parse("2026-04-29T01:30:00Z"))).isFalse();
    assertThat(w.openAt(Instant.parse("2026-01-31T02:00:00Z"))).isFalse();
  }

  @Test
  void rejectsWhatCannotBeAWindow() {
    record Row(String json, String message) {}
    String base = "\"name\":\"n\",\"matchers\":" + DB + ",\"start\":\"01:00\",\"duration\":\"1h\",";
    List<Row> rows =
        List.of(
            new Row(
                "{" + base + "\"every\":\"daily\",\"days\":[1]}",
                "every: \"daily\" is not weekly or monthly"),
            new Row(
                "{" + base + "\"every\":\"weekly\",\"days\":[\"caturday\"]}",
                "days: \"caturday\" is not a weekday"),
            new Row(
                "{" + base + "\"every\":\"weekly\",\"days\":[8]}",
                "days: 8 is not a weekday (1 Monday to 7 Sunday)"),
            new Row(
                "{" + base + "\"every\":\"monthly\",\"days\":[]}",
                "days: at least one day required"),
            new Row(
                "{" + base + "\"every\":\"monthly\",\"days\":[1],\"timeZone\":\"Mars/Base\"}",
                "timeZone: unknown time zone \"Mars/Base\""),
            new Row(
                "{\"name\":\"n\",\"matchers\":[],\"every\":\"weekly\",\"days\":[1],\"start\":\"01:00\",\"duration\":\"1h\"}",
                "at least one matcher required"),
            new Row(
                "{\"name\":\"n\",\"matchers\":"
                    + DB
                    + ",\"every\":\"weekly\",\"days\":[1],\"start\":\"25:00\",\"duration\":\"1h\"}",
                "start: not a time of day HH:MM: 25:00"));
    for (Row r : rows) {
      assertThatThrownBy(() -> window(r.json())).as(r.json()).hasMessage(r.message());
    }
  }

  @Test
  void keptAcrossReopenAndMutesWhileOpen() throws Exception {
    try (MetaStore meta = MetaStore.open("jdbc:sqlite::memory:")) {
      meta.migrate(MaintenanceWindows.MIGRATIONS);
      MaintenanceWindows ws = MaintenanceWindows.open(meta);
      MaintenanceWindow w =
          ws.create(
              window(
                  "{\"name\":\"n\",\"matchers\":"
                      + DB
                      + ",\"every\":\"weekly\",\"days\":[\"monday\"],\"start\":\"00:00\",\"duration\":\"24h\",\"createdBy\":\"ops\"}"));
      Instant monday = Instant.parse("2026-01-05T12:00:00Z");
      assertThat(ws.mutedBy(Labels.of("job", "db"), monday))
          .containsExactly("maintenance:" + w.id());
      MaintenanceWindows again = MaintenanceWindows.open(meta);
      assertThat(again.list()).containsExactly(w);
      assertThat(MaintenanceWindows.toJson(w).path("days").toString()).isEqualTo("[\"monday\"]");
      assertThat(MaintenanceWindows.toJson(w).path("duration").asText()).isEqualTo("1d");
      assertThat(again.delete(w.id())).isTrue();
      assertThat(again.mutedBy(Labels.of("job", "db"), monday)).isEmpty();
      assertThat(MaintenanceWindows.open(meta).list()).isEmpty();
    }
  }
}
