package dev.vigil.alerting.receivers;

import dev.vigil.alerting.notify.Notification;
import dev.vigil.alerting.template.GoFormat;
import dev.vigil.alerting.template.GoTime;
import dev.vigil.alerting.template.Template;
import dev.vigil.core.model.Labels;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a notification template sees as its dot: Alertmanager's template data ({@code .Receiver},
 * {@code .Status}, {@code .Alerts} with {@code .Firing}/{@code .Resolved}, {@code .GroupLabels},
 * {@code .CommonLabels}, {@code .CommonAnnotations}, {@code .ExternalURL}), each alert with {@code
 * .Status}, {@code .Labels}, {@code .Annotations}, {@code .StartsAt}, {@code .EndsAt}, {@code
 * .GeneratorURL} and {@code .Fingerprint}, and label sets with {@code .SortedPairs}, {@code
 * .Names}, {@code .Values} and {@code .Remove}. Vigil adds {@code .GroupKey}.
 *
 * <p>Immutable.
 */
public record TemplateData(
    String receiver,
    String status,
    Alerts alerts,
    KV groupLabels,
    KV commonLabels,
    KV commonAnnotations,
    String externalUrl,
    String groupKey)
    implements Template.Fields {

  /** The data of {@code n}. */
  public static TemplateData of(Notification n) {
    List<AlertData> alerts = new ArrayList<>();
    for (Notification.Member m : n.alerts()) {
      alerts.add(
          new AlertData(
              m.status(),
              KV.of(m.alert().labels()),
              KV.of(m.alert().annotations()),
              GoTime.utc(m.alert().startsAt()),
              GoTime.utc(m.alert().endsAt()),
              m.alert().generatorUrl(),
              m.fingerprint()));
    }
    return new TemplateData(
        n.receiver(),
        n.status(),
        new Alerts(alerts),
        KV.of(n.groupLabels()),
        KV.of(n.commonLabels()),
        KV.of(n.commonAnnotations()),
        n.externalUrl(),
        n.groupKey());
  }

  @Override
  public Object field(String name) {
    return switch (name) {
      case "Receiver" -> receiver;
      case "Status" -> status;
      case "Alerts" -> alerts;
      case "GroupLabels" -> groupLabels;
      case "CommonLabels" -> commonLabels;
      case "CommonAnnotations" -> commonAnnotations;
      case "ExternalURL" -> externalUrl;
      case "GroupKey" -> groupKey;
      default -> throw noField(name, "template.Data");
    };
  }

  static IllegalArgumentException noField(String name, String type) {
    return new IllegalArgumentException("can't evaluate field " + name + " in type " + type);
  }

  /** One alert as templates see it. */
  public record AlertData(
      String status,
      KV labels,
      KV annotations,
      GoTime startsAt,
      GoTime endsAt,
      String generatorUrl,
      String fingerprint)
      implements Template.Fields {
    @Override
    public Object field(String name) {
      return switch (name) {
        case "Status" -> status;
        case "Labels" -> labels;
        case "Annotations" -> annotations;
        case "StartsAt" -> startsAt;
        case "EndsAt" -> endsAt;
        case "GeneratorURL" -> generatorUrl;
        case "Fingerprint" -> fingerprint;
        default -> throw noField(name, "template.Alert");
      };
    }

    @Override
    public String toString() {
      return "{"
          + status
          + " "
          + GoFormat.value(labels)
          + " "
          + GoFormat.value(annotations)
          + " "
          + startsAt
          + " "
          + endsAt
          + " "
          + generatorUrl
          + " "
          + fingerprint
          + "}";
    }
  }

  /** A list of alerts with {@code .Firing} and {@code .Resolved}. */
  public static final class Alerts extends AbstractList<AlertData> implements Template.Fields {
    private final List<AlertData> list;

    public Alerts(List<AlertData> list) {
      this.list = List.copyOf(list);
    }

    @Override
    public AlertData get(int index) {
      return list.get(index);
    }

    @Override
    public int size() {
      return list.size();
    }

    @Override
    public Object field(String name) {
      return switch (name) {
        case "Firing" -> withStatus("firing");
        case "Resolved" -> withStatus("resolved");
        default -> throw noField(name, "template.Alerts");
      };
    }

    private Alerts withStatus(String status) {
      return new Alerts(list.stream().filter(a -> a.status().equals(status)).toList());
    }
  }

  /** A label set: a map ordered by name with Alertmanager's {@code KV} methods. */
  public static final class KV extends AbstractMap<String, String> implements Template.Methods {
    private final Map<String, String> map;

    private KV(Map<String, String> map) {
      this.map = map;
    }

    /** The labels of {@code labels}. */
    public static KV of(Labels labels) {
      return new KV(new TreeMap<>(labels.toMap()));
    }

    /** The labels of {@code map}. */
    public static KV of(Map<String, String> map) {
      return new KV(new TreeMap<>(map));
    }

    @Override
    public Set<Map.Entry<String, String>> entrySet() {
      return Collections.unmodifiableMap(map).entrySet();
    }

    @Override
    public String get(Object key) {
      return map.get(key);
    }

    @Override
    public Object field(String name) {
      return switch (name) {
        case "SortedPairs" -> sortedPairs();
        case "Names", "Values" -> sortedPairs().field(name);
        case "Remove" ->
            throw new IllegalArgumentException("wrong number of args for Remove: want 1 got 0");
        default -> {
          String v = map.get(name);
          yield v == null ? "" : v;
        }
      };
    }

    @Override
    public Object method(String name, List<Object> args) {
      if (!name.equals("Remove")) {
        throw new IllegalArgumentException(name + " is not a method but has arguments");
      }
      if (args.size() != 1 || !(args.get(0) instanceof List<?> names)) {
        throw new IllegalArgumentException("Remove takes one []string argument");
      }
      Set<String> drop = new HashSet<>();
      for (Object o : names) {
        drop.add(String.valueOf(o));
      }
      TreeMap<String, String> kept = new TreeMap<>(map);
      kept.keySet().removeAll(drop);
      return new KV(kept);
    }

    /**
     * The pairs sorted by name, except that {@code alertname} comes first, as Alertmanager orders
     * them.
     */
    public Pairs sortedPairs() {
      List<Pair> out = new ArrayList<>();
      String alertname = map.get("alertname");
      if (alertname != null) {
        out.add(new Pair("alertname", alertname));
      }
      for (Map.Entry<String, String> e : map.entrySet()) {
        if (!e.getKey().equals("alertname")) {
          out.add(new Pair(e.getKey(), e.getValue()));
        }
      }
      return new Pairs(out);
    }

    /** A copy as an insertion-ordered map (for JSON payloads). */
    public Map<String, String> toMap() {
      return new LinkedHashMap<>(map);
    }
  }

  /** One label of {@link KV#sortedPairs()}. */
  public record Pair(String name, String value) implements Template.Fields {
    @Override
    public Object field(String f) {
      return switch (f) {
        case "Name" -> name;
        case "Value" -> value;
        default -> throw noField(f, "template.Pair");
      };
    }

    @Override
    public String toString() {
      return "{" + name + " " + value + "}";
    }
  }

  /** Pairs with {@code .Names} and {@code .Values}. */
  public static final class Pairs extends AbstractList<Pair> implements Template.Fields {
    private final List<Pair> list;

    Pairs(List<Pair> list) {
      this.list = List.copyOf(list);
    }

    @Override
    public Pair get(int index) {
      return list.get(index);
    }

    @Override
    public int size() {
      return list.size();
    }

    @Override
    public Object field(String name) {
      return switch (name) {
        case "Names" -> new ArrayList<Object>(list.stream().map(Pair::name).toList());
        case "Values" -> new ArrayList<Object>(list.stream().map(Pair::value).toList());
        default -> throw noField(name, "template.Pairs");
      };
    }
  }
}
