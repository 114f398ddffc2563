package dev.vigil.alerting.notify;

import dev.vigil.alerting.yaml.YamlTree;

/**
 * Builds the notifiers of one integration kind from a receiver's config, e.g. every entry of {@code
 * webhook_configs}. The notifier config reader keeps one factory per {@code *_configs} key in
 * {@link Integrations}.
 */
public interface NotifierFactory {

  /** The receiver key this factory reads, e.g. {@code "webhook_configs"}. */
  String configKey();

  /**
   * Builds one notifier from one entry of the list under {@link #configKey()}.
   *
   * @param config the entry, with line numbers for errors
   * @param global the {@code global:} section of the notifier config (empty map when absent), for
   *     defaults such as {@code smtp_smarthost} or {@code slack_api_url}
   * @throws ConfigException naming the line and what is wrong
   */
  Notifier create(YamlTree.MapNode config, YamlTree.MapNode global, NotifierContext ctx)
      throws ConfigException;
}
