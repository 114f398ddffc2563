package dev.vigil.server.cli;

import dev.vigil.alerting.rules.RuleFileException;
import dev.vigil.alerting.rules.RuleFileParser;
import dev.vigil.alerting.rules.RuleGroupSpec;
import dev.vigil.server.config.ConfigException;
import dev.vigil.server.config.ConfigLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vigil check ...}: validates files without starting anything. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = "Check configuration files without starting Vigil.",
    subcommands = {CheckCommand.Config.class, CheckCommand.Rules.class})
public final class CheckCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code vigil check config FILE...}. */
  @Command(
      name = "config",
      mixinStandardHelpOptions = true,
      description =
          "Check vigil.yml files: syntax, keys, types, values, the rule files they name and"
              + " the alertmanager: section.",
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:every file is valid", "2:a file is invalid or unreadable"})
  static final class Config implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Configuration files to check.")
    List<Path> files;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      ConfigLoader loader = new ConfigLoader();
      int code = ExitCodes.OK;
      for (Path f : files) {
        out.println("Checking " + f);
        try {
          // The rule files and the notifier config it holds or names are part of it: check them.
          dev.vigil.server.config.VigilConfig c = loader.load(f);
          dev.vigil.server.VigilServer.ruleGroups(c, f);
          dev.vigil.server.VigilServer.actionSpecs(c, f);
          dev.vigil.server.VigilServer.notifierConfig(c, f, "");
          out.println("  SUCCESS: " + f + " is valid");
        } catch (ConfigException e) {
          err.println("  FAILED: " + e.getMessage());
          code = ExitCodes.USAGE;
        }
      }
      out.flush();
      err.flush();
      return code;
    }
  }

  /** {@code vigil check rules FILE...}: the same verdicts and output as {@code promtool}. */
  @Command(
      name = "rules",
      mixinStandardHelpOptions = true,
      description = "Check Prometheus rule files: syntax, expressions, names and templates.",
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:every file is valid", "1:a file is invalid or unreadable"})
  static final class Rules implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Rule files to check.")
    List<Path> files;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      RuleFileParser parser = new RuleFileParser();
      int code = ExitCodes.OK;
      for (Path f : files) {
        out.println("Checking " + f);
        try {
          int n = 0;
          for (RuleGroupSpec g : parser.load(f)) {
            n += g.rules().size();
          }
          out.println("  SUCCESS: " + n + " rules found");
        } catch (RuleFileException e) {
          err.println("  FAILED:");
          for (String line : e.errors()) {
            err.println(line);
          }
          code = ExitCodes.FAILURE;
        }
        out.println();
        out.flush();
        err.flush();
      }
      return code;
    }
  }
}
