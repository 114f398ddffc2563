package dev.vigil.alerting.receivers;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.core.SuppressForbidden;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/** A real HTTP server on the loopback that records requests and answers with queued replies. */
@SuppressForbidden(reason = "the JDK's HTTP server is a real server for the receivers to talk to")
public final class Loopback implements AutoCloseable {
  /** One received request. */
  public record Request(String method, String uri, Map<String, List<String>> headers, String body) {
    public JsonNode json() {
      return Payloads.read(body);
    }

    public String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().get(0);
        }
      }
      return null;
    }
  }

  /** A reply: status, body, and how long to wait before answering. */
  public record Reply(int status, String body, long delayMillis) {}

  private final HttpServer server;
  public final List<Request> requests = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedQueue<Reply> replies = new ConcurrentLinkedQueue<>();

  public Loopback() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/",
        ex -> {
          handle(ex);
        });
    server.start();
  }

  private void handle(com.sun.net.httpserver.HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    requests.add(
        new Request(
            ex.getRequestMethod(),
            ex.getRequestURI().toString(),
            Map.copyOf(ex.getRequestHeaders()),
            body));
    Reply r = replies.poll();
    if (r == null) {
      r = new Reply(200, "{\"ok\":true}", 0);
    }
    if (r.delayMillis() > 0) {
      try {
        Thread.sleep(r.delayMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    byte[] out = r.body().getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(r.status(), out.length == 0 ? -1 : out.length);
    try (OutputStream o = ex.getResponseBody()) {
      o.write(out);
    }
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public void reply(int status, String body) {
    replies.add(new Reply(status, body, 0));
  }

  public void replyLate(long delayMillis) {
    replies.add(new Reply(200, "", delayMillis));
  }

  public Request last() {
    return requests.get(requests.size() - 1);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
