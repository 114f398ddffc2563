package dev.vigil.alerting.receivers;

import dev.vigil.alerting.notify.ConfigException;
import dev.vigil.alerting.notify.NotifierContext;
import dev.vigil.alerting.notify.NotifyException;
import dev.vigil.alerting.template.NotificationFunctions;
import dev.vigil.alerting.template.Template;
import dev.vigil.alerting.template.TemplateException;
import dev.vigil.alerting.yaml.YamlTree;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The named templates every receiver field can call: Vigil's defaults ({@code default.tmpl} next to
 * this class) and then the files of the config's {@code templates:} list, in order, a later
 * definition replacing an earlier one of the same name, as in Alertmanager. Receiver fields are
 * templates themselves ({@code title: '{{ template "slack.default.title" . }}'}).
 *
 * <p>Thread-safe; parsed field templates are cached.
 */
public final class NotificationTemplates {
  private static final Map<String, Template.Function> FUNCTIONS =
      NotificationFunctions.all(Instant::now);
  private static final Template DEFAULTS = loadDefaults();
  private static final Map<List<Object>, NotificationTemplates> BY_FILES =
      new ConcurrentHashMap<>();

  private final Template library;
  private final Map<String, Template> fields = new ConcurrentHashMap<>();

  private NotificationTemplates(Template library) {
    this.library = library;
  }

  private static Template loadDefaults() {
    try (InputStream in = NotificationTemplates.class.getResourceAsStream("default.tmpl")) {
      if (in == null) {
        throw new IllegalStateException("default.tmpl missing from the classpath");
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return Template.parse("default.tmpl", text, FUNCTIONS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Only Vigil's default templates. */
  public static NotificationTemplates defaults() {
    return new NotificationTemplates(DEFAULTS);
  }

  /**
   * The defaults and the template files of {@code ctx}; the same files (unchanged on disk) give the
   * same instance, so every receiver of one config shares one parse.
   *
   * @throws ConfigException when a file cannot be read or does not parse
   */
  public static NotificationTemplates of(NotifierContext ctx) throws ConfigException {
    List<Path> files = ctx.templateFiles();
    List<Object> key = new ArrayList<>();
    for (Path p : files) {
      key.add(p.toAbsolutePath().toString());
      try {
        key.add(Files.getLastModifiedTime(p).toMillis());
      } catch (IOException e) {
        throw new ConfigException("cannot read template file " + p + ": " + e.getMessage());
      }
    }
    NotificationTemplates cached = BY_FILES.get(key);
    if (cached != null) {
      return cached;
    }
    NotificationTemplates t = load(files);
    if (BY_FILES.size() > 64) {
      BY_FILES.clear();
    }
    BY_FILES.put(key, t);
    return t;
  }

  /**
   * The defaults followed by {@code files}.
   *
   * @throws ConfigException naming the file and Go's parse error
   */
  public static NotificationTemplates load(List<Path> files) throws ConfigException {
    Template library = DEFAULTS;
    for (Path p : files) {
      String text;
      try {
        text = Files.readString(p, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new ConfigException("cannot read template file " + p + ": " + e.getMessage());
      }
      try {
        library = Template.parse(p.getFileName().toString(), text, FUNCTIONS, List.of(library));
      } catch (TemplateException e) {
        throw new ConfigException("template file " + p + ": " + e.getMessage());
      }
    }
    return new NotificationTemplates(library);
  }

  /**
   * Checks that the text of a receiver field parses.
   *
   * @throws ConfigException at {@code node}'s line when it does not
   */
  public void check(YamlTree.Node node, String text) throws ConfigException {
    try {
      field(text);
    } catch (TemplateException e) {
      throw new ConfigException(node, "bad template: " + e.getMessage());
    }
  }

  /** Whether a template of that name is defined. */
  public boolean defines(String name) {
    return library.definedTemplates().contains(name);
  }

  /**
   * Expands a field's template text.
   *
   * @throws NotifyException (not retryable) when the template fails
   */
  public String expand(String text, Object data) throws NotifyException {
    return run(text, data, false);
  }

  /**
   * Expands a field's template as HTML: printed values are escaped unless they come from {@code
   * safeHtml}.
   *
   * @throws NotifyException (not retryable) when the template fails
   */
  public String expandHtml(String text, TemplateData data) throws NotifyException {
    return run(text, data, true);
  }

  private String run(String text, Object data, boolean html) throws NotifyException {
    if (!text.contains("{{")) {
      return text;
    }
    try {
      Template t = field(text);
      return html ? t.executeHtml(data) : t.execute(data);
    } catch (TemplateException e) {
      throw new NotifyException("template: " + e.getMessage(), false, e);
    }
  }

  private Template field(String text) {
    Template t = fields.get(text);
    if (t == null) {
      t = Template.parse("field", text, FUNCTIONS, List.of(library));
      if (fields.size() < 10_000) {
        fields.put(text, t);
      }
    }
    return t;
  }
}
