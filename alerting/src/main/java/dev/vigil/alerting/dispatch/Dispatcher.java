package dev.vigil.alerting.dispatch;

import dev.vigil.alerting.config.NotifierConfig;
import dev.vigil.alerting.config.Route;
import dev.vigil.alerting.config.TimeInterval;
import dev.vigil.alerting.notify.AlertStore;
import dev.vigil.alerting.notify.Muter;
import dev.vigil.alerting.notify.Notification;
import dev.vigil.alerting.notify.Notifier;
import dev.vigil.alerting.notify.NotifyException;
import dev.vigil.core.model.Labels;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alertmanager's dispatcher: every alert the {@link AlertStore} receives is routed through the
 * routing tree into aggregation groups; each group flushes after {@code group_wait}, then every
 * {@code group_interval}; a flush drops muted alerts (the {@link Muter}s, the route's time
 * intervals), asks the {@link NotificationLog} whether the receiver needs to hear about the group
 * (new firing alerts, newly resolved ones, or {@code repeat_interval} passed) and sends to every
 * integration of the receiver in parallel, retrying with exponential backoff until the group
 * interval is over.
 *
 * <p>Each group runs on its own virtual thread and each delivery on another, so a slow or failing
 * receiver delays nobody else. Thread-safe; {@link #apply} swaps the configuration (the groups are
 * rebuilt from the store's alerts; the log prevents repeats).
 */
public final class Dispatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
  static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  /** How long past the group interval a request already sent may take to answer. */
  static final Duration IN_FLIGHT_GRACE = Duration.ofSeconds(10);

  private final AlertStore store;
  private final List<Muter> muters;
  private final NotificationLog log;
  private final DispatchMetrics metrics;
  private final Supplier<Instant> clock;
  private final Consumer<List<AlertStore.Entry>> listener = this::receive;
  private final Map<GroupId, AggregationGroup> groups = new ConcurrentHashMap<>();
  private volatile State state;
  private boolean closed;
  private boolean subscribed;

  private record State(NotifierConfig config, IdentityHashMap<Route, Integer> routeIds) {}

  private record GroupId(int route, Labels labels) {}

  /**
   * A dispatcher over {@code store}; it starts routing with the first {@link #apply}.
   *
   * @param muters asked for every alert at every flush (silences, inhibition, ...)
   */
  public Dispatcher(
      AlertStore store, List<Muter> muters, NotificationLog log, DispatchMetrics metrics) {
    this(store, muters, log, metrics, Instant::now);
  }

  Dispatcher(
      AlertStore store,
      List<Muter> muters,
      NotificationLog log,
      DispatchMetrics metrics,
      Supplier<Instant> clock) {
    this.store = store;
    this.muters = List.copyOf(muters);
    this.log = log;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * Starts or replaces the configuration: the running groups end and every stored alert is routed
   * again under the new tree. Null stops routing (no notifier configured).
   */
  public synchronized void apply(NotifierConfig config) {
    if (closed) {
      return;
    }
    if (config == null) {
      state = null;
      for (AggregationGroup g : groups.values()) {
        g.end();
      }
      groups.clear();
      return;
    }
    IdentityHashMap<Route, Integer> ids = new IdentityHashMap<>();
    for (Route r : config.route().flatten()) {
      ids.put(r, ids.size());
    }
    state = new State(config, ids);
    for (AggregationGroup g : groups.values()) {
      g.end();
    }
    groups.clear();
    if (!subscribed) {
      subscribed = true;
      store.subscribe(listener);
    }
    receive(store.list(e -> true));
  }

  /** The configuration in force, or null before the first {@link #apply}. */
  public NotifierConfig config() {
    State s = state;
    return s == null ? null : s.config;
  }

  /** The current aggregation groups. */
  public List<AggregationGroup> groups() {
    List<AggregationGroup> out = new ArrayList<>(groups.values());
    out.sort((a, b) -> a.key().compareTo(b.key()));
    return out;
  }

  /** The receivers an alert with {@code labels} is routed to, in routing order. */
  public List<String> receivers(Labels labels) {
    State s = state;
    if (s == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (Route r : s.config.route().match(labels)) {
      if (!out.contains(r.receiver())) {
        out.add(r.receiver());
      }
    }
    return out;
  }

  /** The muters asked at every flush. */
  public List<Muter> muters() {
    return muters;
  }

  /**
   * What mutes {@code labels} now, from every muter that holds back every notification (silences,
   * inhibition, maintenance, flapping); empty when nothing does. Muters that hold back repeats only
   * (acknowledgements) are asked by {@link #holdsRepeat}.
   */
  public List<String> mutedBy(Labels labels, Instant now) {
    List<String> out = new ArrayList<>();
    for (Muter m : muters) {
      if (!m.repeatsOnly()) {
        out.addAll(m.mutedBy(labels, now));
      }
    }
    return out;
  }

  /** Whether a repeat-only muter (an acknowledgement) holds back a repeat about {@code labels}. */
  private boolean holdsRepeat(Labels labels, Instant now) {
    for (Muter m : muters) {
      if (m.repeatsOnly() && !m.mutedBy(labels, now).isEmpty()) {
        return true;
      }
    }
    return false;
  }

  private void receive(List<AlertStore.Entry> entries) {
    State s = state;
    if (s == null) {
      return;
    }
    Instant now = clock.get();
    for (AlertStore.Entry e : entries) {
      for (Route r : s.config.route().match(e.alert().labels())) {
        GroupId id = new GroupId(s.routeIds.get(r), r.groupLabels(e.alert().labels()));
        while (true) {
          AggregationGroup g =
              groups.computeIfAbsent(
                  id, k -> start(s, new AggregationGroup(r, k.labels(), now.plus(r.groupWait()))));
          if (g.add(e, now)) {
            break;
          }
          groups.remove(id, g);
        }
      }
    }
    metrics.groups.set(groups.size());
  }

  private AggregationGroup start(State s, AggregationGroup g) {
    Thread.ofVirtual().name("notify-group").start(() -> run(s, g));
    return g;
  }

  private void run(State s, AggregationGroup g) {
    try {
      while (g.awaitFlush(clock)) {
        if (flush(s, g)) {
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.error("alert group {} failed: {}", g.key(), e.toString(), e);
    } finally {
      g.end();
      groups.values().remove(g);
      metrics.groups.set(groups.size());
    }
  }

  /** One flush; returns whether the group ended. */
  boolean flush(State s, AggregationGroup g) throws InterruptedException {
    Instant now = clock.get();
    Route route = g.route();
    List<AlertStore.Entry> all = g.alerts();
    List<Notification.Member> members = new ArrayList<>();
    List<AlertStore.Entry> resolved = new ArrayList<>();
    for (AlertStore.Entry e : all) {
      boolean firing = !e.resolvedAt(now);
      if (!firing) {
        resolved.add(e);
      }
      if (mutedBy(e.alert().labels(), now).isEmpty()) {
        members.add(new Notification.Member(e.alert(), e.fingerprint(), firing));
      }
    }
    members.sort(
        (a, b) ->
            a.firing() != b.firing()
                ? (a.firing() ? -1 : 1)
                : a.fingerprint().compareTo(b.fingerprint()));
    boolean ok = true;
    boolean anyFiring = members.stream().anyMatch(Notification.Member::firing);
    if (!members.isEmpty() && !timeMuted(s.config, route, now)) {
      ok = send(s, g, route.receiver(), "", members, now);
      if (anyFiring && g.escalationStart == null) {
        // The clock runs from the first attempt: a receiver that cannot be reached escalates too.
        g.escalationStart = now;
      }
      ok &= escalate(s, g, members, now);
    }
    if (!anyFiring) {
      g.escalationStart = null;
    }
    return ok && g.removeNotified(resolved);
  }

  /**
   * Notifies the receivers of the route's escalation steps that are due: each gets the group's
   * firing alerts that no acknowledgement holds (and resolved ones it asked for) once the step's
   * delay has passed since the group's first notification, and from then on follows the same repeat
   * and resolve rules as the route's receiver. Brings the next flush forward to the next step that
   * is not due yet.
   */
  private boolean escalate(
      State s, AggregationGroup g, List<Notification.Member> members, Instant now)
      throws InterruptedException {
    List<Route.Escalation> steps = g.route().escalate();
    Instant start = g.escalationStart;
    if (steps.isEmpty() || start == null) {
      return true;
    }
    List<Notification.Member> unacknowledged = new ArrayList<>();
    for (Notification.Member m : members) {
      if (!m.firing() || !holdsRepeat(m.alert().labels(), now)) {
        unacknowledged.add(m);
      }
    }
    if (unacknowledged.stream().noneMatch(Notification.Member::firing)) {
      return true;
    }
    boolean ok = true;
    for (int i = 0; i < steps.size(); i++) {
      Route.Escalation step = steps.get(i);
      Instant due = start.plus(step.after());
      if (due.isAfter(now)) {
        g.flushBy(due);
        break;
      }
      ok &= send(s, g, step.receiver(), "|escalate" + i, unacknowledged, now);
    }
    return ok;
  }

  private static boolean timeMuted(NotifierConfig c, Route r, Instant now) {
    for (String name : r.muteTimeIntervals()) {
      TimeInterval ti = c.timeIntervals().get(name);
      if (ti != null && ti.contains(now)) {
        return true;
      }
    }
    if (r.activeTimeIntervals().isEmpty()) {
      return false;
    }
    for (String name : r.activeTimeIntervals()) {
      TimeInterval ti = c.timeIntervals().get(name);
      if (ti != null && ti.contains(now)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Sends to every integration of {@code receiverName} in parallel; true when all succeeded. {@code
   * logSuffix} keeps an escalation step's notification log apart from the route receiver's.
   */
  private boolean send(
      State s,
      AggregationGroup g,
      String receiverName,
      String logSuffix,
      List<Notification.Member> members,
      Instant now)
      throws InterruptedException {
    NotifierConfig.Receiver receiver = s.config.receivers().get(receiverName);
    if (receiver == null) {
      return true;
    }
    Instant deadline = now.plus(g.route().groupInterval());
    Map<Thread, boolean[]> running = new LinkedHashMap<>();
    List<Notifier> notifiers = receiver.notifiers();
    for (int i = 0; i < notifiers.size(); i++) {
      Notifier n = notifiers.get(i);
      String logKey = g.key() + logSuffix + "|" + receiver.name() + "|" + n.integration() + "|" + i;
      List<Notification.Member> list =
          n.sendResolved()
              ? members
              : members.stream().filter(Notification.Member::firing).toList();
      Set<String> firing = new HashSet<>();
      Set<String> resolvedSet = new HashSet<>();
      for (Notification.Member m : members) {
        (m.firing() ? firing : resolvedSet).add(m.fingerprint());
      }
      if (!n.sendResolved()) {
        resolvedSet.clear();
      }
      NotificationLog.Entry last = log.get(logKey);
      if (list.isEmpty()
          || !needsUpdate(last, firing, resolvedSet, g.route().repeatInterval(), now)) {
        continue;
      }
      if (isRepeat(last, firing, resolvedSet) && allFiringHeld(list, now)) {
        // Nothing changed since the last notification and every firing alert is acknowledged:
        // the repeat is held (the log keeps its time, so the repeat follows once an ack ends).
        continue;
      }
      Notification note =
          new Notification(
              receiver.name(),
              g.key(),
              g.groupLabels(),
              list,
              s.config.context().externalUrl(),
              0,
              now);
      boolean[] result = new boolean[1];
      Thread t =
          Thread.ofVirtual()
              .name("notify-" + n.integration())
              .start(
                  () -> {
                    result[0] = deliver(n, note, deadline);
                    if (result[0]) {
                      log.put(logKey, new NotificationLog.Entry(firing, resolvedSet, now));
                    }
                  });
      running.put(t, result);
    }
    boolean ok = true;
    // No attempt starts after the deadline, but one under way is given IN_FLIGHT_GRACE to answer:
    // abandoning a request the receiver may already have taken would leave it out of the log, and
    // the next flush would notify the receiver a second time.
    Instant giveUp = deadline.plus(IN_FLIGHT_GRACE);
    for (Map.Entry<Thread, boolean[]> e : running.entrySet()) {
      long left = Duration.between(clock.get(), giveUp).toMillis();
      if (left > 0) {
        e.getKey().join(Duration.ofMillis(left));
      }
      if (e.getKey().isAlive()) {
        e.getKey().interrupt();
        e.getKey().join(Duration.ofSeconds(1));
      }
      ok &= e.getValue()[0];
    }
    return ok;
  }

  /** Whether a notification now would only repeat {@code last}: nothing fires or resolved anew. */
  static boolean isRepeat(NotificationLog.Entry last, Set<String> firing, Set<String> resolved) {
    return last != null
        && last.firing().containsAll(firing)
        && last.resolved().containsAll(resolved);
  }

  private boolean allFiringHeld(List<Notification.Member> list, Instant now) {
    boolean anyFiring = false;
    for (Notification.Member m : list) {
      if (m.firing()) {
        anyFiring = true;
        if (!holdsRepeat(m.alert().labels(), now)) {
          return false;
        }
      }
    }
    return anyFiring;
  }

  /**
   * Alertmanager's rule for whether a receiver needs to hear about a group: never told before and
   * something fires; a firing alert it was not told about; a newly resolved alert (when it wants
   * resolved ones); or {@code repeat_interval} passed since the last notification.
   */
  static boolean needsUpdate(
      NotificationLog.Entry last,
      Set<String> firing,
      Set<String> resolved,
      Duration repeat,
      Instant now) {
    if (last == null) {
      return !firing.isEmpty();
    }
    if (!last.firing().containsAll(firing)) {
      return true;
    }
    if (firing.isEmpty() && last.firing().isEmpty()) {
      return false;
    }
    if (!last.resolved().containsAll(resolved)) {
      return true;
    }
    return !last.at().plus(repeat).isAfter(now);
  }

  /** Delivers with retries until it succeeds, fails for good, or {@code deadline} passes. */
  private boolean deliver(Notifier n, Notification note, Instant deadline) {
    String integration = n.integration();
    metrics.notifications.labels(integration).inc();
    long started = System.nanoTime();
    Duration backoff = FIRST_BACKOFF;
    for (int attempt = 1; ; attempt++) {
      metrics.requests.labels(integration).inc();
      try {
        n.notify(note);
        metrics.latency.labels(integration).observe((System.nanoTime() - started) / 1e9);
        return true;
      } catch (NotifyException e) {
        metrics.requestsFailed.labels(integration).inc();
        long left = Duration.between(clock.get(), deadline).toMillis();
        if (!e.retryable() || left <= backoff.toMillis()) {
          LOG.warn(
              "notify {} for group {} failed after {} attempt(s): {}",
              integration,
              note.groupKey(),
              attempt,
              e.getMessage());
          break;
        }
        // The first failure is shown at once (a wrong URL or credentials should not wait for
        // the end of the group interval to be seen); the retries after it only in debug.
        if (attempt == 1) {
          LOG.warn(
              "notify {} for group {} failed, retrying with backoff: {}",
              integration,
              note.groupKey(),
              e.getMessage());
        } else {
          LOG.debug(
              "notify {} attempt {} failed, retrying: {}", integration, attempt, e.getMessage());
        }
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          break;
        }
        backoff =
            backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
                ? MAX_BACKOFF
                : backoff.multipliedBy(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        LOG.warn(
            "notify {} for group {} gave up: no answer within the group interval and its grace",
            integration,
            note.groupKey());
        break;
      } catch (RuntimeException e) {
        metrics.requestsFailed.labels(integration).inc();
        LOG.error("notify {} failed: {}", integration, e.toString(), e);
        break;
      }
    }
    metrics.failed.labels(integration).inc();
    metrics.latency.labels(integration).observe((System.nanoTime() - started) / 1e9);
    return false;
  }

  @Override
  public synchronized void close() {
    closed = true;
    store.unsubscribe(listener);
    for (AggregationGroup g : groups.values()) {
      g.end();
    }
    groups.clear();
  }
}
