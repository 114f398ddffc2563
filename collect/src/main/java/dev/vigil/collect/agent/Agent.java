package dev.vigil.collect.agent;

import dev.vigil.collect.config.ScrapeConfig;
import dev.vigil.collect.config.ScrapeGlobals;
import dev.vigil.collect.scrape.LocalTarget;
import dev.vigil.collect.scrape.ScrapeManager;
import dev.vigil.core.model.Labels;
import dev.vigil.core.selfmetrics.TextWriter;
import dev.vigil.ingest.MetricType;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Agent mode: runs the scrapes, collectors and probes of a configuration into a {@link DiskQueue}
 * and forwards the queue to a remote write endpoint with a {@link RemoteWriteSender}. Its own state
 * is collected as target {@code job="vigil-agent"} and forwarded with the rest: {@code
 * vigil_agent_queue_pending_bytes}, {@code vigil_agent_queue_dropped_samples_total}, {@code
 * vigil_agent_samples_sent_total}, ...
 *
 * <p>{@link #start} once, {@link #stop} once.
 */
public final class Agent {
  /**
   * How the agent forwards.
   *
   * @param url the remote write endpoint
   * @param headers extra request headers
   * @param queueDir where the queue's files live
   * @param maxQueueBytes the queue's size limit; beyond it the oldest samples are dropped
   * @param minBackoff the first retry's delay
   * @param maxBackoff the longest delay between retries
   * @param instance the {@code instance} label of the agent's own target
   */
  public record Options(
      URI url,
      Map<String, String> headers,
      Path queueDir,
      long maxQueueBytes,
      Duration minBackoff,
      Duration maxBackoff,
      String instance) {}

  private final Options options;
  private final DiskQueue queue;
  private final RemoteWriteSender sender;
  private final ScrapeManager scrapes;
  private Thread senderThread;

  /** Opens the queue (resuming what a previous run left) and prepares the scrape manager. */
  public Agent(Options options, ScrapeGlobals globals) throws IOException {
    this.options = options;
    this.queue = new DiskQueue(options.queueDir(), options.maxQueueBytes());
    this.sender =
        new RemoteWriteSender(
            queue,
            options.url(),
            options.headers(),
            4L << 20,
            options.minBackoff(),
            options.maxBackoff(),
            Duration.ofSeconds(30));
    this.scrapes = new ScrapeManager(new QueueAppendable(queue, globals.externalLabels()), globals);
  }

  /** Starts forwarding and runs {@code scrapeConfigs} and {@code localTargets}. */
  public void start(List<ScrapeConfig> scrapeConfigs, List<LocalTarget> localTargets) {
    senderThread = Thread.ofPlatform().name("remote-write").daemon().start(sender);
    apply(scrapeConfigs, localTargets);
  }

  /** Replaces what the agent runs (e.g. after a configuration reload). */
  public void apply(List<ScrapeConfig> scrapeConfigs, List<LocalTarget> localTargets) {
    List<LocalTarget> all = new ArrayList<>(localTargets);
    all.add(selfTarget());
    scrapes.apply(scrapeConfigs);
    scrapes.applyLocal(all);
  }

  private LocalTarget selfTarget() {
    long interval = scrapes.globals().scrapeInterval().millis();
    return new LocalTarget(
        "vigil-agent",
        Labels.of("instance", options.instance()),
        URI.create("vigil://agent"),
        interval,
        Math.min(interval, 10_000),
        options,
        () ->
            out -> {
              for (Stat st : stats()) {
                out.single(st.name(), st.type(), st.help(), st.value());
              }
              return null;
            });
  }

  /** One of the agent's own series. */
  private record Stat(String name, MetricType type, String help, double value) {}

  private List<Stat> stats() {
    return List.of(
        new Stat(
            "vigil_agent_queue_pending_bytes",
            MetricType.GAUGE,
            "Bytes of collected samples not yet acknowledged by the receiver.",
            queue.pendingBytes()),
        new Stat(
            "vigil_agent_queue_disk_bytes",
            MetricType.GAUGE,
            "Bytes of queue segment files on disk.",
            queue.diskBytes()),
        new Stat(
            "vigil_agent_queue_max_bytes",
            MetricType.GAUGE,
            "The queue's size limit.",
            options.maxQueueBytes()),
        new Stat(
            "vigil_agent_queue_dropped_samples_total",
            MetricType.COUNTER,
            "Samples deleted unsent because the queue reached its size limit.",
            queue.droppedSamples()),
        new Stat(
            "vigil_agent_samples_sent_total",
            MetricType.COUNTER,
            "Samples the receiver acknowledged.",
            sender.sentSamples()),
        new Stat(
            "vigil_agent_samples_rejected_total",
            MetricType.COUNTER,
            "Samples dropped because the receiver refused them with a 4xx status.",
            sender.rejectedSamples()),
        new Stat(
            "vigil_agent_requests_sent_total",
            MetricType.COUNTER,
            "Remote write requests the receiver acknowledged.",
            sender.sentRequests()),
        new Stat(
            "vigil_agent_requests_failed_total",
            MetricType.COUNTER,
            "Remote write requests that failed and were retried.",
            sender.failedRequests()),
        new Stat(
            "vigil_agent_last_send_success_timestamp_seconds",
            MetricType.GAUGE,
            "When a request last succeeded.",
            sender.lastSuccessMillis() / 1000.0));
  }

  /** Writes the agent's own series in the text exposition format, for its {@code /metrics} page. */
  public void writeMetrics(TextWriter out) {
    for (Stat st : stats()) {
      dev.vigil.core.selfmetrics.MetricType t =
          st.type() == MetricType.COUNTER
              ? dev.vigil.core.selfmetrics.MetricType.COUNTER
              : dev.vigil.core.selfmetrics.MetricType.GAUGE;
      out.family(st.name(), t, st.help());
      out.sample(st.name(), List.of(), List.of(), st.value());
    }
  }

  /** The queue (for tests and status). */
  public DiskQueue queue() {
    return queue;
  }

  /** Stops collecting and forwarding; what is queued stays on disk for the next start. */
  public void stop() {
    scrapes.stop();
    if (senderThread != null) {
      senderThread.interrupt();
      try {
        senderThread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    queue.close();
  }
}
