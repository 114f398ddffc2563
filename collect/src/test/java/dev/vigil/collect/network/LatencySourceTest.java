package dev.vigil.collect.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vigil.collect.scrape.LocalTarget;
import dev.vigil.collect.source.MetricWriter;
import dev.vigil.collect.source.Source;
import dev.vigil.core.model.Labels;
import dev.vigil.core.storage.Appender;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Round trips to real hosts on this machine, and what a host that never answers gives. */
class LatencySourceTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static LatencyConfig config(String yaml) throws Exception {
    return YAML.readValue(yaml, LatencyConfig.class);
  }

  /** One collection's samples by series, and the source's verdict. */
  private record Collected(Map<String, Double> values, String failure) {
    double get(String series) {
      Double v = values.get(series);
      assertThat(v).as(series + " in " + values.keySet()).isNotNull();
      return v;
    }
  }

  private static Collected collect(Source s) throws Exception {
    Map<String, Double> values = new LinkedHashMap<>();
    Appender app =
        new Appender() {
          @Override
          public long append(long ref, Labels labels, long t, double v) {
            values.put(labels.toString(), v);
            return 1;
          }

          @Override
          public void commit() {}

          @Override
          public void rollback() {}
        };
    String failure = s.collect(new MetricWriter(app, (f, t, h, u) -> {}, 0));
    return new Collected(values, failure);
  }

  private static final String ID = "host=\"127.0.0.1\", ip=\"127.0.0.1\"";

  @Test
  void loopbackAnswersEveryRequestAndTheCountersGrow() throws Exception {
    LatencyConfig c = config("{hosts: [127.0.0.1], pings: 3, interval: 5s}");
    List<LocalTarget> targets = c.targets();
    assertThat(targets).hasSize(1);
    assertThat(targets.get(0).job()).isEqualTo("network_latency");
    assertThat(targets.get(0).labels()).isEqualTo(Labels.of("instance", "127.0.0.1"));
    Source s = targets.get(0).source().get();
    Collected first = collect(s);
    assertThat(first.failure()).isNull();
    assertThat(first.get("smokeping_requests_total{" + ID + "}")).isEqualTo(3);
    assertThat(first.get("smokeping_response_duration_seconds_count{" + ID + "}")).isEqualTo(3);
    double sum = first.get("smokeping_response_duration_seconds_sum{" + ID + "}");
    assertThat(sum).isPositive().isLessThan(3.0);
    assertThat(first.get("smokeping_response_duration_seconds_bucket{" + ID + ", le=\"+Inf\"}"))
        .isEqualTo(3);
    // The buckets are cumulative: each holds at least what the one below holds.
    double below = 0;
    for (double le : LatencySource.BUCKETS) {
      double n =
          first.get("smokeping_response_duration_seconds_bucket{" + ID + ", le=\"" + le + "\"}");
      assertThat(n).isGreaterThanOrEqualTo(below);
      below = n;
    }
    Collected second = collect(s);
    assertThat(second.get("smokeping_requests_total{" + ID + "}")).isEqualTo(6);
    assertThat(second.get("smokeping_response_duration_seconds_count{" + ID + "}")).isEqualTo(6);
  }

  @Test
  void aFallbackPortThatListensOrRefusesCountsAsAnAnswer() throws Exception {
    try (ServerSocket listening = new ServerSocket()) {
      listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      for (int port : new int[] {listening.getLocalPort(), closedPort()}) {
        LatencyConfig c = config("{hosts: [127.0.0.1], pings: 2, fallback_port: " + port + "}");
        Collected r = collect(c.targets().get(0).source().get());
        assertThat(r.failure()).as("port " + port).isNull();
        assertThat(r.get("smokeping_response_duration_seconds_count{" + ID + "}")).isEqualTo(2);
      }
    }
  }

  @Test
  void aHostThatNeverAnswersIsAFailureWithEveryRequestCounted() throws Exception {
    // A listening socket whose accept queue is full: Linux drops further connection requests
    // without an answer, as a host behind a dropping firewall does.
    List<java.net.Socket> queued = new java.util.ArrayList<>();
    try (ServerSocket full = new ServerSocket()) {
      full.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
      int port = full.getLocalPort();
      boolean dropping = false;
      for (int i = 0; i < 20 && !dropping; i++) {
        java.net.Socket s = new java.net.Socket();
        queued.add(s);
        try {
          s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        } catch (java.net.SocketTimeoutException e) {
          dropping = true;
        }
      }
      assertThat(dropping).as("the accept queue fills up").isTrue();
      LatencyConfig c =
          config("{hosts: [127.0.0.1], pings: 2, timeout: 200ms, fallback_port: " + port + "}");
      Collected r = collect(c.targets().get(0).source().get());
      assertThat(r.failure()).isEqualTo("no answer from 127.0.0.1 to 2 requests");
      assertThat(r.get("smokeping_requests_total{" + ID + "}")).isEqualTo(2);
      assertThat(r.get("smokeping_response_duration_seconds_count{" + ID + "}")).isZero();
    } finally {
      for (java.net.Socket s : queued) {
        s.close();
      }
    }
  }

  @Test
  void anUnresolvableHostIsReportedByName() throws Exception {
    LatencyConfig c = config("{hosts: [no-such-host.invalid], pings: 1}");
    Source s = c.targets().get(0).source().get();
    assertThatThrownBy(() -> collect(s))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("cannot resolve no-such-host.invalid");
  }

  @Test
  void badSettingsAreRejectedWithTheReason() {
    assertThatThrownBy(() -> config("{hosts: [a, a]}"))
        .hasMessageContaining("hosts: \"a\" is listed twice");
    assertThatThrownBy(() -> config("{hosts: [a], pings: 10, timeout: 2s, interval: 15s}"))
        .hasMessageContaining("must fit in the interval");
    assertThatThrownBy(() -> config("{hosts: ['http://a/']}"))
        .hasMessageContaining("is not a host name or address");
    assertThatThrownBy(() -> config("{hosts: [a], pings: 0}"))
        .hasMessageContaining("pings must be 1..100");
  }

  private static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return s.getLocalPort();
    }
  }
}
