package dev.vigil.server.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Starts a JVM the way {@code nohup} does (SIGHUP ignored) and without it, and reads its log. */
class SignalsTest {

  /** The child JVM: installs the handlers and exits. */
  public static final class Probe {
    private Probe() {}

    public static void main(String[] args) {
      Signals.install(() -> {}, () -> {});
    }
  }

  private static String run(String shellPrefix) throws IOException, InterruptedException {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Process p =
        new ProcessBuilder(
                "sh",
                "-c",
                shellPrefix + " exec \"$0\" -cp \"$1\" \"$2\"",
                java,
                System.getProperty("java.class.path"),
                Probe.class.getName())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  @Test
  void warnsWhenSighupIsIgnoredAndNamesTheReloadEndpoint() throws Exception {
    String ignored = run("trap '' HUP;");
    assertThat(ignored)
        .contains("SIGHUP is ignored by the process that started Vigil")
        .contains("POST /-/reload");
    assertThat(List.of(run("trap - HUP;").split("\n")))
        .noneMatch(line -> line.contains("is ignored by the process"));
  }
}
