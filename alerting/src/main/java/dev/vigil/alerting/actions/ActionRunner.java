package dev.vigil.alerting.actions;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.alerting.notify.Notification;
import dev.vigil.alerting.notify.NotifyException;
import dev.vigil.alerting.receivers.NotificationTemplates;
import dev.vigil.alerting.receivers.TemplateData;
import dev.vigil.core.SuppressForbidden;
import dev.vigil.core.model.Labels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the configured actions for receivers' {@code action_configs} and writes an audit record of
 * every trigger, run or not. Limits are checked before anything runs: more than {@code
 * rate_limit.max} starts within {@code rate_limit.per} or more than {@code max_concurrent} runs at
 * once are refused (recorded, never queued); {@code dry_run} records what would have run. A run
 * that fails or times out is recorded and reported as a failure that the dispatcher does not retry,
 * so a broken action cannot run in a storm.
 *
 * <p>The running configuration's runner is {@link #current()}; a reload {@link #install}s a new one
 * that keeps the limits' state of unchanged actions. Thread-safe.
 */
public final class ActionRunner {
  private static final Logger LOG = LoggerFactory.getLogger(ActionRunner.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final AtomicReference<ActionRunner> CURRENT =
      new AtomicReference<>(new ActionRunner(Map.of(), null, Instant::now));

  /** Per-action limit state. */
  private static final class State {
    final ActionSpec spec;
    final Semaphore running;
    final Deque<Instant> starts = new ArrayDeque<>();

    State(ActionSpec spec) {
      this.spec = spec;
      this.running = new Semaphore(spec.maxConcurrent());
    }
  }

  private final Map<String, State> states = new ConcurrentHashMap<>();
  private final ActionAudit audit;
  private final Supplier<Instant> clock;

  /**
   * @param specs the actions by name
   * @param audit where runs are recorded; null keeps no record (tests, no metadata store)
   * @param clock the time for rate limits and records
   */
  public ActionRunner(Map<String, ActionSpec> specs, ActionAudit audit, Supplier<Instant> clock) {
    this.audit = audit;
    this.clock = clock;
    specs.forEach((k, v) -> states.put(k, new State(v)));
  }

  /** The runner of the running configuration (no actions until one is installed). */
  public static ActionRunner current() {
    return CURRENT.get();
  }

  /** Makes {@code next} the current runner, keeping the state of actions that did not change. */
  public static void install(ActionRunner next) {
    ActionRunner prev = CURRENT.getAndSet(next);
    for (Map.Entry<String, State> e : prev.states.entrySet()) {
      State mine = next.states.get(e.getKey());
      if (mine != null && mine.spec.equals(e.getValue().spec)) {
        next.states.put(e.getKey(), e.getValue());
      }
    }
  }

  /** The configured actions by name. */
  public Map<String, ActionSpec> specs() {
    Map<String, ActionSpec> out = new LinkedHashMap<>();
    states.forEach((k, v) -> out.put(k, v.spec));
    return out;
  }

  /** The audit this runner writes to; null when there is none. */
  public ActionAudit audit() {
    return audit;
  }

  /**
   * Triggers action {@code name} for {@code n} and records the outcome.
   *
   * @throws NotifyException (never retryable) when the action failed or timed out
   */
  public ActionRun run(String name, Notification n) throws NotifyException, InterruptedException {
    State st = states.get(name);
    Instant start = clock.get();
    if (st == null) {
      throw new NotifyException("action " + name + " is no longer configured", false);
    }
    ActionSpec spec = st.spec;
    String refused = admit(st, start);
    ActionRun r;
    if (refused != null) {
      r = record(spec, n, refused, start, 0, -1, 0, "", refusedDetail(spec, refused));
    } else if (spec.dryRun()) {
      r = record(spec, n, "dry_run", start, 0, -1, 0, "", "would run: " + describe(spec));
    } else {
      try {
        r = spec.kind() == ActionSpec.Kind.EXEC ? exec(spec, n, start) : http(spec, n, start);
      } finally {
        st.running.release();
      }
    }
    if (r.result().equals("failed") || r.result().equals("timeout")) {
      throw new NotifyException("action " + name + " " + r.result() + ": " + r.detail(), false);
    }
    return r;
  }

  /** Null when the run may start (a concurrency slot is then held), else the refusal. */
  private static String admit(State st, Instant now) {
    ActionSpec spec = st.spec;
    synchronized (st) {
      if (spec.rateMax() > 0) {
        Instant cutoff = now.minus(spec.ratePer());
        while (!st.starts.isEmpty() && !st.starts.peekFirst().isAfter(cutoff)) {
          st.starts.pollFirst();
        }
        if (st.starts.size() >= spec.rateMax()) {
          return "rate_limited";
        }
      }
      if (spec.dryRun()) {
        st.starts.addLast(now);
        return null;
      }
      if (!st.running.tryAcquire()) {
        return "concurrency_limited";
      }
      st.starts.addLast(now);
      return null;
    }
  }

  private static String refusedDetail(ActionSpec spec, String refused) {
    return refused.equals("rate_limited")
        ? "more than " + spec.rateMax() + " runs within " + spec.ratePer()
        : spec.maxConcurrent() + " runs already in progress";
  }

  private static String describe(ActionSpec spec) {
    return spec.kind() == ActionSpec.Kind.EXEC
        ? String.join(" ", spec.command())
        : spec.method() + " " + spec.url();
  }

  @SuppressForbidden(reason = "exec actions start the configured command")
  private ActionRun exec(ActionSpec spec, Notification n, Instant start)
      throws InterruptedException {
    byte[] stdin = json(n).getBytes(StandardCharsets.UTF_8);
    ProcessBuilder pb = new ProcessBuilder(spec.command()).redirectErrorStream(true);
    pb.environment().putAll(environment(spec, n));
    long t0 = System.nanoTime();
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      return record(
          spec,
          n,
          "failed",
          start,
          0,
          -1,
          0,
          "",
          "cannot start " + describe(spec) + ": " + e.getMessage());
    }
    Thread.ofVirtual()
        .start(
            () -> {
              try (OutputStream o = p.getOutputStream()) {
                o.write(stdin);
              } catch (IOException e) {
                // The command need not read its input.
              }
            });
    Capture out = new Capture(spec.maxOutput());
    Thread reader = Thread.ofVirtual().start(() -> out.drain(p.getInputStream()));
    boolean done;
    try {
      done = p.waitFor(spec.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      kill(p);
      throw e;
    }
    if (!done) {
      kill(p);
    }
    reader.join(1000);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    if (!done) {
      return record(
          spec, n, "timeout", start, ms, -1, 0, out.text(), "killed after " + spec.timeout());
    }
    int code = p.exitValue();
    return record(
        spec, n, code == 0 ? "ok" : "failed", start, ms, code, 0, out.text(), "exit code " + code);
  }

  private static void kill(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
  }

  private ActionRun http(ActionSpec spec, Notification n, Instant start)
      throws InterruptedException {
    String body;
    String contentType = "application/json";
    try {
      body =
          spec.body().isEmpty()
              ? json(n)
              : NotificationTemplates.defaults().expand(spec.body(), TemplateData.of(n));
    } catch (NotifyException e) {
      return record(spec, n, "failed", start, 0, -1, 0, "", e.getMessage());
    }
    HttpRequest.Builder b =
        dev.vigil.alerting.config.HttpConfig.newRequest(spec.url())
            .timeout(spec.timeout())
            .header("User-Agent", "Vigil")
            .method(
                spec.method(), HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (spec.headers().keySet().stream().noneMatch(k -> k.equalsIgnoreCase("Content-Type"))) {
      b.header("Content-Type", contentType);
    }
    spec.headers().forEach(b::header);
    long t0 = System.nanoTime();
    try {
      HttpResponse<InputStream> r =
          CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
      Capture out = new Capture(spec.maxOutput());
      out.drain(r.body());
      long ms = (System.nanoTime() - t0) / 1_000_000;
      int s = r.statusCode();
      return record(
          spec, n, s / 100 == 2 ? "ok" : "failed", start, ms, -1, s, out.text(), "HTTP " + s);
    } catch (HttpTimeoutException e) {
      long ms = (System.nanoTime() - t0) / 1_000_000;
      return record(spec, n, "timeout", start, ms, -1, 0, "", "no answer within " + spec.timeout());
    } catch (IOException | IllegalArgumentException e) {
      long ms = (System.nanoTime() - t0) / 1_000_000;
      return record(
          spec,
          n,
          "failed",
          start,
          ms,
          -1,
          0,
          "",
          "cannot call " + spec.url().getHost() + ": " + e);
    }
  }

  private ActionRun record(
      ActionSpec spec,
      Notification n,
      String result,
      Instant start,
      long ms,
      int exit,
      int http,
      String output,
      String detail) {
    ActionRun r =
        new ActionRun(
            UUID.randomUUID().toString(),
            spec.name(),
            spec.kind().name().toLowerCase(Locale.ROOT),
            n.receiver(),
            n.groupKey(),
            n.status(),
            result,
            start,
            ms,
            exit,
            http,
            n.alerts().size(),
            output,
            detail);
    if (audit != null) {
      try {
        audit.record(r);
      } catch (SQLException e) {
        LOG.warn("cannot record the run of action {}: {}", spec.name(), e.toString());
      }
    }
    LOG.info("action {} for {}: {} ({})", spec.name(), n.receiver(), result, detail);
    return r;
  }

  /** The environment an exec action gets besides Vigil's own. */
  static Map<String, String> environment(ActionSpec spec, Notification n) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("VIGIL_ACTION", spec.name());
    env.put("VIGIL_RECEIVER", n.receiver());
    env.put("VIGIL_STATUS", n.status());
    env.put("VIGIL_GROUP_KEY", n.groupKey());
    env.put("VIGIL_ALERTS", Integer.toString(n.alerts().size()));
    env.put("VIGIL_ALERTS_FIRING", Integer.toString(n.firing().size()));
    env.put("VIGIL_EXTERNAL_URL", n.externalUrl());
    putAll(env, "VIGIL_LABEL_", n.commonLabels());
    putAll(env, "VIGIL_ANNOTATION_", n.commonAnnotations());
    return env;
  }

  private static void putAll(Map<String, String> env, String prefix, Labels labels) {
    labels.forEach(
        (k, v) -> env.put(prefix + k.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_"), v));
  }

  /** The notification as Alertmanager's webhook JSON (version 4). */
  static String json(Notification n) {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", "4");
    root.put("groupKey", n.groupKey());
    root.put("truncatedAlerts", n.truncatedAlerts());
    root.put("status", n.status());
    root.put("receiver", n.receiver());
    root.set("groupLabels", JSON.valueToTree(n.groupLabels().toMap()));
    root.set("commonLabels", JSON.valueToTree(n.commonLabels().toMap()));
    root.set("commonAnnotations", JSON.valueToTree(n.commonAnnotations().toMap()));
    root.put("externalURL", n.externalUrl());
    ArrayNode alerts = root.putArray("alerts");
    for (Notification.Member m : n.alerts()) {
      ObjectNode a = alerts.addObject();
      a.put("status", m.status());
      a.set("labels", JSON.valueToTree(m.alert().labels().toMap()));
      a.set("annotations", JSON.valueToTree(m.alert().annotations().toMap()));
      a.put("startsAt", m.alert().startsAt().toString());
      a.put("endsAt", m.firing() ? "0001-01-01T00:00:00Z" : m.alert().endsAt().toString());
      a.put("generatorURL", m.alert().generatorUrl());
      a.put("fingerprint", m.fingerprint());
    }
    return root.toString();
  }

  /**
   * Keeps the first bytes of a stream and reads (and drops) the rest so the writer never blocks.
   */
  private static final class Capture {
    private final int max;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private long total;

    Capture(int max) {
      this.max = max;
    }

    void drain(InputStream in) {
      byte[] buf = new byte[8192];
      try (in) {
        int r;
        while ((r = in.read(buf)) >= 0) {
          synchronized (this) {
            int keep = (int) Math.max(0, Math.min(r, max - total));
            kept.write(buf, 0, keep);
            total += r;
          }
        }
      } catch (IOException e) {
        // The process was killed or the connection closed: keep what arrived.
      }
    }

    synchronized String text() {
      String s = kept.toString(StandardCharsets.UTF_8);
      return total > max ? s + "\n[output truncated: " + total + " bytes, " + max + " kept]" : s;
    }
  }
}
