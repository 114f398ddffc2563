package dev.vigil.server.http;

import dev.vigil.core.selfmetrics.MetricsRegistry;
import dev.vigil.server.config.ListenAddress;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import java.net.BindException;
import java.time.Duration;
import java.util.Set;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vigil's HTTP server: Javalin on Jetty with virtual threads, gzip, a request-body limit, JSON
 * errors everywhere, per-route metrics and a permission check before every route. The UI is one
 * more set of routes ({@code dev.vigil.server.ui.UiAssets}).
 *
 * <p>Lifecycle: {@link #start} once, then {@link #stop} once. Thread-safe after start.
 */
public final class HttpServer {
  private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
  private static final String ROUTE_ATTR = "vigil.route";
  private static final String START_ATTR = "vigil.start";

  private final Javalin app;
  private final HttpMetrics metrics;
  private final long maxRequestBytes;

  /** Builds a server for {@code routes}. */
  public HttpServer(
      RouteTable routes, Authorizer authorizer, MetricsRegistry registry, long maxRequestBytes) {
    this.metrics = new HttpMetrics(registry);
    this.maxRequestBytes = maxRequestBytes;
    this.app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.startup.showOldJavalinVersionWarning = false;
              config.concurrency.useVirtualThreads = true;
              config.http.compressionStrategy = CompressionStrategy.GZIP;
              config.http.maxRequestSize = maxRequestBytes;
              config.router.ignoreTrailingSlashes = true;
              config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
              config.requestLogger.http(this::finished);
              config.routes.before(this::admit);
              config.routes.beforeMatched(ctx -> authorizer.check(ctx, permissions(ctx)));
              Set<String> heads = new java.util.HashSet<>();
              for (Route r : routes.routes()) {
                if (HandlerType.HEAD.equals(r.method())) {
                  heads.add(r.path());
                }
              }
              for (Route r : routes.routes()) {
                Handler handler =
                    ctx -> {
                      ctx.attribute(ROUTE_ATTR, r.path());
                      r.handler().handle(ctx);
                    };
                config.routes.addHttpHandler(r.method(), r.path(), handler, r.permission());
                if (HandlerType.GET.equals(r.method()) && !heads.contains(r.path())) {
                  // Javalin answers HEAD with the GET handler but without the route's roles, so
                  // the permission check would see none: HEAD gets the GET route's permission.
                  config.routes.addHttpHandler(HandlerType.HEAD, r.path(), handler, r.permission());
                }
              }
              config.routes.exception(ApiException.class, this::apiError);
              config.routes.exception(HttpResponseException.class, this::javalinError);
              config.routes.exception(Exception.class, this::unexpected);
              config.routes.error(404, ctx -> notFound(ctx));
            });
  }

  private static Set<Permission> permissions(Context ctx) {
    Set<Permission> out = new java.util.HashSet<>();
    for (Object role : ctx.routeRoles()) {
      if (role instanceof Permission p) {
        out.add(p);
      }
    }
    return out;
  }

  private void admit(Context ctx) {
    ctx.attribute(START_ATTR, System.nanoTime());
    metrics.started();
    long length = ctx.contentLength();
    if (length > maxRequestBytes) {
      throw new ApiException(
          413,
          ErrorType.TOO_LARGE,
          "request body of "
              + length
              + " bytes is larger than the limit of "
              + maxRequestBytes
              + " bytes (server.max_request_size)");
    }
  }

  private void finished(Context ctx, Float millis) {
    Long start = ctx.attribute(START_ATTR);
    if (start == null) {
      return; // rejected before our first handler ran; nothing was counted as in flight
    }
    String route = ctx.attribute(ROUTE_ATTR);
    if (route == null) {
      int status = ctx.statusCode();
      route = status < 400 ? "/static" : "other";
    }
    metrics.finished(route, ctx.statusCode(), (System.nanoTime() - start) / 1e9);
  }

  private void apiError(ApiException e, Context ctx) {
    Json.error(ctx, e.status(), e.type(), e.getMessage());
  }

  private void javalinError(HttpResponseException e, Context ctx) {
    int status = e.getStatus();
    String msg = e.getMessage() == null || e.getMessage().isBlank() ? "error" : e.getMessage();
    if (status == 413) {
      msg =
          "request body is larger than the limit of "
              + maxRequestBytes
              + " bytes (server.max_request_size)";
    }
    Json.error(ctx, status, ErrorType.forStatus(status), msg);
  }

  private void unexpected(Exception e, Context ctx) {
    LOG.error("internal error serving {} {}", ctx.method(), ctx.path(), e);
    Json.error(
        ctx,
        500,
        ErrorType.INTERNAL,
        "internal error while serving " + ctx.path() + "; the server log has the details");
  }

  private static void notFound(Context ctx) {
    // A handler's own JSON 404 (an object, or a string as Alertmanager's API answers) stays.
    String r = ctx.result();
    if (r == null || r.isEmpty() || !(r.startsWith("{") || r.startsWith("\""))) {
      Json.error(
          ctx, 404, ErrorType.NOT_FOUND, "no such route: " + ctx.method() + " " + ctx.path());
    }
  }

  /**
   * Starts listening.
   *
   * @throws PortInUseException if the address is taken
   */
  public void start(ListenAddress listen) {
    try {
      app.start(listen.bindHost(), listen.port());
    } catch (RuntimeException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof BindException) {
          throw new PortInUseException(listen, t);
        }
      }
      throw e;
    }
  }

  /** The port actually bound (useful with port 0). */
  public int port() {
    return app.port();
  }

  /**
   * Stops gracefully: closes the listening socket so no new connection is accepted, lets requests
   * in flight finish for up to {@code grace}, then stops the server.
   */
  public void stop(Duration grace) {
    for (Connector c : app.jettyServer().server().getConnectors()) {
      if (c instanceof ServerConnector sc) {
        sc.close();
      }
    }
    long deadline = System.nanoTime() + grace.toNanos();
    while (metrics.inFlight() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (metrics.inFlight() > 0) {
      LOG.warn("{} requests still running after {}; stopping anyway", metrics.inFlight(), grace);
    }
    app.stop();
  }

  /** The listen address is already taken by another process. */
  public static final class PortInUseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PortInUseException(ListenAddress listen, Throwable cause) {
      super(
          "cannot listen on "
              + listen
              + ": the port is already in use by another process (choose another with --listen)",
          cause);
    }
  }
}
