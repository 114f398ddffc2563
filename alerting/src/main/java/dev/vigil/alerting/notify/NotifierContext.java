package dev.vigil.alerting.notify;

import java.nio.file.Path;
import java.util.List;

/** What every notifier may need from the running notifier besides its own config. */
public interface NotifierContext {

  /** The URL under which users reach Vigil, for links in messages. */
  String externalUrl();

  /** The template files named by the config's {@code templates:} globs, already expanded. */
  List<Path> templateFiles();
}
