package dev.vigil.alerting.config;

import dev.vigil.alerting.notify.ConfigException;
import dev.vigil.alerting.notify.NotifierContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link NotifierContext} of a loaded configuration: the external URL and the template files
 * its {@code templates:} globs name (relative to the configuration file's folder; globs in the
 * file-name part, as {@code rule_files}).
 */
public record Context(String externalUrl, List<Path> templateFiles) implements NotifierContext {
  public Context {
    templateFiles = List.copyOf(templateFiles);
  }

  /**
   * Expands {@code globs} against {@code baseDir}. A glob that matches nothing is no error (as in
   * Alertmanager); a plain path that does not exist is.
   */
  public static Context of(String externalUrl, List<String> globs, Path baseDir)
      throws ConfigException {
    List<String> errors = new ArrayList<>();
    List<Path> files = Globs.expand(globs, baseDir, "template file", errors);
    if (!errors.isEmpty()) {
      throw new ConfigException("templates: " + errors.get(0));
    }
    return new Context(externalUrl, files);
  }
}
