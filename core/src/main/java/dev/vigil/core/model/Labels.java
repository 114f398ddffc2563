package dev.vigil.core.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The identity of a series: a set of name/value pairs, sorted by name (in {@link Utf8Order}), with
 * no duplicate names and no empty values. As in Prometheus, a label with an empty value is the same
 * as an absent label, so builders and factories drop such pairs.
 *
 * <p>The metric name is the label {@value #METRIC_NAME}. {@link #compareTo} follows Prometheus's
 * {@code labels.Compare}: pairwise by name, then by value, and a shorter prefix sorts first.
 *
 * <p>Immutable and thread-safe. {@link #hashCode()} is computed once; {@link #equals} compares the
 * cached hashes before the strings.
 */
public final class Labels implements Comparable<Labels> {
  /** The name of the label that holds the metric name. */
  public static final String METRIC_NAME = "__name__";

  private static final Labels EMPTY = new Labels(new String[0]);

  /** Names and values interleaved: name0, value0, name1, value1, ... sorted by name. */
  private final String[] pairs;

  private int hash;

  private Labels(String[] pairs) {
    this.pairs = pairs;
  }

  /** The empty label set. */
  public static Labels empty() {
    return EMPTY;
  }

  /**
   * Builds labels from alternating names and values, in any order. Pairs with an empty value are
   * dropped.
   *
   * @throws IllegalArgumentException on an odd count, a null or empty name, a null value, or a name
   *     given twice
   */
  public static Labels of(String... nameValuePairs) {
    if (nameValuePairs.length % 2 != 0) {
      throw new IllegalArgumentException(
          "labels need name/value pairs, got an odd number of strings: " + nameValuePairs.length);
    }
    int n = nameValuePairs.length / 2;
    Integer[] order = new Integer[n];
    int kept = 0;
    for (int i = 0; i < n; i++) {
      checkPair(nameValuePairs[2 * i], nameValuePairs[2 * i + 1]);
      if (!nameValuePairs[2 * i + 1].isEmpty()) {
        order[kept++] = i;
      }
    }
    Integer[] live = Arrays.copyOf(order, kept);
    Arrays.sort(live, (x, y) -> Utf8Order.compare(nameValuePairs[2 * x], nameValuePairs[2 * y]));
    String[] pairs = new String[2 * kept];
    for (int i = 0; i < kept; i++) {
      pairs[2 * i] = nameValuePairs[2 * live[i]];
      pairs[2 * i + 1] = nameValuePairs[2 * live[i] + 1];
    }
    checkNoDuplicates(pairs);
    return kept == 0 ? EMPTY : new Labels(pairs);
  }

  /** Builds labels from a map; entries with an empty value are dropped. */
  public static Labels of(Map<String, String> map) {
    String[] flat = new String[map.size() * 2];
    int i = 0;
    for (Map.Entry<String, String> e : map.entrySet()) {
      flat[i++] = e.getKey();
      flat[i++] = e.getValue();
    }
    return of(flat);
  }

  /**
   * Builds labels from pairs that are already sorted by name with no duplicates and no empty
   * values, as a storage engine reads them back from its index. Checks that promise in one pass.
   *
   * @throws IllegalArgumentException when the pairs are not sorted, repeat a name or hold an empty
   *     value
   */
  public static Labels ofSorted(String... nameValuePairs) {
    if (nameValuePairs.length % 2 != 0) {
      throw new IllegalArgumentException(
          "labels need name/value pairs, got an odd number of strings: " + nameValuePairs.length);
    }
    for (int i = 0; i < nameValuePairs.length; i += 2) {
      checkPair(nameValuePairs[i], nameValuePairs[i + 1]);
      if (nameValuePairs[i + 1].isEmpty()) {
        throw new IllegalArgumentException(
            "label " + nameValuePairs[i] + " has an empty value; sorted input must not");
      }
      if (i > 0 && Utf8Order.compare(nameValuePairs[i - 2], nameValuePairs[i]) >= 0) {
        throw new IllegalArgumentException(
            "label names not sorted or repeated: "
                + nameValuePairs[i - 2]
                + " before "
                + nameValuePairs[i]);
      }
    }
    return nameValuePairs.length == 0 ? EMPTY : new Labels(nameValuePairs.clone());
  }

  private static void checkPair(String name, String value) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("label name must not be null or empty");
    }
    if (value == null) {
      throw new IllegalArgumentException("value of label " + name + " must not be null");
    }
  }

  private static void checkNoDuplicates(String[] sortedPairs) {
    for (int i = 2; i < sortedPairs.length; i += 2) {
      if (sortedPairs[i].equals(sortedPairs[i - 2])) {
        throw new IllegalArgumentException("duplicate label name: " + sortedPairs[i]);
      }
    }
  }

  /** A builder starting from no labels. */
  public static Builder builder() {
    return new Builder(EMPTY);
  }

  /** A builder starting from these labels. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The number of labels. */
  public int size() {
    return pairs.length / 2;
  }

  /** Whether there are no labels. */
  public boolean isEmpty() {
    return pairs.length == 0;
  }

  /** The name of the {@code i}-th label in sort order. */
  public String name(int i) {
    return pairs[2 * i];
  }

  /** The value of the {@code i}-th label in sort order. */
  public String value(int i) {
    return pairs[2 * i + 1];
  }

  /** The value of label {@code name}, or {@code ""} when absent. */
  public String get(String name) {
    int i = indexOf(name);
    return i < 0 ? "" : pairs[2 * i + 1];
  }

  /** Whether label {@code name} is present. */
  public boolean has(String name) {
    return indexOf(name) >= 0;
  }

  private int indexOf(String name) {
    int n = size();
    if (n <= 8) {
      for (int i = 0; i < n; i++) {
        if (pairs[2 * i].equals(name)) {
          return i;
        }
      }
      return -1;
    }
    int lo = 0;
    int hi = n - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = Utf8Order.compare(pairs[2 * mid], name);
      if (c < 0) {
        lo = mid + 1;
      } else if (c > 0) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -1;
  }

  /** The metric name (the value of {@value #METRIC_NAME}), or {@code ""}. */
  public String metricName() {
    return get(METRIC_NAME);
  }

  /** These labels without {@value #METRIC_NAME}; {@code this} when there is none. */
  public Labels withoutMetricName() {
    int i = indexOf(METRIC_NAME);
    return i < 0 ? this : without(i);
  }

  private Labels without(int index) {
    if (size() == 1) {
      return EMPTY;
    }
    String[] out = new String[pairs.length - 2];
    System.arraycopy(pairs, 0, out, 0, 2 * index);
    System.arraycopy(pairs, 2 * index + 2, out, 2 * index, pairs.length - 2 * index - 2);
    return new Labels(out);
  }

  /** Only the labels whose names are in {@code names} (PromQL's {@code by}). */
  public Labels keep(Collection<String> names) {
    return filter(names, true);
  }

  /** All labels except those whose names are in {@code names} (PromQL's {@code without}). */
  public Labels drop(Collection<String> names) {
    return filter(names, false);
  }

  private Labels filter(Collection<String> names, boolean keep) {
    List<String> out = new ArrayList<>(pairs.length);
    for (int i = 0; i < pairs.length; i += 2) {
      if (names.contains(pairs[i]) == keep) {
        out.add(pairs[i]);
        out.add(pairs[i + 1]);
      }
    }
    if (out.size() == pairs.length) {
      return this;
    }
    return out.isEmpty() ? EMPTY : new Labels(out.toArray(new String[0]));
  }

  /** Calls {@code action} with each name and value in sort order. */
  public void forEach(BiConsumer<String, String> action) {
    for (int i = 0; i < pairs.length; i += 2) {
      action.accept(pairs[i], pairs[i + 1]);
    }
  }

  /** A mutable copy as a map from name to value, iterating in sort order. */
  public Map<String, String> toMap() {
    Map<String, String> m = new LinkedHashMap<>(pairs.length);
    forEach(m::put);
    return m;
  }

  /** A copy of the names and values interleaved, in sort order. */
  public String[] toPairs() {
    return pairs.clone();
  }

  @Override
  public int compareTo(Labels o) {
    int n = Math.min(pairs.length, o.pairs.length);
    for (int i = 0; i < n; i++) {
      int c = Utf8Order.compare(pairs[i], o.pairs[i]);
      if (c != 0) {
        return c;
      }
    }
    return pairs.length - o.pairs.length;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Labels other)) {
      return false;
    }
    return hashCode() == other.hashCode() && Arrays.equals(pairs, other.pairs);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = Arrays.hashCode(pairs);
      // Spread the bits, since hash maps of series are large.
      h ^= (h >>> 16);
      h *= 0x85ebca6b;
      h ^= (h >>> 13);
      if (h == 0) {
        h = 1;
      }
      hash = h;
    }
    return h;
  }

  /**
   * The series in Prometheus's notation: {@code up}, {@code up{job="a", le="0.5"}}, {@code
   * {job="a"}} or {@code {}}. Values are quoted as Go's {@code %q} would.
   */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    String metric = metricName();
    b.append(metric);
    int others = metric.isEmpty() ? size() : size() - 1;
    if (others == 0 && !metric.isEmpty()) {
      return b.toString();
    }
    b.append('{');
    boolean first = true;
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i].equals(METRIC_NAME)) {
        continue;
      }
      if (!first) {
        b.append(", ");
      }
      first = false;
      b.append(pairs[i]).append('=');
      quote(b, pairs[i + 1]);
    }
    return b.append('}').toString();
  }

  /** Appends {@code s} in double quotes with Go-style escapes for quotes and control characters. */
  public static void quote(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        case '\r' -> b.append("\\r");
        case '\u0007' -> b.append("\\a");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        case '\u000b' -> b.append("\\v");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            b.append("\\x")
                .append(Character.forDigit(c >> 4, 16))
                .append(Character.forDigit(c & 15, 16));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }

  /**
   * Collects labels to build a {@link Labels}. Setting an empty value deletes the label. Not
   * thread-safe.
   */
  public static final class Builder {
    private final List<String> names = new ArrayList<>();
    private final List<String> values = new ArrayList<>();

    private Builder(Labels base) {
      for (int i = 0; i < base.pairs.length; i += 2) {
        names.add(base.pairs[i]);
        values.add(base.pairs[i + 1]);
      }
    }

    /** Sets label {@code name} to {@code value}; an empty value deletes it. */
    public Builder set(String name, String value) {
      checkPair(name, value);
      int i = names.indexOf(name);
      if (value.isEmpty()) {
        if (i >= 0) {
          names.remove(i);
          values.remove(i);
        }
      } else if (i >= 0) {
        values.set(i, value);
      } else {
        names.add(name);
        values.add(value);
      }
      return this;
    }

    /** Deletes label {@code name} if present. */
    public Builder del(String name) {
      int i = names.indexOf(name);
      if (i >= 0) {
        names.remove(i);
        values.remove(i);
      }
      return this;
    }

    /** The value currently set for {@code name}, or {@code ""}. */
    public String get(String name) {
      int i = names.indexOf(name);
      return i < 0 ? "" : values.get(i);
    }

    /** The labels set so far. The builder stays usable. */
    public Labels build() {
      String[] flat = new String[names.size() * 2];
      for (int i = 0; i < names.size(); i++) {
        flat[2 * i] = names.get(i);
        flat[2 * i + 1] = values.get(i);
      }
      return of(flat);
    }
  }
}
