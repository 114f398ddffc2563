package dev.vigil.bench.ui;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Times a dashboard in a real browser (Debian's Chromium through chromedriver, headless,
 * 1920×1080): from the start of the navigation to the moment every panel has its data painted,
 * which the page marks as {@code vigil-dashboard-complete} (Navigation and User Timing), with the
 * Resource Timing of its queries. The first run starts with an empty browser cache, the others
 * reuse it (as a returning user does). Then it checks the live refresh: with a 1 h range (15 s
 * steps) it waits for the next step and counts the points each range query asked for.
 *
 * <p>Usage: {@code DashboardRender BASE_URL DASHBOARD_ID RUNS [CHROMIUM] [CHROMEDRIVER]}
 */
public final class DashboardRender {
  private static final String TIMING =
      """
      const nav = performance.getEntriesByType('navigation')[0];
      const mark = performance.getEntriesByName('vigil-dashboard-complete')[0];
      const data = performance.getEntriesByName('vigil-dashboard-data')[0];
      const q = performance.getEntriesByType('resource').filter(r => r.name.includes('/api/v1/query'));
      const panels = [...document.querySelectorAll('.dash-panel')];
      const paint = performance.getEntriesByName('vigil-chart-paint');
      return {
        paint: paint.reduce((a, m) => a + m.duration, 0),
        paints: paint.length,
        complete: mark.startTime,
        data: data.startTime,
        html: nav.responseEnd,
        domContentLoaded: nav.domContentLoadedEventEnd,
        queries: q.length,
        firstQuery: Math.min(...q.map(r => r.startTime)),
        lastQuery: Math.max(...q.map(r => r.responseEnd)),
        slowestQuery: Math.max(...q.map(r => r.duration)),
        queryBytes: q.reduce((a, r) => a + r.encodedBodySize, 0),
        panels: panels.length,
        failed: panels.filter(p => p.querySelector('.panel-error')).length,
      };
      """;

  private DashboardRender() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length < 3) {
      System.err.println(
          "usage: DashboardRender BASE_URL DASHBOARD_ID RUNS [CHROMIUM] [CHROMEDRIVER]");
      System.exit(2);
    }
    String url = args[0] + "/dashboards/" + args[1];
    int runs = Integer.parseInt(args[2]);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(Path.of(args.length > 3 ? args[3] : "/usr/bin/chromium").toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1920,1080");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(
                Path.of(args.length > 4 ? args[4] : "/usr/bin/chromedriver").toFile())
            .usingAnyFreePort()
            .build();
    ChromeDriver browser = new ChromeDriver(service, options);
    try {
      List<Double> warm = new ArrayList<>();
      System.out.println(
          "| run | cache | complete | all data in | HTML | DOMContentLoaded | queries | first query"
              + " starts | last answer | slowest query | answer bytes | chart paints (main thread) |"
              + " panels (failed) |");
      System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
      for (int i = 0; i <= runs; i++) {
        browser.get(url + "?range=24h&refresh=");
        Map<?, ?> t = waitForComplete(browser);
        double complete = num(t, "complete");
        if (i > 0) {
          warm.add(complete);
        }
        System.out.printf(
            Locale.ROOT,
            "| %d | %s | %.0f ms | %.0f ms | %.0f ms | %.0f ms | %d | %.0f ms | %.0f ms | %.0f ms |"
                + " %d kB | %d (%.0f ms) | %d (%d) |%n",
            i,
            i == 0 ? "empty" : "warm",
            complete,
            num(t, "data"),
            num(t, "html"),
            num(t, "domContentLoaded"),
            (long) num(t, "queries"),
            num(t, "firstQuery"),
            num(t, "lastQuery"),
            num(t, "slowestQuery"),
            (long) num(t, "queryBytes") / 1024,
            (long) num(t, "paints"),
            num(t, "paint"),
            (long) num(t, "panels"),
            (long) num(t, "failed"));
      }
      warm.sort(null);
      if (!warm.isEmpty()) {
        System.out.printf(
            Locale.ROOT,
            "median with a warm cache: %.0f ms over %d runs%n",
            warm.get(warm.size() / 2),
            warm.size());
      }
      liveRefresh(browser, url);
    } finally {
      browser.quit();
    }
  }

  /** Loads a 1 h view, waits for the next 15 s step, refreshes live and prints what was asked. */
  private static void liveRefresh(ChromeDriver browser, String url) throws InterruptedException {
    browser.get(url + "?range=1h&refresh=");
    waitForComplete(browser);
    long wait = 15_000 - System.currentTimeMillis() % 15_000 + 1_000;
    Thread.sleep(wait);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> asked =
        (List<Map<String, Object>>)
            ((JavascriptExecutor) browser)
                .executeAsyncScript(
                    """
                    const done = arguments[arguments.length - 1];
                    performance.clearResourceTimings();
                    const d = document.querySelector('vigil-dashboard');
                    d.addEventListener('dashboard-rendered', () => done(performance
                      .getEntriesByType('resource').filter(r => r.name.includes('/api/v1/query'))
                      .map(r => { const u = new URL(r.name); return { range: u.pathname.endsWith('_range'),
                        start: +u.searchParams.get('start'), end: +u.searchParams.get('end'),
                        step: +u.searchParams.get('step') }; })), { once: true });
                    d.fetchPanels({ live: true });
                    """);
    int range = 0;
    long points = 0;
    for (Map<String, Object> q : asked) {
      if (Boolean.TRUE.equals(q.get("range"))) {
        range++;
        points += Math.round((num(q, "end") - num(q, "start")) / num(q, "step")) + 1;
      }
    }
    System.out.printf(
        Locale.ROOT,
        "live refresh of the 1 h view (241 points per range query) one step later: %d range queries"
            + " asking for %d points in all, %d instant queries%n",
        range,
        points,
        asked.size() - range);
  }

  private static Map<?, ?> waitForComplete(ChromeDriver browser) {
    new WebDriverWait(browser, Duration.ofSeconds(60))
        .until(
            d ->
                ((JavascriptExecutor) d)
                    .executeScript(
                        "return performance.getEntriesByName('vigil-dashboard-complete').length"
                            + " > 0 || null"));
    return (Map<?, ?>) browser.executeScript(TIMING);
  }

  private static double num(Map<?, ?> m, String key) {
    return ((Number) m.get(key)).doubleValue();
  }
}
