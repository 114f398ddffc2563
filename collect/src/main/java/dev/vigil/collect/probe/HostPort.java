package dev.vigil.collect.probe;

/** A {@code host:port} or {@code [v6]:port} target. */
record HostPort(String host, int port) {
  /** Parses {@code s}; null when it is not host:port with a port in 1..65535. */
  static HostPort parse(String s) {
    int colon = s.lastIndexOf(':');
    if (colon <= 0 || colon == s.length() - 1) {
      return null;
    }
    String host = s.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      return null;
    }
    try {
      int port = Integer.parseInt(s.substring(colon + 1));
      return port >= 1 && port <= 65535 && !host.isEmpty() ? new HostPort(host, port) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
