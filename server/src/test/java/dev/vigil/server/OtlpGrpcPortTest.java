package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.server.config.ListenAddress;
import dev.vigil.server.config.VigilConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What docs/configuration.md promises for {@code server.otlp_grpc_listen}: a taken default port
 * 4317 is a warning and Vigil runs without gRPC; a taken address set in the configuration stops the
 * start.
 */
class OtlpGrpcPortTest {

  private static VigilServer server(Path dir, String grpcListen) {
    return new VigilServer(
        null,
        VigilConfig.defaults(),
        new VigilServer.Overrides(
            new ListenAddress("127.0.0.1", 0), dir.resolve("data").toString(), grpcListen),
        Map.of());
  }

  /** Holds the port, or leaves it to whoever holds it already (then it is taken anyway). */
  private static ServerSocket occupy(int port) {
    try {
      ServerSocket s = new ServerSocket();
      s.bind(new InetSocketAddress(port));
      return s;
    } catch (IOException taken) {
      return null;
    }
  }

  @Test
  void aTakenDefaultPortIsAWarningAndTheServerRunsWithoutGrpc(@TempDir Path dir) throws Exception {
    ServerSocket held = occupy(4317);
    try {
      VigilServer s = server(dir, null);
      try {
        s.start();
        assertThat(s.grpcPort()).isEqualTo(-1);
        assertThat(s.port()).isPositive();
      } finally {
        s.stop();
      }
    } finally {
      if (held != null) {
        held.close();
      }
    }
  }

  @Test
  void aTakenConfiguredAddressStopsTheStart(@TempDir Path dir) throws Exception {
    try (ServerSocket held = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String address = "127.0.0.1:" + held.getLocalPort();
      VigilServer s = server(dir, address);
      assertThatThrownBy(s::start)
          .isInstanceOf(IOException.class)
          .hasMessageContaining("server.otlp_grpc_listen " + address + " is in use");
    }
  }
}
