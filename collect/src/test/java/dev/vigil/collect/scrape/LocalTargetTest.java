package dev.vigil.collect.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.collect.config.ScrapeGlobals;
import dev.vigil.collect.source.Source;
import dev.vigil.core.model.Labels;
import dev.vigil.core.model.Values;
import dev.vigil.core.storage.memory.MemoryStorage;
import dev.vigil.ingest.MetricType;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** In-process targets run by the scrape manager beside scraped ones. */
class LocalTargetTest {
  private final MemoryStorage storage = new MemoryStorage();
  private final ScrapeManager manager = new ScrapeManager(storage, ScrapeGlobals.DEFAULT);

  @AfterEach
  void stop() {
    manager.stop();
  }

  private static LocalTarget target(String instance, Object config, Source s) {
    return new LocalTarget(
        "probe",
        Labels.of("instance", instance),
        URI.create("vigil://" + instance),
        50,
        50,
        config,
        () -> s);
  }

  private static void await(BooleanSupplier c) throws InterruptedException {
    long end = System.nanoTime() + 5_000_000_000L;
    while (!c.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("condition not met in 5 s");
      }
      Thread.sleep(10);
    }
  }

  @Test
  void samplesGetTargetLabelsAndUnhealthyTargetsKeepTheirSamples() throws InterruptedException {
    AtomicInteger runs = new AtomicInteger();
    Source healthy =
        out -> {
          out.single("probe_success", MetricType.GAUGE, "ok", 1);
          runs.incrementAndGet();
          return null;
        };
    Source failing =
        out -> {
          out.single("probe_success", MetricType.GAUGE, "ok", 0);
          return "connection refused";
        };
    manager.applyLocal(List.of(target("a", "x", healthy), target("b", "x", failing)));
    await(
        () ->
            manager.targets().activeTargets().stream()
                .noneMatch(t -> t.health().equals("unknown")));
    List<TargetsView.Active> view = manager.targets().activeTargets();
    assertThat(view).extracting(TargetsView.Active::health).containsExactly("up", "down");
    assertThat(view.get(1).lastError()).isEqualTo("connection refused");
    assertThat(view.get(1).scrapeUrl()).isEqualTo("vigil://b");
    assertThat(view.get(0).labels()).containsEntry("job", "probe").containsEntry("instance", "a");
    Samples.Sample up = Samples.last(storage, "up");
    assertThat(Samples.of(storage, "up"))
        .anySatisfy(s -> assertThat(s.labels().get("instance")).isEqualTo("b"))
        .filteredOn(s -> s.labels().get("instance").equals("b"))
        .allSatisfy(s -> assertThat(s.v()).isZero());
    assertThat(up).isNotNull();
    assertThat(Samples.of(storage, "probe_success"))
        .filteredOn(s -> s.labels().get("instance").equals("b"))
        .isNotEmpty()
        .allSatisfy(s -> assertThat(s.labels().get("job")).isEqualTo("probe"));

    // an unchanged target keeps running; a removed one gets stale markers
    int before = runs.get();
    manager.applyLocal(List.of(target("a", "x", healthy)));
    await(() -> runs.get() > before + 1);
    assertThat(manager.targets().activeTargets()).hasSize(1);
    assertThat(Samples.last(storage, "probe_success").labels().get("instance")).isIn("a", "b");
    assertThat(
            Samples.of(storage, "probe_success").stream()
                .filter(s -> s.labels().get("instance").equals("b"))
                .reduce((x, y) -> y)
                .orElseThrow()
                .v())
        .matches(Values::isStaleNaN);
  }

  @Test
  void aCollectionThatThrowsStoresNothingButUpZero() throws InterruptedException {
    manager.applyLocal(
        List.of(
            target(
                "c",
                "x",
                out -> {
                  out.single("half", MetricType.GAUGE, "", 1);
                  throw new IllegalStateException("broken pipe");
                })));
    await(() -> manager.targets().activeTargets().get(0).health().equals("down"));
    assertThat(manager.targets().activeTargets().get(0).lastError()).isEqualTo("broken pipe");
    assertThat(Samples.of(storage, "half")).isEmpty();
    assertThat(Samples.last(storage, "up").v()).isZero();
  }
}
