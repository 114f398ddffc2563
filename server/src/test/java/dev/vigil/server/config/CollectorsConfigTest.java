package dev.vigil.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code collectors:} and {@code probes:} keys: defaults, errors with key paths, masking. */
class CollectorsConfigTest {
  private final ConfigLoader loader = new ConfigLoader(Map.<String, String>of()::get);

  @Test
  void hostCollectorIsOnByDefaultAndCanBeTurnedOff() throws ConfigException {
    VigilConfig d = VigilConfig.defaults();
    assertThat(d.localTargets()).hasSize(1);
    assertThat(d.localTargets().get(0).job()).isEqualTo("node");
    assertThat(d.localTargets().get(0).intervalMillis()).isEqualTo(15_000);
    VigilConfig off = loader.parse("vigil.yml", "collectors:\n  host:\n    enabled: false\n");
    assertThat(off.localTargets()).isEmpty();
  }

  @Test
  void badDefinitionsNameTheKeyPath() {
    // table: YAML, then what the message must contain
    String[][] rows = {
      {
        "probes:\n  - name: a\n    prober: http\n    target: http://x/\n    http:\n      fail_if_body_matches_regexp: ['(']\n",
        "vigil.yml:7:",
        "probes[0].http",
        "not a valid regular expression"
      },
      {
        "probes:\n  - name: a\n    prober: smtp\n    target: x\n",
        "probes[0]",
        "must be http, tcp, dns, icmp or steps"
      },
      {"probes:\n  - name: a\n    prober: tcp\n    target: x\n", "probes[0]", "must be host:port"},
      {
        "probes:\n  - {name: a, prober: icmp, target: x}\n  - {name: a, prober: icmp, target: y}\n",
        "probes[1]",
        "two probes are named \"a\""
      },
      {
        "probes:\n  - {name: a, prober: icmp, target: x, colour: red}\n",
        "unknown key \"colour\"",
        "probes[0]"
      },
      {
        "collectors:\n  postgres:\n    - {name: a, dsn: 'postgres://u:p@h/db'}\n",
        "collectors.postgres[0]",
        "must not hold credentials"
      },
      {
        "collectors:\n  mysql:\n    - {name: a, dsn: 'u:p@tcp(h:3306)/'}\n",
        "collectors.mysql[0]",
        "must not hold credentials"
      },
      {
        "collectors:\n  mysql:\n    - {name: a, dsn: 'h:3306'}\n    - {name: a, dsn: 'h:3307'}\n",
        "two databases are named \"a\""
      },
      {
        "collectors:\n  mysql:\n    - {name: a, dsn: 'not a dsn'}\n",
        "collectors.mysql[0]",
        "dsn \"not a dsn\" must be host:port/database or jdbc:mysql://host:port/database (Illegal character in authority)"
      },
      {
        "collectors:\n  network_latency:\n    hosts: [a, a]\n",
        "collectors.network_latency",
        "hosts: \"a\" is listed twice"
      },
      {
        "collectors:\n  mysql:\n    - {name: a, dsn: 'h:3306', top_statements: -1}\n",
        "collectors.mysql[0]",
        "top_statements must not be negative"
      },
      {
        "collectors:\n  host:\n    netdev_exclude: '['\n",
        "collectors.host",
        "netdev_exclude is not a valid"
      },
      {
        "collectors:\n  host:\n    processes:\n      names:\n        - name: x\n",
        "collectors.host.processes.names[0]",
        "needs comm"
      },
    };
    for (String[] row : rows) {
      String yaml = row[0];
      var thrown = assertThatThrownBy(() -> loader.parse("vigil.yml", yaml)).as(yaml);
      thrown.isInstanceOf(ConfigException.class);
      for (int i = 1; i < row.length; i++) {
        thrown.hasMessageContaining(row[i]);
      }
    }
  }

  @Test
  void probeHeaderValuesAreMaskedWhenTheConfigurationIsShown() throws ConfigException {
    VigilConfig c =
        loader.parse(
            "vigil.yml",
            """
            probes:
              - name: api
                prober: http
                target: https://example.com/health
                http:
                  headers: {Authorization: Bearer s3cr3t-token}
            """);
    String shown = ConfigWriter.toYaml(c);
    assertThat(shown).contains("Authorization").contains("<secret>").doesNotContain("s3cr3t");
    assertThat(c.probes().get(0).http().headers())
        .containsEntry("Authorization", "Bearer s3cr3t-token");
  }

  @Test
  void secretsAreMaskedWhenTheConfigurationIsShown() throws ConfigException {
    VigilConfig c =
        loader.parse(
            "vigil.yml",
            """
            scrape_configs:
              - job_name: a
                basic_auth: {username: u, password: basic-s3cr3t}
                static_configs: [{targets: ['localhost:1']}]
              - job_name: b
                authorization: {credentials: authz-s3cr3t}
                static_configs: [{targets: ['localhost:1']}]
              - job_name: c
                bearer_token: bearer-s3cr3t
                static_configs: [{targets: ['localhost:1']}]
            collectors:
              postgres:
                - {name: pg, dsn: 'localhost:5432/x', user: u, password: pg-s3cr3t}
              mysql:
                - {name: my, dsn: 'localhost:3306', user: u, password: my-s3cr3t}
            """);
    String shown = ConfigWriter.toYaml(c);
    assertThat(shown).doesNotContain("s3cr3t");
    assertThat(shown.split("<secret>", -1)).hasSize(6);
    assertThat(c.collectors().mysql().get(0).password()).isEqualTo("my-s3cr3t");
    assertThat(c.localTargets())
        .anySatisfy(t -> assertThat(t.url()).hasToString("mysql://localhost:3306"));
  }
}
