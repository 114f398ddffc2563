package dev.vigil.collect.probe;

import dev.vigil.collect.source.MetricWriter;
import dev.vigil.collect.source.Source;
import dev.vigil.ingest.MetricType;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one configured probe as a scrape target: the prober's series plus blackbox_exporter's {@code
 * probe_success} and {@code probe_duration_seconds}. A failed probe is an unhealthy target: {@code
 * up} 0 and the reason as the target's last error (logged when it changes).
 */
final class ProbeSource implements Source {
  private static final Logger LOG = LoggerFactory.getLogger(ProbeSource.class);

  private final ProbeConfig config;
  private final Prober prober;
  private String lastFailure;

  ProbeSource(ProbeConfig config, Prober prober) {
    this.config = config;
    this.prober = prober;
  }

  @Override
  public String collect(MetricWriter out) throws InterruptedException {
    long start = System.nanoTime();
    Deadline d = Deadline.in(config.timeout().millis());
    String failure;
    try {
      failure = prober.probe(out, d);
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      failure = reason(e);
    }
    out.single(
        "probe_success",
        MetricType.GAUGE,
        "Displays whether or not the probe was a success",
        failure == null ? 1 : 0);
    out.single(
        "probe_duration_seconds",
        MetricType.GAUGE,
        "Returns how long the probe took to complete in seconds",
        (System.nanoTime() - start) / 1e9);
    out.single(
        "probe_slo_objective",
        MetricType.GAUGE,
        "The share of successful probes the probe's objective asks for (slo_objective).",
        config.sloObjective());
    if (failure != null && !failure.equals(lastFailure)) {
      LOG.warn("probe {} of {} failed: {}", config.name(), config.target(), failure);
    } else if (failure == null && lastFailure != null) {
      LOG.info("probe {} of {} succeeds again", config.name(), config.target());
    }
    lastFailure = failure;
    return failure;
  }

  static String reason(Exception e) {
    String msg = e.getMessage() == null ? "" : e.getMessage();
    return switch (e) {
      case SocketTimeoutException t -> msg.startsWith("timeout") ? msg : "timeout: " + msg;
      case UnknownHostException u -> "cannot resolve " + msg;
      case ConnectException c -> "connection failed: " + msg;
      case SSLException s -> "TLS: " + msg;
      default -> e.getClass().getSimpleName() + (msg.isEmpty() ? "" : ": " + msg);
    };
  }
}
