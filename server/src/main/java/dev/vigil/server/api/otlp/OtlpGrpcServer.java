package dev.vigil.server.api.otlp;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import dev.vigil.ingest.IngestException;
import dev.vigil.ingest.otlp.OtlpDecoder;
import dev.vigil.ingest.otlp.OtlpResponses;
import dev.vigil.ingest.otlp.OtlpResult;
import dev.vigil.server.api.write.WriteApi;
import dev.vigil.server.config.ListenAddress;
import dev.vigil.server.http.ApiException;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OTLP over gRPC: {@code opentelemetry.proto.collector.metrics.v1.MetricsService/Export} on port
 * 4317 by default, with the same translation, admission and batch as {@code POST /v1/metrics}.
 *
 * <p>Status codes as the OTLP specification asks: OK with {@code partial_success} when some data
 * points were rejected; RESOURCE_EXHAUSTED with a {@code RetryInfo} of one second when the server
 * is saturated (the exporter retries); UNAVAILABLE while the store is not open; messages larger
 * than {@code server.max_request_size} are refused by gRPC with RESOURCE_EXHAUSTED before they are
 * read.
 */
public final class OtlpGrpcServer {
  private static final Logger LOG = LoggerFactory.getLogger(OtlpGrpcServer.class);
  private static final String PROTOCOL = "otlp_grpc";

  private final Server server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

  /** Thrown by {@link #start} when the address is taken. */
  public static final class PortInUseException extends IOException {
    private static final long serialVersionUID = 1L;

    PortInUseException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** A server on {@code address} (not started) taking messages up to {@code maxMessageBytes}. */
  public OtlpGrpcServer(
      ListenAddress address, int maxMessageBytes, WriteApi write, OtlpDecoders decoders) {
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress(address.bindHost(), address.port()))
            .maxInboundMessageSize(maxMessageBytes)
            .executor(executor)
            .addService(new MetricsService(write, decoders))
            .build();
  }

  /** Binds and starts serving. */
  public void start() throws IOException {
    try {
      server.start();
    } catch (IOException e) {
      if (hasBindCause(e)) {
        throw new PortInUseException("OTLP/gRPC cannot listen: " + e.getCause(), e);
      }
      throw e;
    }
  }

  /**
   * Whether {@code e} says the address is taken. With Netty's native epoll transport the cause is
   * not a {@link BindException} but a native I/O error carrying the OS's text, so both count.
   */
  private static boolean hasBindCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage();
      if (t instanceof BindException
          || (m != null
              && m.toLowerCase(java.util.Locale.ROOT).contains("address already in use"))) {
        return true;
      }
    }
    return false;
  }

  /** The port the server listens on. */
  public int port() {
    return server.getPort();
  }

  /** Stops accepting new calls; {@link #stop} then waits for the ones in flight. */
  public void beginShutdown() {
    server.shutdown();
  }

  /** Stops accepting calls, lets calls in flight finish for up to {@code timeout}, then ends. */
  public void stop(Duration timeout) {
    server.shutdown();
    try {
      if (!server.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("OTLP/gRPC calls still running after {}; cancelling them", timeout);
        server.shutdownNow();
        server.awaitTermination(1, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.shutdownNow();
    }
    executor.shutdown();
  }

  private static final class MetricsService extends MetricsServiceGrpc.MetricsServiceImplBase {
    private final WriteApi write;
    private final OtlpDecoders decoders;

    MetricsService(WriteApi write, OtlpDecoders decoders) {
      this.write = write;
      this.decoders = decoders;
    }

    @Override
    public void export(
        ExportMetricsServiceRequest request,
        StreamObserver<ExportMetricsServiceResponse> response) {
      OtlpResult result;
      try {
        OtlpDecoder decoder = decoders.take();
        try {
          result = write.write(PROTOCOL, app -> decoder.translator().translate(request, app));
        } finally {
          decoders.give(decoder);
        }
      } catch (WriteApi.OverloadedException e) {
        response.onError(
            StatusProto.toStatusRuntimeException(
                com.google.rpc.Status.newBuilder()
                    .setCode(Code.RESOURCE_EXHAUSTED_VALUE)
                    .setMessage(e.getMessage())
                    .addDetails(
                        Any.pack(
                            RetryInfo.newBuilder()
                                .setRetryDelay(
                                    com.google.protobuf.Duration.newBuilder().setSeconds(1))
                                .build()))
                    .build()));
        return;
      } catch (IngestException e) {
        response.onError(
            Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
        return;
      } catch (ApiException e) {
        Status s = e.status() == 503 ? Status.UNAVAILABLE : Status.INVALID_ARGUMENT;
        response.onError(s.withDescription(e.getMessage()).asRuntimeException());
        return;
      } catch (RuntimeException e) {
        LOG.error("OTLP/gRPC export failed", e);
        response.onError(
            Status.INTERNAL.withDescription("write failed: " + e).asRuntimeException());
        return;
      }
      write.count(PROTOCOL, result.stats());
      response.onNext(OtlpResponses.response(result));
      response.onCompleted();
    }
  }
}
