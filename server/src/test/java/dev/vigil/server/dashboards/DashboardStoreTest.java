package dev.vigil.server.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.meta.MetaStore;
import dev.vigil.core.meta.Migration;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardStoreTest {
  @TempDir Path dir;

  private String url() {
    return "jdbc:sqlite:" + dir.resolve("vigil.db");
  }

  @Test
  void migrationsApplyOnceAndSurviveReopening() throws SQLException {
    try (MetaStore m = MetaStore.open(url())) {
      assertThat(m.migrate(DashboardStore.MIGRATIONS)).containsExactly(100);
      assertThat(m.migrate(DashboardStore.MIGRATIONS)).isEmpty();
    }
    try (MetaStore m = MetaStore.open(url())) {
      List<Migration> more = new ArrayList<>(DashboardStore.MIGRATIONS);
      more.add(new Migration(101, "a column", "ALTER TABLE dashboards ADD COLUMN tags TEXT"));
      assertThat(m.migrate(more)).containsExactly(101);
      assertThat(m.appliedVersions()).containsExactlyInAnyOrder(100, 101);
    }
  }

  @Test
  void aFailingMigrationIsRolledBackAndNamed() throws SQLException {
    try (MetaStore m = MetaStore.open(url())) {
      assertThatThrownBy(
              () ->
                  m.migrate(
                      List.of(
                          new Migration(
                              1, "half good", "CREATE TABLE a (x TEXT);\nCREATE TABLE broken ("))))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("metadata migration 1 (half good) failed");
      assertThat(m.appliedVersions()).isEmpty();
      assertThat(m.migrate(List.of(new Migration(1, "good", "CREATE TABLE a (x TEXT)"))))
          .containsExactly(1);
    }
  }

  @Test
  void createReadUpdateDelete() throws SQLException {
    try (MetaStore m = MetaStore.open(url())) {
      m.migrate(DashboardStore.MIGRATIONS);
      DashboardStore store = new DashboardStore(m);
      String b = store.create("B", "{\"title\":\"B\",\"panels\":[]}");
      String a = store.create("A", "{\"title\":\"A\",\"panels\":[]}");
      assertThat(store.list()).extracting(DashboardStore.Stored::title).containsExactly("A", "B");
      assertThat(store.get(a).orElseThrow().body()).contains("\"A\"");
      assertThat(store.update(a, "A2", "{\"title\":\"A2\",\"panels\":[]}")).isTrue();
      assertThat(store.get(a).orElseThrow().version()).isEqualTo(2);
      assertThat(store.update("nope", "x", "{}")).isFalse();
      assertThat(store.delete(b)).isTrue();
      assertThat(store.delete(b)).isFalse();
      assertThat(store.list()).extracting(DashboardStore.Stored::title).containsExactly("A2");
    }
  }
}
