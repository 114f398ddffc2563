package dev.vigil.bench.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code vigil bench jmh [JMH ARGS]}: the JMH micro-benchmarks of this module. */
@Command(
    name = "jmh",
    description = {
      "Runs the JMH micro-benchmarks; arguments go to JMH unchanged"
          + " (e.g. 'ExpositionBenchmark -prof gc', or '-h' for JMH's help)."
    })
public final class JmhCommand implements Callable<Integer> {
  @Parameters(paramLabel = "ARGS", description = "JMH arguments")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    org.openjdk.jmh.Main.main(args.toArray(new String[0]));
    return 0;
  }
}
