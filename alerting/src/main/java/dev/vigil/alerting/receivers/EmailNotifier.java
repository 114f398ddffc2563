package dev.vigil.alerting.receivers;

import dev.vigil.alerting.notify.ConfigException;
import dev.vigil.alerting.notify.Notification;
import dev.vigil.alerting.notify.Notifier;
import dev.vigil.alerting.notify.NotifierContext;
import dev.vigil.alerting.notify.NotifierFactory;
import dev.vigil.alerting.notify.NotifyException;
import dev.vigil.alerting.yaml.YamlTree;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Duration;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * {@code email_configs}: one message per notification over SMTP, as Alertmanager sends it —
 * implicit TLS on port 465, otherwise STARTTLS when {@code require_tls} (the default), AUTH PLAIN
 * or LOGIN when a user name is set; a text and an HTML body as {@code multipart/alternative};
 * subject, to, from and headers are templates. Unset keys fall back to {@code global.smtp_*}.
 *
 * <p>Thread-safe: each notification opens its own connection.
 */
public final class EmailNotifier implements Notifier {
  static final Set<String> KEYS =
      Set.of(
          "to",
          "from",
          "hello",
          "smarthost",
          "auth_username",
          "auth_password",
          "auth_password_file",
          "auth_secret",
          "auth_identity",
          "require_tls",
          "tls_config",
          "headers",
          "html",
          "text");

  /** The factory for {@code email_configs}. */
  public static final class Factory implements NotifierFactory {
    @Override
    public String configKey() {
      return "email_configs";
    }

    @Override
    public Notifier create(YamlTree.MapNode config, YamlTree.MapNode global, NotifierContext ctx)
        throws ConfigException {
      ReceiverConfig c = ReceiverConfig.of("email_configs", config, global, ctx, KEYS);
      return new EmailNotifier(c);
    }
  }

  private final boolean sendResolved;
  private final NotificationTemplates templates;
  private final String host;
  private final int port;
  private final String hello;
  private final String username;
  private final String password;
  private final boolean requireTls;
  private final boolean insecureSkipVerify;
  private final Duration timeout;
  private final Map<String, String> headers;
  private final String html;
  private final String text;

  private EmailNotifier(ReceiverConfig c) throws ConfigException {
    sendResolved = c.bool("send_resolved", null, false);
    templates = c.templates();
    String to = c.template("to", null);
    if (to == null || to.isBlank()) {
      throw new ConfigException(c.node(), "email_configs: missing to address");
    }
    String smarthost = c.required("smarthost", "smtp_smarthost");
    int colon = smarthost.lastIndexOf(':');
    if (colon <= 0) {
      throw new ConfigException(
          c.node(), "email_configs: smarthost must be host:port, got \"" + smarthost + "\"");
    }
    host = smarthost.substring(0, colon);
    try {
      port = Integer.parseInt(smarthost.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new ConfigException(c.node(), "email_configs: bad port in smarthost " + smarthost);
    }
    String from = c.required("from", "smtp_from");
    c.templates().check(c.node(), from);
    hello = c.string("hello", "smtp_hello", "localhost");
    username = c.string("auth_username", "smtp_auth_username", null);
    password =
        c.secret(
            "auth_password", "auth_password_file", "smtp_auth_password", "smtp_auth_password_file");
    requireTls = c.bool("require_tls", "smtp_require_tls", true);
    insecureSkipVerify = insecure(c);
    timeout = c.timeout();
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Subject", "{{ template \"email.default.subject\" . }}");
    h.put("To", to);
    h.put("From", from);
    for (Map.Entry<String, String> e : c.templateMap("headers").entrySet()) {
      h.keySet().removeIf(k -> k.equalsIgnoreCase(e.getKey()));
      h.put(canonical(e.getKey()), e.getValue());
    }
    headers = Map.copyOf(h);
    html = c.template("html", "{{ template \"email.default.html\" . }}");
    text = c.template("text", "{{ template \"email.default.text\" . }}");
  }

  private static boolean insecure(ReceiverConfig c) throws ConfigException {
    if (!c.has("tls_config")) {
      return false;
    }
    YamlTree.Node n = ((YamlTree.MapNode) c.node()).entries().get("tls_config").value();
    if (!(n instanceof YamlTree.MapNode m)) {
      throw new ConfigException(n, "email_configs: tls_config must be a map");
    }
    ReceiverConfig t =
        c.nested("tls_config", m, Set.of("insecure_skip_verify", "server_name", "ca_file"));
    return t.bool("insecure_skip_verify", null, false);
  }

  /** Go's canonical MIME header key: {@code x-priority} → {@code X-Priority}. */
  static String canonical(String key) {
    StringBuilder b = new StringBuilder(key.length());
    boolean upper = true;
    for (int i = 0; i < key.length(); i++) {
      char ch = key.charAt(i);
      b.append(upper ? Character.toUpperCase(ch) : Character.toLowerCase(ch));
      upper = ch == '-';
    }
    return b.toString();
  }

  @Override
  public String integration() {
    return "email";
  }

  @Override
  public boolean sendResolved() {
    return sendResolved;
  }

  @Override
  public void notify(Notification n) throws NotifyException, InterruptedException {
    TemplateData d = TemplateData.of(n);
    Session session = Session.getInstance(properties());
    MimeMessage m = new MimeMessage(session);
    Address[] to;
    try {
      for (Map.Entry<String, String> h : headers.entrySet()) {
        String v = templates.expand(h.getValue(), d);
        switch (h.getKey()) {
          case "Subject" -> m.setSubject(v, "UTF-8");
          case "From" -> m.setFrom(address(v, "from"));
          case "To" -> m.setRecipients(Message.RecipientType.TO, addresses(v, "to"));
          default -> m.setHeader(h.getKey(), v);
        }
      }
      to = m.getRecipients(Message.RecipientType.TO);
      m.setSentDate(Date.from(n.at()));
      String textBody = text.isEmpty() ? "" : templates.expand(text, d);
      String htmlBody = html.isEmpty() ? "" : templates.expandHtml(html, d);
      if (!textBody.isEmpty() && !htmlBody.isEmpty()) {
        MimeMultipart alt = new MimeMultipart("alternative");
        MimeBodyPart t = new MimeBodyPart();
        t.setText(textBody, "UTF-8", "plain");
        MimeBodyPart h = new MimeBodyPart();
        h.setText(htmlBody, "UTF-8", "html");
        alt.addBodyPart(t);
        alt.addBodyPart(h);
        m.setContent(alt);
      } else if (!htmlBody.isEmpty()) {
        m.setText(htmlBody, "UTF-8", "html");
      } else {
        m.setText(textBody, "UTF-8", "plain");
      }
      m.saveChanges();
    } catch (MessagingException e) {
      throw new NotifyException("email: cannot build the message: " + e.getMessage(), false, e);
    }
    send(session, m, to);
  }

  private void send(Session session, MimeMessage m, Address[] to) throws NotifyException {
    String protocol = port == 465 ? "smtps" : "smtp";
    try (Transport t = session.getTransport(protocol)) {
      t.connect(host, port, username, username == null ? null : password);
      t.sendMessage(m, to);
    } catch (AuthenticationFailedException e) {
      throw new NotifyException(
          "email: " + host + ":" + port + " refused the login: " + e.getMessage(), false, e);
    } catch (org.eclipse.angus.mail.smtp.SMTPSendFailedException e) {
      // SMTP 4xx is temporary, 5xx permanent.
      throw new NotifyException(
          "email: " + host + ":" + port + " refused the message: " + e.getMessage().strip(),
          e.getReturnCode() / 100 == 4,
          e);
    } catch (MessagingException e) {
      throw new NotifyException(
          "email: sending through " + host + ":" + port + " failed: " + e.getMessage(), true, e);
    }
  }

  private Properties properties() {
    Properties p = new Properties();
    String prefix = port == 465 ? "mail.smtps." : "mail.smtp.";
    long ms = timeout.toMillis();
    p.put(prefix + "connectiontimeout", Long.toString(ms));
    p.put(prefix + "timeout", Long.toString(ms));
    p.put(prefix + "writetimeout", Long.toString(ms));
    p.put(prefix + "localhost", hello);
    p.put(prefix + "auth", Boolean.toString(username != null));
    p.put(prefix + "auth.mechanisms", "PLAIN LOGIN");
    if (port != 465 && requireTls) {
      p.put(prefix + "starttls.enable", "true");
      p.put(prefix + "starttls.required", "true");
    }
    if (insecureSkipVerify) {
      p.put(prefix + "ssl.trust", "*");
      p.put(prefix + "ssl.checkserveridentity", "false");
    } else {
      p.put(prefix + "ssl.checkserveridentity", "true");
    }
    return p;
  }

  private static InternetAddress address(String v, String what) throws NotifyException {
    InternetAddress[] a = addresses(v, what);
    if (a.length != 1) {
      throw new NotifyException(
          "email: " + what + " must be one address, got \"" + v + "\"", false);
    }
    return a[0];
  }

  private static InternetAddress[] addresses(String v, String what) throws NotifyException {
    try {
      InternetAddress[] a = InternetAddress.parse(v, true);
      if (a.length == 0) {
        throw new NotifyException("email: no " + what + " address", false);
      }
      return a;
    } catch (AddressException e) {
      throw new NotifyException(
          "email: bad " + what + " address \"" + v + "\": " + e.getMessage(), false, e);
    }
  }
}
