package dev.vigil.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.testing.Peers;
import dev.vigil.server.testing.VigilProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI in a real browser: Debian's Chromium driven by chromedriver, headless, against the
 * built jar with real data in it (a real node_exporter scraped every second, and three counters
 * imported with 30 minutes of history). Each test saves a screenshot under {@code
 * target/ui-screenshots/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UiBrowserIT {
  private static final Path SHOTS = Path.of("target", "ui-screenshots");
  private static final Duration WAIT = Duration.ofSeconds(20);

  private static Process nodeExporter;
  private static VigilProcess vigil;
  private static ChromeDriver browser;
  private String testName;

  @BeforeAll
  static void start() throws Exception {
    Path chromium = Peers.require("chromium", "chromium");
    Path chromedriver = Peers.require("chromedriver", "chromium-driver");
    Path exporter = Peers.require("prometheus-node-exporter", "prometheus-node-exporter");
    int exporterPort = freePort();
    nodeExporter =
        new ProcessBuilder(
                exporter.toString(),
                "--web.listen-address=127.0.0.1:" + exporterPort,
                "--collector.disable-defaults",
                "--collector.cpu",
                "--collector.meminfo",
                "--collector.filesystem",
                "--collector.netdev")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    Path rules = Files.createTempDirectory("vigil-ui-it-").resolve("rules.yml");
    Files.writeString(
        rules,
        """
        groups:
          - name: ui
            interval: 1s
            rules:
              - alert: UiTestAlert
                expr: vector(1)
                labels: {severity: warning, team: web}
                annotations: {summary: always firing}
        """);
    vigil =
        VigilProcess.builder()
            .config(
                """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                rule_files: ['RULES']
                probes:
                  - name: refused-api
                    prober: tcp
                    target: 127.0.0.1:UNREACHABLE_PORT
                    interval: 1s
                    timeout: 1s
                scrape_configs:
                  - job_name: node
                    static_configs:
                      - targets: ['127.0.0.1:EXPORTER_PORT']
                  - job_name: unreachable
                    static_configs:
                      - targets: ['127.0.0.1:UNREACHABLE_PORT']
                """
                    .replace("RULES", rules.toString())
                    .replace("EXPORTER_PORT", Integer.toString(exporterPort))
                    .replace("UNREACHABLE_PORT", Integer.toString(freePort())))
            .start();
    importHistory();

    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        "--window-size=1280,720");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(chromedriver.toFile())
            .usingAnyFreePort()
            .withLogFile(Path.of("target", "chromedriver.log").toFile())
            .build();
    browser = new ChromeDriver(service, options);
    browser.manage().timeouts().scriptTimeout(WAIT);
    Files.createDirectories(SHOTS);
  }

  /** Three counters growing at 1, 2 and 5 per second, one sample every 15 s for 30 minutes. */
  private static void importHistory() {
    long now = System.currentTimeMillis();
    StringBuilder text = new StringBuilder("# TYPE ui_test_requests_total counter\n");
    Map<String, Integer> rates = Map.of("/a", 1, "/b", 2, "/c", 5);
    for (long t = now - 30 * 60_000; t <= now; t += 15_000) {
      for (Map.Entry<String, Integer> e : rates.entrySet()) {
        long value = (t - (now - 30 * 60_000)) / 1000 * e.getValue();
        text.append("ui_test_requests_total{path=\"")
            .append(e.getKey())
            .append("\"} ")
            .append(value)
            .append(' ')
            .append(t)
            .append('\n');
      }
    }
    importText(text);
  }

  private static void importText(CharSequence text) {
    HttpResponse<String> r =
        vigil.post(
            "/api/v1/import/prometheus",
            "text/plain; version=0.0.4",
            text.toString().getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
  }

  @AfterAll
  static void stop() throws IOException, InterruptedException {
    if (browser != null) {
      browser.quit();
    }
    if (vigil != null) {
      vigil.close();
    }
    if (nodeExporter != null) {
      nodeExporter.destroy();
      nodeExporter.waitFor(5, TimeUnit.SECONDS);
    }
  }

  @BeforeEach
  void name(TestInfo info) {
    testName = info.getTestMethod().orElseThrow().getName();
    browser.manage().window().setSize(new Dimension(1280, 720));
  }

  @Test
  @Order(1)
  void vendorModulesAreServedWithLongCacheAndModuleContentType() {
    HttpResponse<String> page = vigil.get("/explore");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
    String lit = page.body().replaceAll("(?s).*\"lit\": \"([^\"]+)\".*", "$1");
    assertThat(lit).startsWith("/ui/vendor/lit@");
    HttpResponse<String> module = vigil.get(lit);
    assertThat(module.statusCode()).isEqualTo(200);
    assertThat(module.headers().firstValue("Content-Type"))
        .hasValue("text/javascript; charset=utf-8");
    assertThat(module.headers().firstValue("Cache-Control").orElse("")).contains("immutable");
    assertThat(vigil.get("/ui/vendor/lit@0.0.1/index.js").statusCode()).isEqualTo(404);
    // The app's own modules live under the build's hash: cached for good, never revalidated.
    String main = page.body().replaceAll("(?s).*<script type=\"module\" src=\"([^\"]+)\".*", "$1");
    assertThat(main).matches("/ui/build/[0-9a-f]{24}/main\\.js");
    HttpResponse<String> app = vigil.get(main.replace("main.js", "components/vigil-chart.js"));
    assertThat(app.statusCode()).isEqualTo(200);
    assertThat(app.headers().firstValue("Cache-Control").orElse("")).contains("immutable");
    HttpResponse<String> head =
        vigil.send(
            HttpRequest.newBuilder(URI.create(vigil.url() + main))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValue("Cache-Control").orElse("")).contains("immutable");
    HttpResponse<String> old = vigil.get("/ui/build/000000000000000000000000/main.js");
    assertThat(old.statusCode()).isEqualTo(200);
    assertThat(old.headers().firstValue("Cache-Control")).hasValue("no-cache");
  }

  @Test
  @Order(2)
  void overviewShowsTargetsHostsAndIngestRate() {
    open("/");
    waitFor(
        "the targets tile", "return document.querySelector('#tile-targets .value:not(.skeleton)')");
    // The node exporter's first scrapes need a few seconds to give a rate.
    waitFor(
        "a host row with a CPU figure",
        "if (!(Date.now() - window.lastRefresh < 2000)) {"
            + " window.lastRefresh = Date.now(); window.dispatchEvent(new Event('vigil-refresh')); }"
            + "const c = document.querySelector('#hosts tbody td.num');"
            + "return c && /%$/.test(c.textContent.trim()) ? c : null");
    String targets = text("#tile-targets .value");
    String api = vigil.get("/api/v1/targets?state=active").body();
    int total = api.split("\"scrapeUrl\"", -1).length - 1;
    assertThat(targets.replaceAll("\\s+", "")).matches("\\d+/" + total);
    assertThat(text("#tile-targets .sub")).contains("down");
    assertThat(text("#tile-alerts")).isNotBlank();
    assertThat(text("#tile-ingest .value")).matches("[0-9.]+[kM]?");
    // The one probe (a refused TCP port) has never succeeded.
    waitFor(
        "the probe uptime",
        "if (!(Date.now() - window.lastRefresh < 2000)) {"
            + " window.lastRefresh = Date.now(); window.dispatchEvent(new Event('vigil-refresh')); }"
            + "const v = document.querySelector('#tile-probes .value:not(.skeleton)');"
            + "return v && /%$/.test(v.textContent.trim()) ? v : null");
    assertThat(text("#tile-probes .value")).isEqualTo("0.0%");
    assertThat(text("#tile-probes .sub")).isEqualTo("lowest: refused-api; 0/1 succeeding now");
    assertThat(browser.getTitle()).isEqualTo("Overview · Vigil");
    screenshot();
  }

  @Test
  @Order(3)
  void exploreDrawsOneLinePerSeries() {
    open("/explore?range=30m");
    WebElement editor =
        (WebElement)
            waitFor("the editor", "return document.querySelector('promql-editor textarea')");
    editor.sendKeys("rate(ui_test_req");
    WebElement completion =
        (WebElement)
            waitFor(
                "a completion for the metric",
                "return [...document.querySelectorAll('.completions [role=option]')]"
                    + ".find(o => o.textContent.includes('ui_test_requests_total'))");
    assertThat(completion.getText()).contains("metric");
    editor.sendKeys(Keys.TAB);
    editor.sendKeys("[1m])");
    assertThat(editor.getAttribute("value")).isEqualTo("rate(ui_test_requests_total[1m])");
    editor.sendKeys(Keys.ENTER);
    Number series =
        (Number)
            waitFor(
                "a chart with drawn series",
                "const c = document.querySelector('vigil-chart');"
                    + "const o = c && c.chart && c.chart.getOption();"
                    + "return o && o.series.length && !document.querySelector('vigil-explore').loading"
                    + " ? o.series.length : null");
    assertThat(series.intValue()).isEqualTo(3);
    List<?> lengths =
        (List<?>)
            js(
                "return document.querySelector('vigil-chart').chart.getOption().series"
                    + ".map(s => s.data.filter(p => p[1] !== null).length)");
    assertThat(lengths).allSatisfy(n -> assertThat(((Number) n).intValue()).isGreaterThan(20));
    assertThat(paintedPixels()).isGreaterThan(2000);
    String url = URLDecoder.decode(browser.getCurrentUrl(), StandardCharsets.UTF_8);
    assertThat(url).contains("expr=rate(ui_test_requests_total[1m])").contains("range=30m");

    // Clicking a legend entry isolates that series; a second click brings all back.
    js("document.querySelector('vigil-chart').isolate('{path=\"/b\"}')");
    assertThat(selectedSeries()).containsExactly("{path=\"/b\"}");
    js("document.querySelector('vigil-chart').isolate('{path=\"/b\"}')");
    assertThat(selectedSeries()).hasSize(3);
    screenshot();

    // The chart follows its element's size (it skips only the observer's first report, of the
    // size it was drawn at).
    Number wide = (Number) js("return document.querySelector('vigil-chart').chart.getWidth()");
    browser.manage().window().setSize(new Dimension(900, 720));
    waitFor(
        "the chart resized",
        "const c = document.querySelector('vigil-chart');"
            + "const w = c.chart.getWidth();"
            + "return w === c.querySelector('.chart-canvas').clientWidth && w < "
            + wide
            + " || null");

    // Reloading the URL reproduces the view.
    browser.navigate().refresh();
    Number again =
        (Number)
            waitFor(
                "the chart after reload",
                "const c = document.querySelector('vigil-chart');"
                    + "const o = c && c.chart && c.chart.getOption();"
                    + "return o && o.series.length ? o.series.length : null");
    assertThat(again.intValue()).isEqualTo(3);
  }

  @Test
  @Order(4)
  void exploreShowsTheParseErrorAtItsPosition() {
    open("/explore");
    WebElement editor =
        (WebElement)
            waitFor("the editor", "return document.querySelector('promql-editor textarea')");
    editor.sendKeys("sum(rate(ui_test_requests_total[1m])");
    editor.sendKeys(Keys.ESCAPE);
    editor.sendKeys(Keys.ENTER);
    WebElement error =
        (WebElement)
            waitFor(
                "the parse error",
                "const e = document.querySelector('.parse-error');"
                    + "return e && e.textContent.trim() ? e : null");
    assertThat(error.getText()).startsWith("1:").contains("parenthesis");
    assertThat(browser.findElements(By.cssSelector(".tok-error"))).isNotEmpty();
    screenshot();
  }

  @Test
  @Order(5)
  void tableViewListsCurrentValues() {
    open("/explore?tab=table&expr=ui_test_requests_total");
    WebElement table =
        (WebElement) waitFor("the table", "return document.querySelector('#result-table')");
    assertThat(table.findElements(By.cssSelector("tbody tr"))).hasSize(3);
    screenshot();
  }

  @Test
  @Order(6)
  void targetsAreGroupedByJobAndFilterable() {
    open("/targets");
    waitFor("the node group", "return document.querySelector('[data-pool=node] .target')");
    assertThat(browser.findElements(By.cssSelector("section[data-pool]")))
        .hasSizeGreaterThanOrEqualTo(3);
    // Uptime over 24 h: the exporter has answered every scrape, the unreachable target none.
    waitFor(
        "the uptime",
        "return document.querySelector('[data-pool=unreachable] td.uptime .badge') || null");
    assertThat(text("[data-pool=node] td.uptime")).isEqualTo("100%");
    assertThat(text("[data-pool=unreachable] td.uptime")).isEqualTo("0.0%");
    browser.findElement(By.xpath("//button[starts-with(normalize-space(), 'down')]")).click();
    waitFor("only down targets", "return document.querySelector('[data-pool=node]') ? null : true");
    assertThat(browser.findElements(By.cssSelector("tr.target")))
        .allSatisfy(r -> assertThat(r.getAttribute("data-health")).isEqualTo("down"));
    assertThat(browser.getCurrentUrl()).contains("health=down");
    screenshot();
  }

  @Test
  @Order(7)
  void themeToggleSwitchesAndIsRemembered() {
    open("/");
    waitFor("the toggle", "return document.querySelector('#theme-toggle')");
    String before = theme();
    browser.findElement(By.id("theme-toggle")).click();
    String after = theme();
    assertThat(after).isNotEqualTo(before);
    browser.navigate().refresh();
    waitFor("the toggle", "return document.querySelector('#theme-toggle')");
    assertThat(theme()).isEqualTo(after);
    // the keyboard shortcut toggles too
    browser.findElement(By.tagName("body")).sendKeys("t");
    assertThat(theme()).isEqualTo(before);
    browser.findElement(By.tagName("body")).sendKeys("t");
    waitFor("the host row", "return document.querySelector('#hosts tbody td.num')");
    screenshot();
    js("localStorage.removeItem('vigil.theme')");
  }

  @Test
  @Order(8)
  void keyboardShortcutsNavigate() {
    open("/");
    WebElement body =
        (WebElement)
            waitFor("the app", "return document.querySelector('header.topbar') && document.body");
    body.sendKeys("g");
    body.sendKeys("t");
    waitFor("the targets page", "return location.pathname === '/targets' || null");
    body = browser.findElement(By.tagName("body"));
    body.sendKeys("/");
    waitFor(
        "the focused editor",
        "return location.pathname === '/explore'"
            + " && document.activeElement === document.querySelector('promql-editor textarea') || null");
    js("document.activeElement.blur()");
    browser.findElement(By.tagName("body")).sendKeys("?");
    waitFor("the help dialog", "return document.querySelector('#help[open]')");
    screenshot();
  }

  @Test
  @Order(14)
  void phoneWidthHasNoHorizontalScroll() {
    browser.manage().window().setSize(new Dimension(390, 844));
    open("/");
    waitFor("the host row", "return document.querySelector('#hosts tbody td.num')");
    Number overflow =
        (Number)
            js(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
    assertThat(overflow.intValue()).isLessThanOrEqualTo(0);
    assertThat(browser.findElements(By.cssSelector(".nav a")))
        .allSatisfy(a -> assertThat(a.isDisplayed()).isTrue());
    Boolean navFits =
        (Boolean)
            js(
                "const nav = document.querySelector('.nav').getBoundingClientRect();"
                    + "return [...document.querySelectorAll('.nav a, .tools button')]"
                    + ".filter(e => e.offsetParent !== null).every(e => {"
                    + " const r = e.getBoundingClientRect();"
                    + " return r.width > 0 && r.left >= 0 && r.right <= innerWidth"
                    + "  && (!e.closest('.nav') || r.right <= nav.right + 0.5); })");
    assertThat(navFits).as("every navigation link and tool is fully visible").isTrue();
    screenshot();
  }

  @Test
  @Order(9)
  void anImportedGrafanaDashboardShowsItsPanels() {
    String grafana =
        """
        {"dashboard": {"title": "Imported from Grafana", "schemaVersion": 38,
         "time": {"from": "now-30m", "to": "now"},
         "templating": {"list": [{"name": "path", "type": "query",
           "query": {"query": "label_values(ui_test_requests_total, path)"}}]},
         "panels": [
          {"type": "timeseries", "title": "Requests", "gridPos": {"x": 0, "y": 0, "w": 16, "h": 8},
           "targets": [{"expr": "rate(ui_test_requests_total[1m])", "legendFormat": "{{path}}"}]},
          {"type": "stat", "title": "Selected path", "gridPos": {"x": 16, "y": 0, "w": 8, "h": 4},
           "targets": [{"expr": "rate(ui_test_requests_total{path=\\"$path\\"}[1m])"}]},
          {"type": "table", "title": "Totals", "gridPos": {"x": 16, "y": 4, "w": 8, "h": 4},
           "targets": [{"expr": "ui_test_requests_total"}]}]}}
        """;
    HttpResponse<String> created =
        vigil.post(
            "/api/vigil/v1/dashboards",
            "application/json",
            grafana.getBytes(StandardCharsets.UTF_8));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    HttpResponse<String> bad =
        vigil.post(
            "/api/vigil/v1/dashboards",
            "application/json",
            "{\"title\":\"x\",\"panels\":[{\"type\":\"pie\",\"targets\":[]}]}"
                .getBytes(StandardCharsets.UTF_8));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("panels[0].type");

    open("/dashboards");
    WebElement link =
        (WebElement)
            waitFor(
                "the dashboard in the list",
                "return [...document.querySelectorAll('#dashboard-list a')]"
                    + ".find(a => a.textContent.includes('Imported from Grafana'))");
    link.click();
    Number series =
        (Number)
            waitFor(
                "the time series panel",
                "const c = document.querySelector('.dash-panel vigil-chart');"
                    + "const o = c && c.chart && c.chart.getOption();"
                    + "return o && o.series.length ? o.series.length : null");
    assertThat(series.intValue()).isEqualTo(3);
    waitFor(
        "the stat and table panels",
        "return document.querySelector('.dash-panel[data-type=stat] .value')"
            + " && document.querySelectorAll('.dash-panel[data-type=table] tbody tr').length === 3 || null");
    assertThat(text(".dash-panel[data-type=stat] .value")).matches("[0-9.]+");
    assertThat(browser.findElements(By.cssSelector(".dash-panel"))).hasSize(3);
    // Grafana's gridPos places the panels: the table (y 4) under the stat (y 0, h 4), both right
    // of the time series (w 16) and level with it.
    Map<?, ?> box =
        (Map<?, ?>)
            js(
                "const r = t => document.querySelector(`.dash-panel[data-type=${t}]`)"
                    + ".getBoundingClientRect();"
                    + "const [ts, st, tb] = ['timeseries', 'stat', 'table'].map(r);"
                    + "return {below: tb.top - st.bottom, right: st.left - ts.right,"
                    + " level: Math.abs(ts.top - st.top), bottoms: Math.abs(ts.bottom - tb.bottom)}");
    assertThat(((Number) box.get("below")).doubleValue()).isBetween(4.0, 12.0);
    assertThat(((Number) box.get("right")).doubleValue()).isBetween(4.0, 12.0);
    assertThat(((Number) box.get("level")).doubleValue()).isLessThan(1.0);
    assertThat(((Number) box.get("bottoms")).doubleValue()).isLessThan(1.0);
    screenshot();

    // A live refresh asks only for the points after the last one drawn: with 5 minutes at a 1 s
    // step, each range query spans at most a few steps, not the 300 of a full load.
    browser.get(browser.getCurrentUrl().replaceAll("\\?.*", "") + "?range=5m");
    waitFor(
        "the chart",
        "return document.querySelector('.dash-panel vigil-chart')?.chart ? true : null");
    waitFor(
        "the first render",
        "return performance.getEntriesByName('vigil-dashboard-complete').length || null");
    List<?> spans =
        (List<?>)
            browser.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "setTimeout(() => { performance.clearResourceTimings();"
                    + " const d = document.querySelector('vigil-dashboard');"
                    + " d.addEventListener('dashboard-rendered', () => done(performance"
                    + "  .getEntriesByType('resource').filter(r => r.name.includes('/query_range'))"
                    + "  .map(r => { const u = new URL(r.name).searchParams;"
                    + "   return (u.get('end') - u.get('start')) / u.get('step') + 1; })),"
                    + "  { once: true });"
                    + " d.fetchPanels({ live: true }); }, 2100)");
    assertThat(spans).isNotEmpty();
    assertThat(spans).allSatisfy(n -> assertThat(((Number) n).doubleValue()).isBetween(2.0, 6.0));
  }

  @Test
  @Order(10)
  void shippedDashboardsAreReadOnlyAndExportAsGrafanaJson() {
    open("/dashboards");
    waitFor(
        "the shipped dashboards",
        "return [...document.querySelectorAll('#dashboard-list a')]"
            + ".find(a => a.textContent.includes('Host overview'))");
    open("/dashboards/host-overview?range=15m");
    waitFor(
        "every panel drawn",
        "return performance.getEntriesByName('vigil-dashboard-complete').length || null");
    assertThat(browser.findElements(By.cssSelector(".dash-panel .panel-error"))).isEmpty();
    assertThat(
            browser.findElements(By.cssSelector(".dash-panel[data-type=gauge] vigil-gauge canvas")))
        .hasSize(3);
    assertThat(text(".dash-panel[data-type=gauge] .chart-canvas")).isEmpty();
    assertThat(browser.findElements(By.cssSelector(".dash-panel[data-type=bar] .bar-row")))
        .isNotEmpty();
    assertThat(browser.findElements(By.id("edit-dashboard"))).isEmpty();
    screenshot();

    HttpResponse<String> put =
        vigil.send(
            HttpRequest.newBuilder(
                    URI.create(vigil.url() + "/api/vigil/v1/dashboards/host-overview"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"title\":\"x\",\"panels\":[]}")));
    assertThat(put.statusCode()).isEqualTo(403);
    assertThat(put.body()).contains("duplicate");
    HttpResponse<String> export = vigil.get("/api/vigil/v1/dashboards/vigil-self/export");
    assertThat(export.statusCode()).isEqualTo(200);
    assertThat(export.headers().firstValue("Content-Disposition").orElse(""))
        .contains("attachment");
    assertThat(export.body()).contains("\"schemaVersion\"").contains("\"heatmap\"");

    open("/dashboards/vigil-self?range=15m");
    waitFor(
        "the heatmap drawn",
        "const h = document.querySelector('.dash-panel[data-type=heatmap] vigil-heatmap');"
            + "const o = h && h.chart && h.chart.getOption();"
            + "return o && o.series[0].data.length ? o.yAxis[0].data.length : null");
    waitFor(
        "every panel drawn",
        "return performance.getEntriesByName('vigil-dashboard-complete').length || null");
    screenshot();
    // Over a long range a heatmap merges neighbouring steps, on a fixed time grid, into columns
    // of at least a few pixels: six 5-minute steps into at most three columns.
    Object merged =
        browser.executeAsyncScript(
            "const done = arguments[arguments.length - 1];"
                + "const app = document.querySelector('script[type=module]').src;"
                + "import(app.replace(/main\\.js$/, 'components/vigil-heatmap.js'))"
                + ".then(({ mergeColumns }) => done(JSON.stringify(mergeColumns({"
                + " times: [0, 1, 2, 3, 4, 5].map((i) => 1800000 + i * 300000),"
                + " buckets: ['1', '+Inf'], max: 9, cells: [[0, 0, 1], [0, 1, 2], [1, 0, 3],"
                + " [1, 1, 4], [2, 0, 5], [3, 0, 7], [4, 1, 8], [5, 0, 9]] }, 3))));");
    assertThat(merged)
        .isEqualTo(
            "{\"times\":[1800000,2400000,3000000],\"buckets\":[\"1\",\"+Inf\"],"
                + "\"cells\":[[0,0,2],[0,1,3],[1,0,6],[2,1,8],[2,0,9]],\"max\":9}");
    browser.findElement(By.id("duplicate-dashboard")).click();
    waitFor(
        "the editable copy",
        "return /^\\/dashboards\\/[0-9a-f]+$/.test(location.pathname)"
            + " && document.querySelector('#edit-dashboard') || null");
    assertThat(text("#dashboard-title")).isEqualTo("Vigil self-monitoring (copy)");
  }

  @Test
  @Order(11)
  void panelsAreAddedEditedAndRemovedWithoutJson() {
    open("/dashboards");
    ((WebElement) waitFor("the list", "return document.querySelector('#new-dashboard')")).click();
    ((WebElement) waitFor("the new dashboard", "return document.querySelector('#add-panel')"))
        .click();
    WebElement form =
        (WebElement)
            waitFor("the panel form", "return document.querySelector('#panel-editor form')");
    form.findElement(By.name("title")).sendKeys("Targets up");
    new org.openqa.selenium.support.ui.Select(form.findElement(By.name("type")))
        .selectByValue("stat");
    new org.openqa.selenium.support.ui.Select(form.findElement(By.name("w"))).selectByValue("6");
    new org.openqa.selenium.support.ui.Select(form.findElement(By.name("h"))).selectByValue("4");
    form.findElement(By.name("expr")).sendKeys("sum(up)");
    form.findElement(By.id("save-panel")).click();
    waitFor(
        "the new stat panel",
        "return document.querySelector('.dash-panel[data-type=stat] .value') && "
            + "!document.querySelector('#panel-editor') || null");
    assertThat(browser.findElements(By.cssSelector(".dash-panel"))).hasSize(2);
    String id = browser.getCurrentUrl().replaceAll(".*/dashboards/([^/?#]+).*", "$1");
    String stored = vigil.get("/api/vigil/v1/dashboards/" + id).body();
    assertThat(stored)
        .contains("\"title\":\"Targets up\"")
        .contains("\"expr\":\"sum(up)\"")
        .contains("\"w\":6,\"h\":4");

    // Edit the first panel's title; its query and size stay.
    browser.findElement(By.cssSelector(".dash-panel[data-type=timeseries] .panel-edit")).click();
    WebElement title =
        (WebElement)
            waitFor(
                "the filled form",
                "return document.querySelector('#panel-editor input[name=title]')");
    assertThat(title.getAttribute("value")).isEqualTo("Requests per second");
    title.clear();
    title.sendKeys("HTTP requests");
    browser.findElement(By.id("save-panel")).click();
    waitFor(
        "the new title",
        "return document.querySelector('.dash-panel[data-type=timeseries] .panel-title')"
            + "?.textContent === 'HTTP requests' || null");

    // Remove the stat panel.
    browser.findElement(By.cssSelector(".dash-panel[data-type=stat] .panel-remove")).click();
    browser.switchTo().alert().accept();
    waitFor(
        "one panel left", "return document.querySelectorAll('.dash-panel').length === 1 || null");
    assertThat(vigil.get("/api/vigil/v1/dashboards/" + id).body())
        .doesNotContain("Targets up")
        .contains("HTTP requests")
        .contains("vigil_http_requests_total");
    screenshot();
  }

  @Test
  @Order(12)
  void aPanelWithMoreSeriesThanItDrawsSaysSo() {
    long now = System.currentTimeMillis();
    StringBuilder text = new StringBuilder("# TYPE ui_test_pods gauge\n");
    for (int i = 0; i < 600; i++) {
      for (long t = now - 120_000; t <= now; t += 30_000) {
        text.append("ui_test_pods{pod=\"p").append(i).append("\"} ").append(i);
        text.append(' ').append(t).append('\n');
      }
    }
    importText(text);
    String dashboard =
        """
        {"title": "Many pods", "time": {"from": "now-5m", "to": "now"},
         "panels": [
          {"type": "timeseries", "title": "Every pod", "gridPos": {"x": 0, "y": 0, "w": 24, "h": 8},
           "targets": [{"expr": "ui_test_pods"}]},
          {"type": "timeseries", "title": "Ten pods", "gridPos": {"x": 0, "y": 8, "w": 24, "h": 8},
           "targets": [{"expr": "topk(10, ui_test_pods)"}]}]}
        """;
    HttpResponse<String> created =
        vigil.post(
            "/api/vigil/v1/dashboards",
            "application/json",
            dashboard.getBytes(StandardCharsets.UTF_8));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    java.util.regex.Matcher id =
        java.util.regex.Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(created.body());
    assertThat(id.find()).as(created.body()).isTrue();
    open("/dashboards/" + id.group(1));
    Number drawn =
        (Number)
            waitFor(
                "the crowded panel",
                "const c = document.querySelector('.dash-panel[data-panel=\"0\"] vigil-chart');"
                    + "const o = c && c.chart && c.chart.getOption();"
                    + "return o && o.series.length ? o.series.length : null");
    assertThat(drawn.intValue()).isEqualTo(500);
    assertThat(text(".dash-panel[data-panel=\"0\"] .panel-cut"))
        .isEqualTo("showing 500 of 600 series");
    waitFor(
        "the small panel",
        "return document.querySelector('.dash-panel[data-panel=\"1\"] vigil-chart')?.chart ? true : null");
    assertThat(browser.findElements(By.cssSelector(".dash-panel[data-panel=\"1\"] .panel-cut")))
        .isEmpty();
    screenshot();
  }

  @Test
  @Order(13)
  void anAlertIsAcknowledgedSilencedAndTheSilenceExpired() {
    // The notifier has the alert (its fingerprint is what an acknowledgement names).
    new WebDriverWait(browser, WAIT)
        .until(b -> vigil.get("/api/v2/alerts").body().contains("UiTestAlert"));
    open("/alerts?q=UiTestAlert");
    WebElement ack =
        (WebElement)
            waitFor(
                "the Ack button",
                "return document.querySelector('section[data-state=firing] tr.alert .ack-alert')");
    ack.click();
    WebElement by =
        (WebElement)
            waitFor("the form", "return document.querySelector('#ack-form input[name=by]')");
    by.clear();
    by.sendKeys("ops-oncall");
    browser.findElement(By.cssSelector("#ack-form input[name=comment]")).sendKeys("on it");
    browser.findElement(By.cssSelector("#ack-form button[type=submit]")).click();
    waitFor("the acknowledgement", "return document.querySelector('tr.alert .acked')");
    assertThat(text("tr.alert .acked")).isEqualTo("acked by ops-oncall");
    assertThat(browser.findElements(By.id("ack-form"))).isEmpty();
    HttpResponse<String> acks = vigil.get("/api/vigil/v1/alerts/acks");
    assertThat(acks.body()).contains("\"by\":\"ops-oncall\"").contains("\"comment\":\"on it\"");
    waitFor(
        "the history",
        "return [...document.querySelectorAll('#alert-history tr.history-event')]"
            + ".some(r => r.textContent.includes('acknowledged')) || null");
    assertThat(text("#alert-history")).contains("UiTestAlert").contains("firing");
    screenshot("-acknowledged");
    browser.findElement(By.cssSelector("tr.alert .unack-alert")).click();
    waitFor("the Ack button again", "return document.querySelector('tr.alert .ack-alert')");

    // Silence it from its row: the form comes with the alert's labels as matchers.
    browser.findElement(By.cssSelector("tr.alert .silence-alert")).click();
    waitFor("the silence form", "return document.querySelector('#save-silence')");
    waitFor(
        "the affected alert",
        "return document.querySelector('#silence-affected')?.textContent.includes('UiTestAlert') || null");
    WebElement author = browser.findElement(By.id("silence-author"));
    author.clear();
    author.sendKeys("ops-oncall");
    browser.findElement(By.id("silence-comment")).sendKeys("deploy in progress");
    browser.findElement(By.id("save-silence")).click();
    WebElement row =
        (WebElement)
            waitFor(
                "the silence in the list",
                "return [...document.querySelectorAll('#silence-list tr.silence')]"
                    + ".find(r => r.textContent.includes('deploy in progress')) || null");
    String id = row.getAttribute("data-id");
    assertThat(row.getText()).contains("alertname=\"UiTestAlert\"").contains("team=\"web\"");
    assertThat(vigil.get("/api/v2/silence/" + id).body()).contains("\"state\":\"active\"");
    row.findElement(By.cssSelector(".expire")).click();
    browser.switchTo().alert().accept();
    waitFor(
        "the silence gone from the active list",
        "return document.querySelector(`#silence-list tr[data-id='" + id + "']`) ? null : true");
    assertThat(vigil.get("/api/v2/silence/" + id).body()).contains("\"state\":\"expired\"");
    screenshot();
  }

  @Test
  @Order(15)
  void bannerShowsWhenTheServerIsGone() throws InterruptedException {
    open("/targets");
    waitFor("the targets", "return document.querySelector('tr.target')");
    assertThat(browser.findElements(By.id("unreachable"))).isEmpty();
    assertThat(vigil.terminate(Duration.ofSeconds(15))).isZero();
    browser.findElement(By.tagName("body")).sendKeys("r");
    waitFor("the banner", "return document.querySelector('#unreachable')");
    screenshot();
  }

  private void open(String path) {
    browser.get(vigil.url() + path);
  }

  private Object waitFor(String what, String script) {
    try {
      return new WebDriverWait(browser, WAIT)
          .withMessage(() -> "waiting for " + what)
          .until(d -> ((JavascriptExecutor) d).executeScript(script));
    } catch (org.openqa.selenium.TimeoutException e) {
      String name = testName;
      testName = name + "-failed";
      screenshot(); // what the page showed instead
      testName = name;
      throw e;
    }
  }

  private Object js(String script) {
    return browser.executeScript(script);
  }

  private String text(String css) {
    return browser.findElement(By.cssSelector(css)).getText().trim();
  }

  private String theme() {
    return (String) js("return document.documentElement.dataset.theme");
  }

  @SuppressWarnings("unchecked")
  private List<String> selectedSeries() {
    return (List<String>)
        js(
            "const o = document.querySelector('vigil-chart').chart.getOption();"
                + "const sel = o.legend[0].selected || {};"
                + "return o.series.map(s => s.name).filter(n => sel[n] !== false)");
  }

  /** Pixels of the chart's canvas that differ from its top-left corner (the background). */
  private long paintedPixels() {
    return ((Number)
            js(
                "const c = document.querySelector('vigil-chart canvas');"
                    + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                    + "let n = 0; for (let i = 0; i < d.length; i += 4) {"
                    + " if (d[i] !== d[0] || d[i+1] !== d[1] || d[i+2] !== d[2] || d[i+3] !== d[3]) n++; }"
                    + "return n"))
        .longValue();
  }

  private void screenshot() {
    screenshot("");
  }

  /** A screenshot named after the test and {@code step}, for tests that take several. */
  private void screenshot(String step) {
    try {
      Files.write(
          SHOTS.resolve(testName + step + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
