package dev.vigil.server.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;

/**
 * Tells a long-running handler that its client went away, so that work nobody waits for stops.
 *
 * <p>Over HTTP/1 Jetty does not read from a connection while a handler runs, so a client that
 * closes its socket goes unnoticed until the response is written. Like Go's {@code net/http} (which
 * Prometheus relies on for the same purpose), the watch reads the connection in the background,
 * every {@link #POLL}: end-of-stream means the client is gone. A byte that arrives instead belongs
 * to a pipelined next request, which cannot be handed back to Jetty: the watch stops and the
 * response closes the connection. Over HTTP/2 the stream's reset reaches Jetty's failure listeners,
 * which the watch also registers.
 *
 * <p>Use it in a try-with-resources around the work; {@link #close()} stops the background reads
 * before the handler returns, so Jetty is the only reader again when it writes the response.
 */
public final class DisconnectWatch implements AutoCloseable {
  static final Duration POLL = Duration.ofMillis(100);

  private final Context ctx;
  private final Runnable onGone;
  private final EndPoint endPoint;
  private final Object lock = new Object();
  private boolean active = true;
  private boolean pipelined;
  private final Thread poller;

  private DisconnectWatch(Context ctx, Runnable onGone) {
    this.ctx = ctx;
    this.onGone = onGone;
    Request core = coreRequest(ctx);
    EndPoint ep = null;
    if (core != null) {
      core.addFailureListener(failure -> gone());
      HttpVersion v = core.getConnectionMetaData().getHttpVersion();
      if (v == HttpVersion.HTTP_1_1 || v == HttpVersion.HTTP_1_0) {
        ep = core.getConnectionMetaData().getConnection().getEndPoint();
      }
    }
    this.endPoint = ep;
    this.poller = ep == null ? null : Thread.ofVirtual().name("disconnect-watch").start(this::poll);
  }

  /** Watches {@code ctx}'s client; {@code onGone} runs at most once, on some other thread. */
  public static DisconnectWatch start(Context ctx, Runnable onGone) {
    return new DisconnectWatch(ctx, onGone);
  }

  private static Request coreRequest(Context ctx) {
    try {
      return ServletContextRequest.getServletContextRequest(ctx.req());
    } catch (IllegalStateException e) {
      return null;
    }
  }

  private void poll() {
    ByteBuffer one = ByteBuffer.allocate(1).limit(0);
    while (true) {
      try {
        Thread.sleep(POLL);
      } catch (InterruptedException e) {
        return;
      }
      synchronized (lock) {
        if (!active) {
          return;
        }
        int n;
        try {
          // Jetty's buffers are in "flush mode": position..limit is content, so empty is 0..0.
          one.limit(0);
          n = endPoint.fill(one);
        } catch (IOException e) {
          n = -1;
        }
        if (n < 0) {
          active = false;
          onGone.run();
          return;
        }
        if (n > 0) {
          active = false;
          pipelined = true;
          return;
        }
      }
    }
  }

  private void gone() {
    synchronized (lock) {
      if (!active) {
        return;
      }
      active = false;
    }
    onGone.run();
  }

  @Override
  public void close() {
    synchronized (lock) {
      active = false;
      if (pipelined) {
        ctx.header("Connection", "close");
      }
    }
    if (poller != null) {
      poller.interrupt();
    }
  }
}
