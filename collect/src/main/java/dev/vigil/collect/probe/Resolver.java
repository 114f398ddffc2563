package dev.vigil.collect.probe;

import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Name resolution through the JDK's resolver (the system's: {@code /etc/hosts}, {@code
 * resolv.conf}), bounded by a deadline: the JDK's lookup cannot be cut, so it runs on its own
 * virtual thread and the probe stops waiting at the deadline.
 */
final class Resolver {
  private Resolver() {}

  static InetAddress[] resolve(String host, Deadline d)
      throws UnknownHostException, SocketTimeoutException, InterruptedException {
    CompletableFuture<InetAddress[]> f = new CompletableFuture<>();
    Thread.ofVirtual()
        .name("probe-resolve " + host)
        .start(
            () -> {
              try {
                f.complete(InetAddress.getAllByName(host));
              } catch (UnknownHostException | RuntimeException e) {
                f.completeExceptionally(e);
              }
            });
    try {
      return f.get(d.remainingMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw d.timedOut();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownHostException u) {
        throw u;
      }
      throw new UnknownHostException(host + ": " + e.getCause().getMessage());
    }
  }
}
