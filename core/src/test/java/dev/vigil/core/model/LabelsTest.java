package dev.vigil.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LabelsTest {
  @Test
  void toMapIsAnIndependentCopyInSortOrder() {
    Labels l = Labels.of("zone", "b", "__name__", "up", "job", "node");
    Map<String, String> m = l.toMap();
    assertThat(m)
        .containsExactly(
            Map.entry("__name__", "up"), Map.entry("job", "node"), Map.entry("zone", "b"));
    m.put("job", "changed");
    assertThat(l.get("job")).isEqualTo("node");
  }

  @Test
  void sortsByNameAndDropsEmptyValues() {
    Labels ls = Labels.of("job", "api", "__name__", "up", "instance", "", "a", "1");
    assertThat(ls.size()).isEqualTo(3);
    assertThat(ls.name(0)).isEqualTo("__name__");
    assertThat(ls.name(1)).isEqualTo("a");
    assertThat(ls.name(2)).isEqualTo("job");
    assertThat(ls.get("instance")).isEmpty();
    assertThat(ls.has("instance")).isFalse();
    assertThat(ls.has("job")).isTrue();
    assertThat(ls.metricName()).isEqualTo("up");
    assertThat(ls.withoutMetricName()).isEqualTo(Labels.of("a", "1", "job", "api"));
    assertThat(Labels.of("a", "")).isSameAs(Labels.empty());
  }

  @Test
  void rejectsBadInput() {
    String[][] bad = {{"a"}, {"a", "1", "a", "2"}, {"", "x"}, {"a", null}, {null, "x"}};
    for (String[] row : bad) {
      assertThatThrownBy(() -> Labels.of(row))
          .as(java.util.Arrays.toString(row))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> Labels.ofSorted("b", "1", "a", "2"))
        .hasMessageContaining("not sorted");
    assertThatThrownBy(() -> Labels.ofSorted("a", "")).hasMessageContaining("empty value");
  }

  @Test
  void manyLabelsUseBinarySearch() {
    List<String> pairs = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      pairs.add(String.format(java.util.Locale.ROOT, "l%02d", 29 - i));
      pairs.add("v" + i);
    }
    Labels ls = Labels.of(pairs.toArray(new String[0]));
    for (int i = 0; i < 30; i++) {
      assertThat(ls.get(String.format(java.util.Locale.ROOT, "l%02d", 29 - i))).isEqualTo("v" + i);
    }
    assertThat(ls.get("l30")).isEmpty();
    assertThat(ls.get("a")).isEmpty();
  }

  @Test
  void builderSetsAndDeletes() {
    Labels base = Labels.of("__name__", "up", "job", "a");
    Labels changed =
        base.toBuilder().set("job", "b").set("zone", "eu").del("__name__").set("x", "1").build();
    assertThat(changed).isEqualTo(Labels.of("job", "b", "zone", "eu", "x", "1"));
    assertThat(changed.toBuilder().set("zone", "").build())
        .isEqualTo(Labels.of("job", "b", "x", "1"));
    assertThat(Labels.builder().build()).isSameAs(Labels.empty());
    assertThat(base).isEqualTo(Labels.of("job", "a", "__name__", "up"));
  }

  @Test
  void equalityAndHashing() {
    Labels a = Labels.of("a", "1", "b", "2");
    Labels b = Labels.of(Map.of("b", "2", "a", "1"));
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(Labels.of("a", "1", "b", "3"));
    assertThat(Set.of(a, Labels.of("a", "1"))).contains(b);
  }

  private record Cmp(Labels a, Labels b, int sign) {}

  @Test
  void comparesLikePrometheus() {
    Cmp[] rows = {
      new Cmp(Labels.of("a", "1"), Labels.of("a", "1"), 0),
      new Cmp(Labels.of("a", "1"), Labels.of("a", "2"), -1),
      new Cmp(Labels.of("a", "1"), Labels.of("b", "0"), -1),
      new Cmp(Labels.of("a", "1"), Labels.of("a", "1", "b", "1"), -1),
      new Cmp(Labels.of("a", "2"), Labels.of("a", "1", "b", "1"), 1),
      new Cmp(Labels.empty(), Labels.of("a", "1"), -1),
      new Cmp(Labels.of("b", "1"), Labels.of("a", "1", "c", "1"), 1),
      // Code-point order: U+1F600 (a surrogate pair in UTF-16) sorts after U+FFFD.
      new Cmp(Labels.of("a", "\uD83D\uDE00"), Labels.of("a", "\uFFFD"), 1),
    };
    for (Cmp row : rows) {
      assertThat(Integer.signum(row.a().compareTo(row.b())))
          .as(row.toString())
          .isEqualTo(row.sign());
      assertThat(Integer.signum(row.b().compareTo(row.a())))
          .as(row.toString())
          .isEqualTo(-row.sign());
    }
  }

  @Test
  void keepAndDrop() {
    Labels ls = Labels.of("__name__", "x", "a", "1", "b", "2");
    assertThat(ls.keep(List.of("a", "zz"))).isEqualTo(Labels.of("a", "1"));
    assertThat(ls.drop(List.of("a", "__name__"))).isEqualTo(Labels.of("b", "2"));
    assertThat(ls.drop(List.of("q"))).isSameAs(ls);
  }

  private record Str(Labels labels, String text) {}

  @Test
  void printsInPrometheusNotation() {
    Str[] rows = {
      new Str(Labels.empty(), "{}"),
      new Str(Labels.of("__name__", "up"), "up"),
      new Str(Labels.of("__name__", "up", "job", "a", "i", "b"), "up{i=\"b\", job=\"a\"}"),
      new Str(Labels.of("job", "a"), "{job=\"a\"}"),
      new Str(Labels.of("p", "a\"b\\c\nd\te\u0001"), "{p=\"a\\\"b\\\\c\\nd\\te\\x01\"}"),
      new Str(Labels.of("u", "caf\u00e9"), "{u=\"caf\u00e9\"}"),
    };
    for (Str row : rows) {
      assertThat(row.labels().toString()).isEqualTo(row.text());
    }
  }
}
