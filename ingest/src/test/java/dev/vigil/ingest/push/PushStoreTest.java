package dev.vigil.ingest.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.model.Labels;
import dev.vigil.core.model.Matcher;
import dev.vigil.core.model.Values;
import dev.vigil.core.storage.Appender;
import dev.vigil.core.storage.Querier;
import dev.vigil.core.storage.SampleIterator;
import dev.vigil.core.storage.SeriesSet;
import dev.vigil.core.storage.ValueType;
import dev.vigil.core.storage.memory.MemoryStorage;
import dev.vigil.ingest.IngestException;
import dev.vigil.ingest.LabelRules;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PushStoreTest {
  private final MemoryStorage storage = new MemoryStorage();
  private final PushStore store = new PushStore(100);
  private final PushParser parser = new PushParser(LabelRules.DEFAULT);
  private static final Labels KEY = Labels.of("job", "backup", "instance", "db1");

  private List<PushedFamily> parse(Labels key, String body) {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    return parser.parseText(b, 0, b.length, key);
  }

  private void write(Consumer<Appender> action) {
    Appender app = storage.appender();
    action.accept(app);
    app.commit();
  }

  /** The value at {@code t} of every series, "stale" for a marker; series without one left out. */
  private Map<String, String> at(long t) {
    Map<String, String> out = new TreeMap<>();
    try (Querier q = storage.querier(t, t)) {
      SeriesSet set = q.select(true, null, Matcher.of(Matcher.Type.REGEX, "__name__", ".+"));
      while (set.next()) {
        SampleIterator it = set.at().iterator(null);
        if (it.seek(t) == ValueType.FLOAT && it.atT() == t) {
          double v = it.atF();
          out.put(set.at().labels().toString(), Values.isStaleNaN(v) ? "stale" : String.valueOf(v));
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  @Test
  void putReplacesTheGroupPostReplacesFamiliesDeleteRemovesIt() {
    write(app -> store.push(KEY, parse(KEY, "a 1\nb 2\n"), true, 1000, app));
    assertThat(at(1000))
        .containsExactly(
            Map.entry("a{instance=\"db1\", job=\"backup\"}", "1.0"),
            Map.entry("b{instance=\"db1\", job=\"backup\"}", "2.0"),
            Map.entry("push_failure_time_seconds{instance=\"db1\", job=\"backup\"}", "0.0"),
            Map.entry("push_time_seconds{instance=\"db1\", job=\"backup\"}", "1.0"));

    // POST replaces only family a; b stays.
    write(app -> store.push(KEY, parse(KEY, "a{x=\"1\"} 10\n"), false, 2000, app));
    assertThat(at(2000))
        .containsEntry("a{instance=\"db1\", job=\"backup\", x=\"1\"}", "10.0")
        .containsEntry("a{instance=\"db1\", job=\"backup\"}", "stale")
        .containsEntry("b{instance=\"db1\", job=\"backup\"}", "2.0")
        .containsEntry("push_time_seconds{instance=\"db1\", job=\"backup\"}", "2.0");

    // The interval's emission writes everything again, so nothing goes stale.
    write(app -> store.emit(17_000, app));
    assertThat(at(17_000)).hasSize(4);

    // PUT replaces everything; b goes stale.
    write(app -> store.push(KEY, parse(KEY, "c 3\n"), true, 20_000, app));
    assertThat(at(20_000))
        .containsEntry("b{instance=\"db1\", job=\"backup\"}", "stale")
        .containsEntry("c{instance=\"db1\", job=\"backup\"}", "3.0");
    assertThat(store.seriesCount()).isEqualTo(1);

    assertThat(store.delete(Labels.of("job", "other"), 21_000, storage.appender())).isFalse();
    write(app -> assertThat(store.delete(KEY, 22_000, app)).isTrue());
    assertThat(at(22_000).values()).containsOnly("stale").hasSize(3);
    assertThat(store.groupCount()).isZero();
    write(app -> store.emit(30_000, app));
    assertThat(at(30_000)).isEmpty();
  }

  @Test
  void aConflictingTypeIsRefusedAndRecordedAsAFailure() {
    Labels other = Labels.of("job", "other");
    write(app -> store.push(KEY, parse(KEY, "# TYPE x gauge\nx 1\n"), true, 1000, app));
    Appender app = storage.appender();
    assertThatThrownBy(
            () -> store.push(other, parse(other, "# TYPE x counter\nx 1\n"), true, 2000, app))
        .isInstanceOf(IngestException.class)
        .hasMessageContaining("\"x\" is pushed as counter but group")
        .hasMessageContaining("has it as gauge");
    app.commit();
    assertThat(at(2000))
        .containsExactly(
            Map.entry("push_failure_time_seconds{job=\"other\"}", "2.0"),
            Map.entry("push_time_seconds{job=\"other\"}", "0.0"));
  }

  @Test
  void theSeriesLimitIsEnforced() {
    PushStore small = new PushStore(2);
    small.push(KEY, parse(KEY, "a 1\nb 1\n"), true, 1000, storage.appender());
    Labels other = Labels.of("job", "other");
    assertThatThrownBy(
            () -> small.push(other, parse(other, "c 1\n"), true, 2000, storage.appender()))
        .hasMessageContaining("over the limit of 2 (pushgateway.max_series)");
    // Replacing the group within its size is fine.
    small.push(KEY, parse(KEY, "a 2\nb 2\n"), true, 3000, storage.appender());
    assertThat(small.seriesCount()).isEqualTo(2);
  }

  @Test
  void timestampsAreStrictlyIncreasingEvenWhenTheClockIsNot() {
    write(app -> store.push(KEY, parse(KEY, "a 1\n"), true, 5000, app));
    write(app -> store.emit(5000, app));
    write(app -> store.emit(4000, app));
    assertThat(at(5001)).containsEntry("a{instance=\"db1\", job=\"backup\"}", "1.0");
    assertThat(at(5002)).containsEntry("a{instance=\"db1\", job=\"backup\"}", "1.0");
  }

  @Test
  void theStateFileRoundTrips(@TempDir Path dir) throws IOException {
    store.push(
        KEY,
        parse(
            KEY,
            "# HELP h Help with \"quotes\"\n# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\nh_count 1\nh_sum 2\ng 3\n"),
        true,
        1000,
        storage.appender());
    Path file = dir.resolve("pushgateway.state");
    PushStateFile.save(file, store.groups());
    List<PushStore.GroupView> back = PushStateFile.load(file);
    assertThat(back).hasSize(1);
    assertThat(back.get(0).key()).isEqualTo(KEY);
    assertThat(back.get(0).pushTimeSeconds()).isEqualTo(1.0);
    assertThat(back.get(0).families())
        .extracting(f -> f.name() + " " + f.type() + " " + f.help() + " " + f.series())
        .isEqualTo(
            store.groups().get(0).families().stream()
                .map(f -> f.name() + " " + f.type() + " " + f.help() + " " + f.series())
                .toList());
    PushStore restored = new PushStore(100);
    restored.restore(back);
    assertThat(restored.seriesCount()).isEqualTo(4);

    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 1;
    Files.write(file, bytes);
    assertThatThrownBy(() -> PushStateFile.load(file)).hasMessageContaining("checksum mismatch");
    assertThat(PushStateFile.load(dir.resolve("absent"))).isEmpty();
  }
}
