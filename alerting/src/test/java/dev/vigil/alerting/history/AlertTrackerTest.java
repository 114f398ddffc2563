package dev.vigil.alerting.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.alerting.Alert;
import dev.vigil.alerting.notify.AlertStore;
import dev.vigil.core.meta.MetaStore;
import dev.vigil.core.model.Labels;
import dev.vigil.core.model.Matcher;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AlertTrackerTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Labels DISK = Labels.of("alertname", "Disk", "instance", "a");
  private static final Labels CPU = Labels.of("alertname", "Cpu", "instance", "a");
  private final AtomicReference<Instant> clock = new AtomicReference<>(T0);
  private final AlertStore store = new AlertStore(Duration.ofDays(36500));
  private MetaStore meta;
  private AlertHistory history;
  private FlapDetector flaps;
  private Acknowledgements acks;
  private AlertTracker tracker;

  @BeforeEach
  void open() throws Exception {
    // One connection for the test: the in-memory database lives as long as it.
    meta = MetaStore.open("jdbc:sqlite::memory:");
    meta.migrate(AlertHistory.MIGRATIONS);
    reopen();
  }

  private void reopen() throws Exception {
    history = new AlertHistory(meta, Duration.ofDays(30), clock::get);
    flaps = new FlapDetector(3, Duration.ofMinutes(10));
    acks = Acknowledgements.open(meta, history, clock::get);
    tracker = new AlertTracker(store, history, flaps, acks, clock::get);
  }

  @AfterEach
  void close() throws Exception {
    meta.close();
  }

  private void send(Labels l, Instant start, Instant end) {
    store.send(List.of(new Alert(l, Labels.empty(), start, end, "")));
  }

  private void at(long seconds) throws Exception {
    clock.set(T0.plusSeconds(seconds));
    tracker.sweep();
  }

  private List<String> kinds(Labels l) throws Exception {
    return history
        .query(List.of(Matcher.equal("alertname", l.get("alertname"))), T0, T0.plusSeconds(7200), 0)
        .reversed()
        .stream()
        .map(e -> e.kind().apiName() + "@" + (e.at().getEpochSecond() - T0.getEpochSecond()))
        .toList();
  }

  @Test
  void recordsFiringAndResolvedAtTheAlertsOwnTimesOnce() throws Exception {
    send(DISK, T0.plusSeconds(5), T0.plusSeconds(300));
    at(10);
    at(20);
    // Sent resolved.
    send(DISK, T0.plusSeconds(5), T0.plusSeconds(30));
    at(40);
    // CPU times out: never sent resolved, its endsAt passes.
    send(CPU, T0.plusSeconds(50), T0.plusSeconds(100));
    at(60);
    at(120);
    assertThat(kinds(DISK)).containsExactly("firing@5", "resolved@30");
    assertThat(kinds(CPU)).containsExactly("firing@50", "resolved@100");
    // A restart remembers what was recorded.
    send(DISK, T0.plusSeconds(200), T0.plusSeconds(900));
    at(210);
    reopen();
    at(220);
    assertThat(kinds(DISK)).containsExactly("firing@5", "resolved@30", "firing@200");
    assertThat(
            history.query(
                List.of(Matcher.of(Matcher.Type.REGEX, "alertname", "Disk|Cpu")),
                T0.plusSeconds(40),
                T0.plusSeconds(150),
                0))
        .extracting(e -> e.labels().get("alertname"))
        .containsExactly("Cpu", "Cpu");
  }

  @Test
  void anAlertThatKeepsFlippingIsHeldUntilItCalmsDown() throws Exception {
    long t = 0;
    for (int i = 0; i < 3; i++) {
      send(DISK, T0.plusSeconds(t), T0.plusSeconds(t + 500));
      at(t + 1);
      send(DISK, T0.plusSeconds(t), T0.plusSeconds(t + 2));
      at(t + 3);
      t += 4;
    }
    assertThat(flaps.mutedBy(DISK, clock.get())).containsExactly(FlapDetector.ID);
    assertThat(flaps.flapping())
        .extracting(FlapDetector.Flapping::fingerprint)
        .containsExactly(AlertStore.fingerprint(DISK));
    assertThat(flaps.mutedBy(CPU, clock.get())).isEmpty();
    assertThat(kinds(DISK)).contains("flapping@7");
    // Quiet for a window: stable again.
    at(t + 601);
    assertThat(flaps.mutedBy(DISK, clock.get())).isEmpty();
    assertThat(kinds(DISK).getLast()).isEqualTo("stable@" + (t + 601));
  }

  @Test
  void reloadedFlapLimitsApplyToTheChangesAlreadyCounted() throws Exception {
    send(DISK, T0, T0.plusSeconds(500));
    at(1);
    send(DISK, T0, T0.plusSeconds(2));
    at(3);
    send(DISK, T0.plusSeconds(4), T0.plusSeconds(500));
    at(5);
    long t = 6;
    assertThat(flaps.mutedBy(DISK, clock.get())).as("3 changes, 3 allowed: not yet").isEmpty();
    flaps.setLimits(2, Duration.ofMinutes(10));
    at(t);
    assertThat(flaps.mutedBy(DISK, clock.get())).containsExactly(FlapDetector.ID);
    // Off: every held alert is released at the next evaluation.
    flaps.setLimits(0, Duration.ofMinutes(10));
    at(t + 1);
    assertThat(flaps.mutedBy(DISK, clock.get())).isEmpty();
    assertThat(flaps.flapping()).isEmpty();
    assertThat(kinds(DISK)).endsWith("flapping@" + t, "stable@" + (t + 1));
  }

  @Test
  void acknowledgementHoldsRepeatsUntilResolvedOrExpired() throws Exception {
    send(DISK, T0, T0.plusSeconds(900));
    send(CPU, T0, T0.plusSeconds(900));
    at(1);
    AlertStore.Entry disk = store.list(e -> e.alert().labels().equals(DISK)).getFirst();
    AlertStore.Entry cpu = store.list(e -> e.alert().labels().equals(CPU)).getFirst();
    acks.acknowledge(disk, "alice", "on it", T0.plusSeconds(3600));
    acks.acknowledge(cpu, "bob", "", T0.plusSeconds(60));
    assertThat(acks.repeatsOnly()).isTrue();
    assertThat(acks.mutedBy(DISK, clock.get())).containsExactly("ack:alice");
    // Survives a restart.
    reopen();
    assertThat(acks.mutedBy(DISK, clock.get())).containsExactly("ack:alice");
    at(61);
    assertThat(acks.mutedBy(CPU, clock.get())).isEmpty();
    send(DISK, T0, T0.plusSeconds(100));
    at(120);
    assertThat(acks.mutedBy(DISK, clock.get())).isEmpty();
    assertThat(kinds(DISK))
        .containsExactly("firing@0", "acknowledged@1", "resolved@100", "unacknowledged@120");
    assertThat(
            history.query(List.of(Matcher.equal("alertname", "Cpu")), T0, T0.plusSeconds(200), 0))
        .filteredOn(e -> e.kind() == AlertEvent.Kind.UNACKNOWLEDGED)
        .extracting(AlertEvent::detail)
        .containsExactly("expired");
    AlertStore.Entry resolved = store.list(e -> e.alert().labels().equals(DISK)).getFirst();
    assertThatThrownBy(() -> acks.acknowledge(resolved, "x", "", T0.plusSeconds(9999)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
