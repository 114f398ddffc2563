package dev.vigil.alerting.actions;

import dev.vigil.alerting.notify.ConfigException;
import dev.vigil.alerting.notify.Notification;
import dev.vigil.alerting.notify.Notifier;
import dev.vigil.alerting.notify.NotifierContext;
import dev.vigil.alerting.notify.NotifierFactory;
import dev.vigil.alerting.notify.NotifyException;
import dev.vigil.alerting.yaml.YamlTree;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code action_configs} (Vigil's): a receiver integration that triggers a named action from the
 * {@code actions:} section of {@code vigil.yml} — {@code {action: NAME, send_resolved: false}}.
 * Naming an action that is not configured is a config error, so only configured actions can run.
 */
public final class ActionNotifier implements Notifier {

  /** The factory for {@code action_configs}. */
  public static final class Factory implements NotifierFactory {
    private final Set<String> known;

    /** Checks action names against the running configuration's actions. */
    public Factory() {
      this.known = null;
    }

    /**
     * Checks action names against {@code known}: the actions of the configuration being read, which
     * is not running yet.
     */
    public Factory(Set<String> known) {
      this.known = Set.copyOf(known);
    }

    @Override
    public String configKey() {
      return "action_configs";
    }

    @Override
    public Notifier create(YamlTree.MapNode config, YamlTree.MapNode global, NotifierContext ctx)
        throws ConfigException {
      String action = null;
      boolean sendResolved = false;
      for (Map.Entry<String, YamlTree.Entry> e : config.entries().entrySet()) {
        YamlTree.Node v = e.getValue().value();
        String text = v instanceof YamlTree.Scalar s ? s.text() : null;
        switch (e.getKey()) {
          case "action" -> action = text;
          case "send_resolved" -> sendResolved = "true".equals(text);
          default ->
              throw new ConfigException(
                  v,
                  "unknown field \""
                      + e.getKey()
                      + "\" in action_configs (known: action, send_resolved)");
        }
      }
      if (action == null || action.isEmpty()) {
        throw new ConfigException(config, "action_configs: missing action (a name under actions:)");
      }
      Set<String> known = this.known != null ? this.known : ActionRunner.current().specs().keySet();
      if (!known.contains(action)) {
        throw new ConfigException(
            config,
            "action_configs: action \""
                + action
                + "\" is not defined under actions: in vigil.yml (defined: "
                + (known.isEmpty() ? "none" : String.join(", ", new TreeSet<>(known)))
                + ")");
      }
      return new ActionNotifier(action, sendResolved);
    }
  }

  private final String action;
  private final boolean sendResolved;

  private ActionNotifier(String action, boolean sendResolved) {
    this.action = action;
    this.sendResolved = sendResolved;
  }

  @Override
  public void notify(Notification n) throws NotifyException, InterruptedException {
    ActionRunner.current().run(action, n);
  }

  @Override
  public String integration() {
    return "action";
  }

  @Override
  public boolean sendResolved() {
    return sendResolved;
  }
}
