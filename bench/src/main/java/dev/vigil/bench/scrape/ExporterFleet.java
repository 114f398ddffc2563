package dev.vigil.bench.scrape;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Many scrape targets in one process: {@code count} HTTP/1.1 endpoints on consecutive loopback
 * ports, each answering {@code GET /metrics} with its {@link FleetExposition} body (keep-alive,
 * identity encoding; {@code GET /fleet/fetches} on any port lists every target's fetch count; any
 * other path is 404). One selector thread serves every port, so the fleet costs little CPU next to
 * the scrapers it feeds. Fetches are counted per target.
 *
 * <p>Thread-safe: {@link #fetches} may be read while {@link #run} serves.
 */
final class ExporterFleet implements AutoCloseable {
  private static final byte[] NOT_FOUND =
      "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private final FleetExposition exposition;
  private final int firstPort;
  private final Selector selector;
  private final List<ServerSocketChannel> listeners = new ArrayList<>();
  private final AtomicLongArray fetches;
  private volatile boolean closed;

  /** What one connection holds between reads and writes. */
  private static final class Conn {
    final int target;
    final ByteBuffer in = ByteBuffer.allocate(8192);
    ByteBuffer out;

    Conn(int target) {
      this.target = target;
    }
  }

  ExporterFleet(InetAddress host, int firstPort, int count, FleetExposition exposition)
      throws IOException {
    this.exposition = exposition;
    this.firstPort = firstPort;
    this.fetches = new AtomicLongArray(count);
    this.selector = Selector.open();
    try {
      for (int i = 0; i < count; i++) {
        ServerSocketChannel ch = ServerSocketChannel.open();
        listeners.add(ch);
        ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        ch.bind(new InetSocketAddress(host, firstPort + i), 64);
        ch.configureBlocking(false);
        ch.register(selector, SelectionKey.OP_ACCEPT, i);
      }
    } catch (IOException e) {
      close();
      throw new IOException("cannot listen on port " + (firstPort + listeners.size() - 1), e);
    }
  }

  /** How many times target {@code i} (port {@code firstPort + i}) was fetched. */
  long fetches(int i) {
    return fetches.get(i);
  }

  int count() {
    return fetches.length();
  }

  int firstPort() {
    return firstPort;
  }

  /** Serves until {@link #close}. */
  void run() throws IOException {
    while (!closed) {
      selector.select(1000);
      Iterator<SelectionKey> it = selector.selectedKeys().iterator();
      while (it.hasNext()) {
        SelectionKey k = it.next();
        it.remove();
        try {
          if (!k.isValid()) {
            continue;
          }
          if (k.isAcceptable()) {
            accept(k);
          } else {
            if (k.isReadable()) {
              read(k);
            }
            if (k.isValid() && k.isWritable()) {
              write(k, (Conn) k.attachment());
            }
          }
        } catch (IOException e) {
          k.cancel();
          k.channel().close();
        }
      }
    }
  }

  private void accept(SelectionKey k) throws IOException {
    SocketChannel c = ((ServerSocketChannel) k.channel()).accept();
    if (c == null) {
      return;
    }
    c.configureBlocking(false);
    c.setOption(StandardSocketOptions.TCP_NODELAY, true);
    c.register(selector, SelectionKey.OP_READ, new Conn((Integer) k.attachment()));
  }

  private void read(SelectionKey k) throws IOException {
    SocketChannel c = (SocketChannel) k.channel();
    Conn conn = (Conn) k.attachment();
    int n = c.read(conn.in);
    if (n < 0) {
      k.cancel();
      c.close();
      return;
    }
    if (conn.out != null) {
      return; // a pipelined request waits until the current answer is out
    }
    int end = headerEnd(conn.in);
    if (end < 0) {
      if (!conn.in.hasRemaining()) {
        throw new IOException("request header too large");
      }
      return;
    }
    String requestLine = firstLine(conn.in);
    // Drop the request (GETs have no body) and keep what follows it.
    conn.in.flip();
    conn.in.position(end);
    conn.in.compact();
    String[] parts = requestLine.split(" ", 3);
    String path = parts.length > 1 ? parts[1] : "";
    int q = path.indexOf('?');
    if (q >= 0) {
      path = path.substring(0, q);
    }
    if (parts[0].equals("GET") && path.equals("/metrics")) {
      long fetch = fetches.getAndIncrement(conn.target);
      ByteBuffer body = ByteBuffer.allocate(exposition.maxBodySize() + 256);
      body.position(128);
      exposition.render(conn.target, fetch, body);
      int bodyLen = body.position() - 128;
      byte[] head =
          ("HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\n"
                  + "Content-Length: "
                  + bodyLen
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII);
      int start = 128 - head.length;
      body.put(start, head);
      body.limit(body.position());
      body.position(start);
      conn.out = body;
    } else if (parts[0].equals("GET") && path.equals("/fleet/fetches")) {
      conn.out = plain(fetchCounts());
    } else {
      conn.out = ByteBuffer.wrap(NOT_FOUND);
    }
    write(k, conn);
  }

  /** Every target's fetch count, one {@code port count} line per target. */
  private String fetchCounts() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < fetches.length(); i++) {
      b.append(firstPort + i).append(' ').append(fetches.get(i)).append('\n');
    }
    return b.toString();
  }

  private static ByteBuffer plain(String text) {
    byte[] body = text.getBytes(StandardCharsets.US_ASCII);
    byte[] head =
        ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
                + body.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(head.length + body.length).put(head).put(body).flip();
  }

  private void write(SelectionKey k, Conn conn) throws IOException {
    if (conn.out == null) {
      k.interestOps(SelectionKey.OP_READ);
      return;
    }
    ((SocketChannel) k.channel()).write(conn.out);
    if (conn.out.hasRemaining()) {
      k.interestOps(SelectionKey.OP_WRITE);
    } else {
      conn.out = null;
      k.interestOps(SelectionKey.OP_READ);
      if (headerEnd(conn.in) >= 0) {
        read(k);
      }
    }
  }

  /** The offset just past the blank line ending the request header in {@code in}, or -1. */
  private static int headerEnd(ByteBuffer in) {
    for (int i = 3; i < in.position(); i++) {
      if (in.get(i) == '\n' && in.get(i - 1) == '\r' && in.get(i - 2) == '\n') {
        return i + 1;
      }
    }
    return -1;
  }

  private static String firstLine(ByteBuffer in) {
    int i = 0;
    while (i < in.position() && in.get(i) != '\r') {
      i++;
    }
    byte[] b = new byte[i];
    in.get(0, b);
    return new String(b, StandardCharsets.US_ASCII);
  }

  @Override
  public void close() throws IOException {
    closed = true;
    selector.wakeup();
    for (ServerSocketChannel ch : listeners) {
      ch.close();
    }
    selector.close();
  }
}
