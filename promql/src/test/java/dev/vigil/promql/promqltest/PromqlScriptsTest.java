package dev.vigil.promql.promqltest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.promql.promqltest.EvalOutcome.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs PromQL test scripts: Vigil's own (test resources {@code promql/*.test}) and, when the folder
 * exists, Prometheus's in {@code ../shared/promql-testdata/} beside the repository (override with
 * {@code -Dvigil.promqltest.dir=...}). Every eval of Vigil's scripts and of Prometheus's
 * non-experimental scripts is a test that must pass, except evals listed in {@code
 * promql/known-failures.txt} (printed, and failing once they pass so the list stays short) and the
 * evals listed in {@code promql/native-histogram-gaps.txt}: each needs native histograms, which the
 * store cannot hold yet, and was reviewed as such (see {@code docs/decisions/}). A listed eval must
 * still fail for that reason: one that passes, or fails for another reason, fails the suite, and so
 * does an unlisted eval that fails. Experimental scripts are run and reported, never failing the
 * build.
 */
class PromqlScriptsTest {
  /** Files testing features Prometheus keeps behind feature flags. */
  private static final Set<String> EXPERIMENTAL =
      Set.of(
          "extended_vectors.test",
          "fill-modifier.test",
          "duration_expression.test",
          "type_and_unit.test",
          "info.test",
          "start_timestamps.test",
          "native_histograms.test");

  private static final String[] OWN = {"vigil_basics.test", "vigil_functions.test"};

  @TestFactory
  Stream<DynamicNode> scripts() throws IOException {
    Set<String> known = keys("promql/known-failures.txt");
    Set<String> gaps = keys("promql/native-histogram-gaps.txt");
    List<DynamicNode> nodes = new ArrayList<>();
    for (String own : OWN) {
      String text = resource("promql/" + own);
      nodes.add(fileNode(own, text, true, known, gaps));
    }
    Path dir = sharedDir();
    if (dir != null) {
      List<Path> files;
      try (Stream<Path> s = Files.list(dir)) {
        files = s.filter(p -> p.toString().endsWith(".test")).sorted().toList();
      }
      for (Path p : files) {
        String name = p.getFileName().toString();
        boolean required = !EXPERIMENTAL.contains(name);
        nodes.add(fileNode(name, Files.readString(p), required, known, gaps));
      }
    } else {
      System.out.println("promql-testdata not found; only Vigil's own scripts run");
    }
    return nodes.stream();
  }

  private static DynamicNode fileNode(
      String name, String text, boolean required, Set<String> known, Set<String> reviewed) {
    Script script;
    try {
      script = Script.parse(name, text);
    } catch (IllegalArgumentException e) {
      System.out.print(
          String.format(
              java.util.Locale.ROOT,
              "promqltest %-28s %s cannot parse: %s%n",
              name,
              required ? "required    " : "experimental",
              e.getMessage()));
      return DynamicTest.dynamicTest(
          name + " (does not parse)",
          () ->
              assertThat(required)
                  .as("required script %s does not parse: %s", name, e.getMessage())
                  .isFalse());
    }
    List<EvalOutcome> outcomes = new ScriptRunner().run(script);
    long passed = outcomes.stream().filter(o -> o.status() == Status.PASSED).count();
    long gaps = outcomes.stream().filter(o -> o.status() == Status.NATIVE_HISTOGRAM_GAP).count();
    long failed = outcomes.size() - passed - gaps;
    System.out.print(
        String.format(
            java.util.Locale.ROOT,
            "promqltest %-28s %s passed %d/%d, failed %d, native-histogram gaps %d%n",
            name,
            required ? "required    " : "experimental",
            passed,
            outcomes.size(),
            failed,
            gaps));
    for (EvalOutcome o : outcomes) {
      if (o.status() == Status.NATIVE_HISTOGRAM_GAP) {
        System.out.println("  SKIPPED (native histogram gap) " + o);
      } else if (o.status() == Status.FAILED) {
        String key = name + ":" + o.line();
        System.out.println((known.contains(key) ? "  KNOWN FAILURE " : "  FAILED ") + o);
      }
    }
    if (!required) {
      return DynamicTest.dynamicTest(
          name + " (experimental: " + passed + "/" + outcomes.size() + " passed)", () -> {});
    }
    List<DynamicTest> tests = new ArrayList<>();
    for (EvalOutcome o : outcomes) {
      String key = name + ":" + o.line();
      tests.add(
          DynamicTest.dynamicTest(
              "line " + o.line() + ": " + o.expr(),
              () -> {
                if (known.contains(key)) {
                  assertThat(o.status())
                      .as("%s is listed in known-failures.txt but passes now: remove it", key)
                      .isNotEqualTo(Status.PASSED);
                  return;
                }
                if (reviewed.contains(key)) {
                  assertThat(o.status())
                      .as(
                          "%s is listed in native-histogram-gaps.txt but %s: update the list",
                          key,
                          o.status() == Status.PASSED ? "passes now" : "fails for another reason")
                      .isEqualTo(Status.NATIVE_HISTOGRAM_GAP);
                  // Shown as skipped, not passed: the eval needs native histograms (not built yet).
                  Assumptions.abort("native histograms are not supported yet: " + o);
                }
                assertThat(o.status())
                    .as("%s (a native-histogram gap skips only once listed after review)", o)
                    .isEqualTo(Status.PASSED);
              }));
    }
    return DynamicContainer.dynamicContainer(name, tests);
  }

  private static Path sharedDir() {
    String override = System.getProperty("vigil.promqltest.dir");
    Path p =
        override != null ? Path.of(override) : Path.of("..", "..", "shared", "promql-testdata");
    return Files.isDirectory(p) ? p : null;
  }

  /** The {@code file:line} keys of a list file: first word of each line, {@code #} comments. */
  private static Set<String> keys(String listResource) {
    Set<String> out = new HashSet<>();
    for (String line : resource(listResource).lines().toList()) {
      String l = line.strip();
      if (!l.isEmpty() && !l.startsWith("#")) {
        out.add(l.split("\\s+", 2)[0]);
      }
    }
    return out;
  }

  private static String resource(String name) {
    try (InputStream in = PromqlScriptsTest.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
