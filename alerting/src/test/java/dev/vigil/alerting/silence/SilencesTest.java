package dev.vigil.alerting.silence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

class SilencesTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final AtomicReference<Instant> clock = new AtomicReference<>(T0);
  private MetaStore meta;
  private Silences silences;

  @BeforeEach
  void open() throws Exception {
    // One connection for the test: the in-memory database lives as long as it.
    meta = MetaStore.open("jdbc:sqlite::memory:");
    meta.migrate(Silences.MIGRATIONS);
    silences = Silences.open(meta, Duration.ofHours(1), 5, clock::get);
  }

  @AfterEach
  void close() throws Exception {
    meta.close();
  }

  private static Silence draft(String id, Instant start, Instant end, Matcher... ms) {
    return new Silence(id, List.of(ms), start, end, Instant.EPOCH, "alice", "maintenance");
  }

  private static final Matcher JOB = Matcher.equal("job", "api");

  @Test
  void activeSilenceMutesMatchingAlertsOnly() throws Exception {
    String id =
        silences.set(
            draft(
                "",
                T0,
                T0.plusSeconds(3600),
                JOB,
                Matcher.of(Matcher.Type.REGEX, "env", "prod|stg")));
    assertThat(silences.mutedBy(Labels.of("job", "api", "env", "prod"), T0)).containsExactly(id);
    assertThat(silences.mutedBy(Labels.of("job", "api", "env", "dev"), T0)).isEmpty();
    assertThat(silences.mutedBy(Labels.of("job", "api"), T0)).isEmpty();
    // An absent label is the empty string: env!="x" accepts alerts without env.
    String other =
        silences.set(
            draft(
                "", T0, T0.plusSeconds(3600), JOB, Matcher.of(Matcher.Type.NOT_EQUAL, "env", "x")));
    assertThat(silences.mutedBy(Labels.of("job", "api"), T0)).containsExactly(other);
    assertThat(silences.mutedBy(Labels.of("job", "api", "env", "prod"), T0))
        .containsExactlyElementsOf(List.of(id, other).stream().sorted().toList());
    assertThat(silences.mutedBy(Labels.of("job", "api"), T0.plusSeconds(3601))).isEmpty();
  }

  @Test
  void statesFollowTheClockAndStartIsNeverInThePast() throws Exception {
    String pending = silences.set(draft("", T0.plusSeconds(60), T0.plusSeconds(120), JOB));
    String active = silences.set(draft("", T0.minusSeconds(60), T0.plusSeconds(120), JOB));
    assertThat(silences.get(pending).orElseThrow().state(T0)).isEqualTo(Silence.State.PENDING);
    assertThat(silences.get(active).orElseThrow().startsAt()).isEqualTo(T0);
    assertThat(silences.mutedBy(Labels.of("job", "api"), T0)).containsExactly(active);
    assertThat(silences.get(pending).orElseThrow().state(T0.plusSeconds(61)))
        .isEqualTo(Silence.State.ACTIVE);
    assertThat(silences.get(pending).orElseThrow().state(T0.plusSeconds(121)))
        .isEqualTo(Silence.State.EXPIRED);
  }

  @Test
  void updatesInPlaceOnlyWhenHistoryIsKept() throws Exception {
    String id = silences.set(draft("", T0, T0.plusSeconds(3600), JOB));
    clock.set(T0.plusSeconds(10));
    // Same matchers, same start, later end: the same silence.
    assertThat(silences.set(draft(id, T0, T0.plusSeconds(7200), JOB))).isEqualTo(id);
    assertThat(silences.get(id).orElseThrow().endsAt()).isEqualTo(T0.plusSeconds(7200));
    // Other matchers: the old one expires now, a new one takes over.
    String changed = silences.set(draft(id, T0, T0.plusSeconds(7200), Matcher.equal("job", "web")));
    assertThat(changed).isNotEqualTo(id);
    Silence old = silences.get(id).orElseThrow();
    assertThat(old.endsAt()).isEqualTo(T0.plusSeconds(10));
    assertThat(old.state(T0.plusSeconds(11))).isEqualTo(Silence.State.EXPIRED);
    assertThat(silences.get(changed).orElseThrow().startsAt()).isEqualTo(T0.plusSeconds(10));
    // Updating an expired silence makes a new one and leaves the old as it was.
    clock.set(T0.plusSeconds(20));
    String again = silences.set(draft(id, T0.plusSeconds(20), T0.plusSeconds(60), JOB));
    assertThat(again).isNotIn(id, changed);
    assertThat(silences.get(id).orElseThrow()).isEqualTo(old);
  }

  @Test
  void expireEndsActiveAndPendingSilences() throws Exception {
    String active = silences.set(draft("", T0, T0.plusSeconds(60), JOB));
    String pending = silences.set(draft("", T0.plusSeconds(30), T0.plusSeconds(60), JOB));
    clock.set(T0.plusSeconds(5));
    silences.expire(active);
    silences.expire(pending);
    silences.expire(pending);
    assertThat(silences.get(active).orElseThrow().endsAt()).isEqualTo(T0.plusSeconds(5));
    Silence p = silences.get(pending).orElseThrow();
    assertThat(p.startsAt()).isEqualTo(T0.plusSeconds(5));
    assertThat(p.endsAt()).isEqualTo(T0.plusSeconds(5));
    assertThat(silences.mutedBy(Labels.of("job", "api"), T0.plusSeconds(6))).isEmpty();
    assertThatThrownBy(() -> silences.expire("nope"))
        .isInstanceOfSatisfying(SilenceException.class, e -> assertThat(e.notFound()).isTrue());
  }

  @Test
  void rejectsWhatAlertmanagerRejects() {
    record Row(Silence draft, String message) {}
    List<Row> rows =
        List.of(
            new Row(
                draft("", T0, T0.plusSeconds(1)), "silence invalid: at least one matcher required"),
            new Row(
                draft("", T0, T0.plusSeconds(1), Matcher.equal("job", "")),
                "silence invalid: at least one matcher must not match the empty string"),
            new Row(
                draft("", T0, T0.plusSeconds(1), Matcher.of(Matcher.Type.REGEX, "job", ".*")),
                "silence invalid: at least one matcher must not match the empty string"),
            new Row(
                draft("", T0, T0.plusSeconds(1), JOB, Matcher.equal("1x", "a")),
                "silence invalid: invalid label matcher 1: invalid label name \"1x\""),
            new Row(
                draft("", T0.plusSeconds(5), T0.plusSeconds(5), JOB),
                "Failed to create silence: start time must be before end time"),
            new Row(
                draft("", T0.minusSeconds(50), T0.minusSeconds(5), JOB),
                "Failed to create silence: end time can't be in the past"),
            new Row(
                draft("00000000-0000-0000-0000-000000000000", T0, T0.plusSeconds(1), JOB),
                "silence not found"));
    for (Row r : rows) {
      assertThatThrownBy(() -> silences.set(r.draft()))
          .as(r.message())
          .isInstanceOf(SilenceException.class)
          .hasMessage(r.message());
    }
    assertThatThrownBy(() -> Silences.matcher(2, Matcher.Type.REGEX, "a", "("))
        .hasMessageStartingWith(
            "silence invalid: invalid label matcher 2: invalid regular expression");
  }

  @Test
  void survivesReopenAndExpiredOnesAreDroppedAfterRetention() throws Exception {
    String kept =
        silences.set(
            draft(
                "", T0, T0.plusSeconds(7200), JOB, Matcher.of(Matcher.Type.NOT_REGEX, "x", "a.*")));
    String gone = silences.set(draft("", T0, T0.plusSeconds(60), JOB));
    Silences reopened = Silences.open(meta, Duration.ofHours(1), 5, clock::get);
    assertThat(reopened.list()).containsExactlyInAnyOrderElementsOf(silences.list());
    assertThat(reopened.mutedBy(Labels.of("job", "api"), T0)).hasSize(2);
    clock.set(T0.plusSeconds(60 + 3600 + 1));
    assertThat(reopened.list()).extracting(Silence::id).containsExactly(kept);
    assertThat(Silences.open(meta, Duration.ofHours(1), 5, clock::get).get(gone)).isEmpty();
  }

  @Test
  void limitsHowManyAreKept() throws Exception {
    for (int i = 0; i < 5; i++) {
      silences.set(draft("", T0, T0.plusSeconds(60), Matcher.equal("n", "" + i)));
    }
    assertThatThrownBy(() -> silences.set(draft("", T0, T0.plusSeconds(60), JOB)))
        .hasMessage(
            "exceeded maximum number of silences: 5 (limit: 5, notifier.silences.max_silences)");
  }

  @Test
  void limitsTheSizeOfOneSilence() throws Exception {
    Silences small = Silences.open(meta, Duration.ofHours(1), 5, 40, clock::get);
    String id = small.set(draft("", T0, T0.plusSeconds(60), Matcher.equal("job", "api")));
    assertThat(small.get(id)).isPresent();
    assertThatThrownBy(
            () ->
                small.set(draft("", T0, T0.plusSeconds(60), Matcher.equal("job", "x".repeat(40)))))
        .hasMessageStartingWith("silence exceeded maximum size: ")
        .hasMessageContaining("(limit: 40 bytes, notifier.silences.max_per_silence_bytes)");
  }
}
