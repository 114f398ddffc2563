package dev.vigil.server.cli;

import dev.vigil.server.selfmon.BuildInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** The {@code vigil} command and its subcommands. */
@Command(
    name = "vigil",
    mixinStandardHelpOptions = true,
    versionProvider = VigilCommand.Version.class,
    description = "Vigil: metrics, logs, traces, dashboards and alerting in one program.",
    subcommands = {
      ServerCommand.class,
      AgentCommand.class,
      QueryCommand.class,
      VersionCommand.class,
      CheckCommand.class,
      TsdbCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success (also after a graceful stop)",
      "1:runtime failure (port in use, data folder unusable, unexpected error)",
      "2:bad usage or invalid configuration"
    })
public final class VigilCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Prints the build information for {@code --version}. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return BuildInfo.load().describe().split("\n");
    }
  }
}
