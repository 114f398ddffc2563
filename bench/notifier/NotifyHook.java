// A webhook receiver for bench/notifier-latency.py, run as a single-file program:
//   java bench/notifier/NotifyHook.java PORT
// For every notification it prints "<System.nanoTime()> <groupLabels.group> <number of alerts>",
// so the script compares arrival times with its own time.monotonic() (both CLOCK_MONOTONIC).
// A minimal HTTP/1.1 server, one virtual thread per connection with keep-alive, so that the
// receiver's own cost stays out of the figure (the JDK's HttpServer reads every request on one
// dispatcher thread, which alone took seconds for 1 000 simultaneous notifications).

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class NotifyHook {
  private static final Pattern GROUP =
      Pattern.compile("\"groupLabels\"\\s*:\\s*\\{[^}]*\"group\"\\s*:\\s*\"([^\"]*)\"");
  private static final Pattern ALERT = Pattern.compile("\"fingerprint\"");
  private static final byte[] OK =
      "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  private static PrintStream out;

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    ServerSocket server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 4096);
    out.println("ready");
    while (true) {
      Socket s = server.accept();
      Thread.ofVirtual().start(() -> serve(s));
    }
  }

  private static void serve(Socket s) {
    try (s) {
      InputStream in = new BufferedInputStream(s.getInputStream());
      OutputStream o = s.getOutputStream();
      while (true) {
        if (readLine(in) == null) {
          return; // the request line; null: the sender closed the connection
        }
        int length = -1;
        String line;
        while ((line = readLine(in)) != null && !line.isEmpty()) {
          String l = line.toLowerCase(Locale.ROOT);
          if (l.startsWith("content-length:")) {
            length = Integer.parseInt(l.substring(15).trim());
          }
        }
        byte[] body = in.readNBytes(Math.max(0, length));
        long now = System.nanoTime();
        o.write(OK);
        o.flush();
        String text = new String(body, StandardCharsets.UTF_8);
        Matcher g = GROUP.matcher(text);
        int alerts = 0;
        for (Matcher a = ALERT.matcher(text); a.find(); ) {
          alerts++;
        }
        String record = now + " " + (g.find() ? g.group(1) : "?") + " " + alerts;
        synchronized (out) {
          out.println(record);
        }
      }
    } catch (IOException e) {
      // the sender closed the connection
    }
  }

  /** One header line without its CRLF; null at the end of the stream. */
  private static String readLine(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        int n = b.length();
        return n > 0 && b.charAt(n - 1) == '\r' ? b.substring(0, n - 1) : b.toString();
      }
      b.append((char) c);
    }
    return b.length() == 0 ? null : b.toString();
  }
}
