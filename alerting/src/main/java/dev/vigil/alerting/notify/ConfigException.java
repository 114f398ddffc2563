package dev.vigil.alerting.notify;

import dev.vigil.alerting.yaml.YamlTree;

/**
 * Notifier config that cannot be used; the message names the line and the reason, and {@link
 * #line()}/{@link #col()} let a caller name the file too.
 */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int line;
  private final int col;
  private final String reason;

  /** An error at {@code node}'s position. */
  public ConfigException(YamlTree.Node node, String reason) {
    this(node.line(), node.col(), reason);
  }

  /** An error at a line and column (1-based). */
  public ConfigException(int line, int col, String reason) {
    super("line " + line + ": " + reason);
    this.line = line;
    this.col = col;
    this.reason = reason;
  }

  /** An error with no position (e.g. a reference to a receiver that does not exist). */
  public ConfigException(String reason) {
    super(reason);
    this.line = 0;
    this.col = 0;
    this.reason = reason;
  }

  /** The 1-based line of the problem, 0 when it has no position. */
  public int line() {
    return line;
  }

  /** The 1-based column of the problem, 0 when it has no position. */
  public int col() {
    return col;
  }

  /** What is wrong, without the position. */
  public String reason() {
    return reason;
  }
}
