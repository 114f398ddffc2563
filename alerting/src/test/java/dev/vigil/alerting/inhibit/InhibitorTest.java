package dev.vigil.alerting.inhibit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerting.Alert;
import dev.vigil.alerting.notify.AlertStore;
import dev.vigil.core.model.Labels;
import dev.vigil.core.model.Matcher;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class InhibitorTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private final AlertStore store = new AlertStore(Duration.ofDays(36500));

  private Labels fire(String... pairs) {
    Labels l = Labels.of(pairs);
    store.send(
        List.of(new Alert(l, Labels.empty(), NOW.minusSeconds(60), NOW.plusSeconds(300), "")));
    return l;
  }

  private void resolve(Labels l) {
    store.send(
        List.of(new Alert(l, Labels.empty(), NOW.minusSeconds(60), NOW.minusSeconds(1), "")));
  }

  private Inhibitor inhibitor(InhibitRule... rules) {
    return new Inhibitor(List.of(rules), store, 0, System::nanoTime);
  }

  private static final InhibitRule CRITICAL_MUTES_WARNING =
      new InhibitRule(
          List.of(Matcher.equal("severity", "critical")),
          List.of(Matcher.equal("severity", "warning")),
          List.of("alertname", "cluster"));

  @Test
  void firingSourceMutesTargetsWithTheSameEqualLabels() {
    Labels crit = fire("alertname", "Disk", "cluster", "a", "severity", "critical");
    Inhibitor ih = inhibitor(CRITICAL_MUTES_WARNING);
    String fp = AlertStore.fingerprint(crit);
    assertThat(
            ih.mutedBy(Labels.of("alertname", "Disk", "cluster", "a", "severity", "warning"), NOW))
        .containsExactly(fp);
    // Another cluster, another alert name, or not a target: not muted.
    assertThat(
            ih.mutedBy(Labels.of("alertname", "Disk", "cluster", "b", "severity", "warning"), NOW))
        .isEmpty();
    assertThat(
            ih.mutedBy(Labels.of("alertname", "Cpu", "cluster", "a", "severity", "warning"), NOW))
        .isEmpty();
    assertThat(ih.mutedBy(crit, NOW)).isEmpty();
    // Both lack "cluster": equal as empty strings.
    fire("alertname", "Net", "severity", "critical");
    assertThat(ih.mutedBy(Labels.of("alertname", "Net", "severity", "warning"), NOW)).hasSize(1);
    // Once the source resolves, nothing is muted.
    resolve(crit);
    assertThat(
            ih.mutedBy(Labels.of("alertname", "Disk", "cluster", "a", "severity", "warning"), NOW))
        .isEmpty();
  }

  @Test
  void alertsMatchingBothSidesDoNotMuteEachOther() {
    InhibitRule anyMutesAny =
        new InhibitRule(
            List.of(Matcher.of(Matcher.Type.REGEX, "severity", "critical|warning")),
            List.of(Matcher.of(Matcher.Type.REGEX, "severity", "critical|warning")),
            List.of("cluster"));
    Labels a = fire("alertname", "A", "cluster", "x", "severity", "critical");
    Labels b = fire("alertname", "B", "cluster", "x", "severity", "warning");
    Inhibitor ih = inhibitor(anyMutesAny);
    assertThat(ih.mutedBy(a, NOW)).isEmpty();
    assertThat(ih.mutedBy(b, NOW)).isEmpty();
    // An alert on the target side only is muted by either.
    InhibitRule oneWay =
        new InhibitRule(
            List.of(Matcher.of(Matcher.Type.REGEX, "severity", "critical|warning")),
            List.of(Matcher.equal("severity", "info")),
            List.of("cluster"));
    assertThat(inhibitor(oneWay).mutedBy(Labels.of("cluster", "x", "severity", "info"), NOW))
        .containsExactly(
            List.of(AlertStore.fingerprint(a), AlertStore.fingerprint(b)).stream()
                .sorted()
                .findFirst()
                .orElseThrow());
  }

  @Test
  void theSourceIndexIsReusedWhileFresh() {
    long[] clock = {0};
    Inhibitor ih = new Inhibitor(List.of(CRITICAL_MUTES_WARNING), store, 1000, () -> clock[0]);
    Labels target = Labels.of("alertname", "Disk", "severity", "warning");
    assertThat(ih.mutedBy(target, NOW)).isEmpty();
    fire("alertname", "Disk", "severity", "critical");
    assertThat(ih.mutedBy(target, NOW)).as("index still fresh").isEmpty();
    clock[0] = 1001;
    assertThat(ih.mutedBy(target, NOW)).hasSize(1);
  }
}
