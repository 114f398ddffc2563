package dev.vigil.alerting.config;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * File lists written as {@code rule_files} and {@code templates} write them: paths relative to a
 * base folder, with glob wildcards allowed in the file-name part. A glob that matches nothing is no
 * error; a plain path that does not exist is.
 */
public final class Globs {
  private Globs() {}

  /**
   * The files {@code patterns} name, each glob's matches in name order.
   *
   * @param what what the files are, for messages ("rule file")
   * @param errors receives one line per pattern that cannot be used
   */
  public static List<Path> expand(
      List<String> patterns, Path baseDir, String what, List<String> errors) {
    List<Path> files = new ArrayList<>();
    for (String p : patterns) {
      Path path = baseDir.resolve(p);
      String name = path.getFileName() == null ? "" : path.getFileName().toString();
      boolean glob = name.contains("*") || name.contains("?") || name.contains("[");
      if (!glob) {
        if (!Files.exists(path)) {
          errors.add(p + ": " + what + " not found (resolved to " + path + ")");
        } else {
          files.add(path);
        }
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
        errors.add(p + ": cannot list " + dir + ": " + e.getMessage());
      }
      matched.sort(Comparator.naturalOrder());
      files.addAll(matched);
    }
    return files;
  }
}
