package dev.vigil.alerting.notify;

import dev.vigil.alerting.yaml.YamlTree;

/** Notifier config that cannot be used; the message names the line and the reason. */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  /** An error at {@code node}'s position. */
  public ConfigException(YamlTree.Node node, String reason) {
    super("line " + node.line() + ": " + reason);
  }

  /** An error with no position (e.g. a reference to a receiver that does not exist). */
  public ConfigException(String reason) {
    super(reason);
  }
}
