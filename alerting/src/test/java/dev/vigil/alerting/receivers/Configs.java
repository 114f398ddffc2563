package dev.vigil.alerting.receivers;

import dev.vigil.alerting.notify.ConfigException;
import dev.vigil.alerting.notify.Notifier;
import dev.vigil.alerting.notify.NotifierContext;
import dev.vigil.alerting.notify.NotifierFactory;
import dev.vigil.alerting.yaml.YamlTree;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Builds notifiers from YAML text as the notifier config reader would. */
final class Configs {
  private Configs() {}

  record Context(String externalUrl, List<Path> templateFiles) implements NotifierContext {}

  static final NotifierContext CTX = new Context("http://vigil.example:7070", List.of());

  /** A notifier from one {@code *_configs} entry and an optional {@code global:} section. */
  static Notifier create(NotifierFactory f, String entryYaml, String globalYaml)
      throws ConfigException {
    return f.create(map(entryYaml), globalYaml == null ? map("{}") : map(globalYaml), CTX);
  }

  static YamlTree.MapNode map(String yaml) {
    try {
      YamlTree.Node n = YamlTree.read(yaml);
      return n instanceof YamlTree.MapNode m ? m : new YamlTree.MapNode(1, 1, Map.of());
    } catch (YamlTree.YamlException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
