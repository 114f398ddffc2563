package dev.vigil.bench.cli;

import dev.vigil.bench.ingest.IngestCommand;
import dev.vigil.bench.scrape.TargetsCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code vigil bench}: the load generators and micro-benchmarks. They ship in their own jar ({@code
 * bench/target/vigil-bench.jar}) because the server must not depend on the bench module; the {@code
 * ./vigil} launcher runs this jar for {@code vigil bench ...}.
 */
@Command(
    name = "vigil bench",
    mixinStandardHelpOptions = true,
    description = "Load generators and micro-benchmarks for comparing Vigil with its peers.",
    subcommands = {IngestCommand.class, TargetsCommand.class, JmhCommand.class})
public final class BenchCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Runs {@code vigil bench ARGS...} and exits with its code. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchCommand()).execute(args));
  }
}
