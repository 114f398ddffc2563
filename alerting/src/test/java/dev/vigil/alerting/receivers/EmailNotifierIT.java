package dev.vigil.alerting.receivers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.vigil.alerting.notify.ConfigException;
import dev.vigil.alerting.notify.Notifier;
import dev.vigil.alerting.notify.NotifyException;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Email notifications delivered to GreenMail, a real SMTP server running in the JVM. */
class EmailNotifierIT {
  private static final int PORT = 17710;
  private static GreenMail smtp;

  @BeforeAll
  static void start() {
    smtp = new GreenMail(new ServerSetup(PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.withConfiguration(
        GreenMailConfiguration.aConfig().withUser("vigil@example.org", "vigil", "s3cret"));
    smtp.start();
  }

  @BeforeEach
  void empty() throws Exception {
    smtp.purgeEmailFromAllMailboxes();
  }

  @AfterAll
  static void stop() {
    smtp.stop();
  }

  private static final String GLOBAL =
      """
      smtp_smarthost: 127.0.0.1:17710
      smtp_from: Vigil <vigil@example.org>
      smtp_auth_username: vigil
      smtp_auth_password: s3cret
      smtp_require_tls: false
      """;

  @Test
  void messageArrivesWithSubjectRecipientsAndBothBodies() throws Exception {
    Notifier n =
        Configs.create(
            new EmailNotifier.Factory(),
            """
            to: 'oncall@example.org, {{ .CommonLabels.severity }}-team@example.org'
            headers:
              x-vigil-receiver: '{{ .Receiver }}'
            """,
            GLOBAL);
    n.notify(TemplateFixtures.hostDown());
    assertThat(smtp.waitForIncomingEmail(5000, 2)).isTrue();
    MimeMessage[] got = smtp.getReceivedMessages();
    assertThat(got).hasSize(2); // one copy per recipient
    MimeMessage m = got[0];
    assertThat(m.getSubject()).isEqualTo("FIRING (2) HostDown");
    assertThat(Arrays.stream(m.getRecipients(Message.RecipientType.TO)).map(Object::toString))
        .containsExactly("oncall@example.org", "page-team@example.org");
    assertThat(m.getFrom()[0].toString()).isEqualTo("Vigil <vigil@example.org>");
    assertThat(m.getHeader("X-Vigil-Receiver")).containsExactly("team-infra");
    assertThat(m.getContentType()).startsWith("multipart/alternative");
    MimeMultipart parts = (MimeMultipart) m.getContent();
    assertThat(parts.getCount()).isEqualTo(2);
    assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
    assertThat((String) parts.getBodyPart(0).getContent())
        .contains("Firing now (2):", "* web-1 is down <since boot>", "Resolved (1):");
    assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
    assertThat((String) parts.getBodyPart(1).getContent())
        .contains("<!DOCTYPE html>", "web-1 is down &lt;since boot&gt;", "Open in Vigil");
  }

  @Test
  void customSubjectAndTextOnly() throws Exception {
    Notifier n =
        Configs.create(
            new EmailNotifier.Factory(),
            """
            to: ops@example.org
            headers: {Subject: 'Über {{ len .Alerts }} alerts'}
            html: ''
            text: '{{ range .Alerts }}{{ .Labels.instance }} {{ end }}'
            """,
            GLOBAL);
    n.notify(TemplateFixtures.hostDown());
    assertThat(smtp.waitForIncomingEmail(5000, 1)).isTrue();
    MimeMessage m = smtp.getReceivedMessages()[0];
    assertThat(m.getSubject()).isEqualTo("Über 3 alerts");
    assertThat(m.getContentType()).startsWith("text/plain");
    assertThat((String) m.getContent()).isEqualTo("web-1:9100 web-2:9100 db-1:9100 ");
  }

  @Test
  void wrongPasswordIsNotRetried() throws Exception {
    Notifier n =
        Configs.create(
            new EmailNotifier.Factory(), "{to: ops@example.org, auth_password: wrong}", GLOBAL);
    assertThatThrownBy(() -> n.notify(TemplateFixtures.hostDown()))
        .isInstanceOf(NotifyException.class)
        .hasMessageContaining("refused the login")
        .satisfies(e -> assertThat(((NotifyException) e).retryable()).isFalse());
  }

  @Test
  void requireTlsRefusesAServerWithoutStartTlsAndDownServersAreRetried() throws Exception {
    Notifier tls =
        Configs.create(
            new EmailNotifier.Factory(), "{to: ops@example.org, require_tls: true}", GLOBAL);
    assertThatThrownBy(() -> tls.notify(TemplateFixtures.hostDown()))
        .isInstanceOf(NotifyException.class)
        .hasMessageContaining("STARTTLS");
    assertThat(smtp.getReceivedMessages()).isEmpty();
    Notifier down =
        Configs.create(
            new EmailNotifier.Factory(),
            "{to: ops@example.org, smarthost: '127.0.0.1:17711', timeout: 2s}",
            GLOBAL);
    assertThatThrownBy(() -> down.notify(TemplateFixtures.hostDown()))
        .isInstanceOf(NotifyException.class)
        .satisfies(e -> assertThat(((NotifyException) e).retryable()).isTrue());
  }

  @Test
  void badConfigNamesTheLine() {
    assertThatThrownBy(
            () -> Configs.create(new EmailNotifier.Factory(), "from: a@b\nsmarthost: x:25", null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("missing to");
    assertThatThrownBy(
            () -> Configs.create(new EmailNotifier.Factory(), "to: a@b\nsubject: x\n", GLOBAL))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("line 2")
        .hasMessageContaining("unknown field \"subject\"");
    assertThatThrownBy(
            () -> Configs.create(new EmailNotifier.Factory(), "to: a@b\nhtml: '{{ .X '\n", GLOBAL))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("bad template");
    assertThatThrownBy(() -> Configs.create(new EmailNotifier.Factory(), "to: a@b", null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("no global smtp_smarthost");
  }
}
