package dev.vigil.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.cli.VigilCommand;
import dev.vigil.server.testing.Peers;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code vigil check rules} gives the same verdict as the real {@code promtool check rules}
 * (Debian's {@code prometheus} package) on a set of good and bad rule files: same exit code, same
 * rule count for good files, and for bad files every line promtool points at is one Vigil points at
 * too.
 */
class CheckRulesAgainstPromtoolIT {
  private static final Path FILES = Path.of("src/test/resources/rules");
  private static final Pattern POSITION = Pattern.compile(": (\\d+):\\d+: ");

  private record Verdict(int code, String out, String err) {}

  @Test
  void sameVerdictsAsPromtool() throws Exception {
    Path promtool = Peers.require("promtool", "prometheus");
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.walk(FILES)) {
      s.filter(p -> p.toString().endsWith(".yml")).sorted().forEach(files::add);
    }
    assertThat(files).hasSizeGreaterThan(15);
    for (Path f : files) {
      Verdict theirs = promtool(promtool, f);
      Verdict ours = vigil(f);
      boolean good = f.getParent().getFileName().toString().equals("good");
      assertThat(theirs.code())
          .as("promtool on " + f + ": " + theirs.err())
          .isEqualTo(good ? 0 : 1);
      assertThat(ours.code()).as("vigil on " + f + ": " + ours.err()).isEqualTo(theirs.code());
      if (good) {
        assertThat(ours.out()).as(f.toString()).isEqualTo(theirs.out());
      } else {
        assertThat(ours.err()).as(f.toString()).startsWith("  FAILED:\n" + f + ": ");
        assertThat(lines(ours.err()))
            .as(f + "\npromtool: " + theirs.err() + "\nvigil: " + ours.err())
            .containsAll(lines(theirs.err()));
      }
    }
  }

  private static java.util.Set<Integer> lines(String errors) {
    TreeSet<Integer> out = new TreeSet<>();
    Matcher m = POSITION.matcher(errors);
    while (m.find()) {
      int line = Integer.parseInt(m.group(1));
      if (line > 0) { // promtool says 0:0 where it has no position; Vigil names one
        out.add(line);
      }
    }
    return out;
  }

  private static Verdict promtool(Path promtool, Path f) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(promtool.toString(), "check", "rules", f.toString())
            .redirectErrorStream(false)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Verdict(p.waitFor(), out, err);
  }

  private static Verdict vigil(Path f) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new VigilCommand());
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute("check", "rules", f.toString());
    return new Verdict(code, out.toString(), err.toString());
  }
}
