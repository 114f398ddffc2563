package dev.vigil.server.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class DashboardJsonTest {
  private static final ObjectMapper M = new ObjectMapper();

  @Test
  void badFieldsAreNamed() throws Exception {
    String[][] cases = {
      {"[]", "(document): must be a JSON object"},
      {"{\"panels\":[]}", "title: is required"},
      {"{\"title\":\"t\"}", "panels: must be an array"},
      {
        "{\"title\":\"t\",\"panels\":[{\"type\":\"pie\",\"targets\":[]}]}",
        "panels[0].type: must be one of"
      },
      {
        "{\"title\":\"t\",\"panels\":[{\"type\":\"stat\",\"targets\":[{}]}]}",
        "panels[0].targets[0].expr: is required"
      },
      {
        "{\"title\":\"t\",\"panels\":[{\"type\":\"stat\",\"targets\":[],\"grid\":{\"w\":-1}}]}",
        "panels[0].grid.w: must be"
      },
      {
        "{\"title\":\"t\",\"panels\":[],\"variables\":[{\"name\":\"1x\",\"query\":\"label_values(job)\"}]}",
        "variables[0].name: must match"
      },
      {
        "{\"title\":\"t\",\"panels\":[],\"variables\":[{\"name\":\"x\",\"query\":\"up\"}]}",
        "variables[0].query: must be label_values"
      },
      {
        "{\"title\":\"t\",\"panels\":[{\"type\":\"gauge\",\"targets\":[],\"max\":\"1\"}]}",
        "panels[0].max: must be a number"
      },
      {
        "{\"title\":\"t\",\"panels\":[{\"type\":\"stat\",\"targets\":[],\"thresholds\":{}}]}",
        "panels[0].thresholds: must be an array"
      },
      {
        "{\"title\":\"t\",\"panels\":[{\"type\":\"stat\",\"targets\":[],"
            + "\"thresholds\":[{\"value\":null,\"color\":\"green\"},{\"color\":\"red\"}]}]}",
        "panels[0].thresholds[1].value: only the first step"
      },
      {
        "{\"title\":\"t\",\"panels\":[{\"type\":\"stat\",\"targets\":[],\"thresholds\":"
            + "[{\"value\":null,\"color\":\"green\"},{\"value\":9,\"color\":\"red\"},"
            + "{\"value\":5,\"color\":\"red\"}]}]}",
        "panels[0].thresholds[2].value: must not be below"
      },
      {
        "{\"title\":\"t\",\"panels\":[{\"type\":\"bar\",\"targets\":[],"
            + "\"thresholds\":[{\"value\":null}]}]}",
        "panels[0].thresholds[0].color: is required"
      },
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> DashboardJson.check(M.readTree(c[0])))
          .as(c[0])
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith(c[1]);
    }
  }

  @Test
  void aCompleteDashboardPasses() throws Exception {
    String doc =
        """
        {"title": "Hosts", "time": "6h", "refresh": "30s",
         "variables": [{"name": "instance", "query": "label_values(node_uname_info, instance)"},
                       {"name": "job", "query": "label_values(job)"}],
         "panels": [{"title": "CPU", "type": "timeseries", "unit": "percent",
                     "grid": {"x": 0, "y": 0, "w": 12, "h": 8},
                     "targets": [{"expr": "rate(node_cpu_seconds_total[5m])", "legend": "{{cpu}}"}]}]}
        """;
    assertThat(DashboardJson.check(M.readTree(doc))).isEqualTo("Hosts");
  }

  @Test
  void theShippedDashboardsAreValid() {
    // load() checks every one and fails on the first bad field.
    assertThat(ShippedDashboards.load().all()).containsOnlyKeys(ShippedDashboards.IDS);
  }

  @Test
  void everyQueryOfTheShippedDashboardsParses() {
    int queries = 0;
    for (var e : ShippedDashboards.load().all().entrySet()) {
      for (var panel : e.getValue().get("panels")) {
        for (var target : panel.get("targets")) {
          // Template variables stand in a regex matcher, as the page fills them.
          String expr = target.get("expr").asText().replaceAll("\\$[a-z_]+", ".*");
          assertThatCode(() -> dev.vigil.promql.parser.Parser.parse(expr))
              .as("%s, panel %s: %s", e.getKey(), panel.get("title"), expr)
              .doesNotThrowAnyException();
          queries++;
        }
      }
      for (var variable : e.getValue().get("variables")) {
        assertThat(variable.get("query").asText()).startsWith("label_values(");
      }
    }
    assertThat(queries).isGreaterThan(50);
  }
}
