package dev.vigil.alerting.config;

import dev.vigil.alerting.notify.ConfigException;
import dev.vigil.alerting.notify.NotifierContext;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
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
    List<Path> files = new ArrayList<>();
    for (String g : globs) {
      Path path = baseDir.resolve(g);
      String name = path.getFileName() == null ? "" : path.getFileName().toString();
      boolean glob = name.contains("*") || name.contains("?") || name.contains("[");
      if (!glob) {
        if (!Files.isRegularFile(path)) {
          throw new ConfigException(
              "templates: " + g + ": file not found (resolved to " + path + ")");
        }
        files.add(path);
        continue;
      }
      Path dir = path.getParent();
      if (dir == null || !Files.isDirectory(dir)) {
        continue;
      }
      List<Path> matched = new ArrayList<>();
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, name)) {
        ds.forEach(matched::add);
      } catch (IOException | IllegalArgumentException e) {
        throw new ConfigException("templates: " + g + ": " + e.getMessage());
      }
      matched.sort(Comparator.naturalOrder());
      files.addAll(matched);
    }
    return new Context(externalUrl, files);
  }
}
