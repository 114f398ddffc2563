package dev.vigil.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UiAssetsTest {
  private final UiAssets assets = new UiAssets(null);

  @Test
  void everyVendorPackageHasTheVersionOnTheClasspath() {
    assertThat(assets.versions()).containsOnlyKeys(UiAssets.VENDOR_PACKAGES);
    assertThat(assets.versions().get("lit")).isEqualTo("3.2.1");
    assertThat(assets.versions().get("echarts")).isEqualTo("5.3.1");
  }

  @Test
  void importMapPointsAtFilesThatExist() throws IOException {
    String page = assets.fillImportMap(resource("/dev/vigil/ui/static/index.html"));
    assertThat(page).doesNotContain("{{vendor:");
    Matcher m = Pattern.compile("\"(/ui/vendor/([^@]+)@([^/]+)/[^\"]+\\.js)\"").matcher(page);
    int files = 0;
    while (m.find()) {
      String resource = "/META-INF/resources/webjars/" + m.group(2) + "/" + m.group(3) + "/";
      String file = m.group(1).substring(m.group(1).indexOf('/', "/ui/vendor/".length()) + 1);
      assertThat(UiAssets.class.getResource(resource + file)).as(m.group(1)).isNotNull();
      files++;
    }
    assertThat(files).isGreaterThanOrEqualTo(4);
  }

  @Test
  void thePageLoadsTheAppFromItsBuildHash(@TempDir Path dir) throws IOException {
    Path app = Files.createDirectories(dir.resolve("app/pages"));
    Files.writeString(
        dir.resolve("index.html"), "<script type=\"module\" src=\"{{app}}/main.js\"></script>");
    Files.writeString(dir.resolve("app/main.js"), "import './pages/a.js';");
    Files.writeString(app.resolve("a.js"), "export const a = 1;");
    UiAssets dev = new UiAssets(dir);
    String first = dev.appPrefix();
    assertThat(first).matches("/ui/build/[0-9a-f]{24}");
    assertThat(dev.appPrefix()).isEqualTo(first);

    // Any change to any file, even one the page does not name, gives a new build.
    Files.writeString(app.resolve("a.js"), "export const a = 2;");
    String second = dev.appPrefix();
    assertThat(second).isNotEqualTo(first);
    Files.move(app.resolve("a.js"), app.resolve("b.js"));
    assertThat(dev.appPrefix()).isNotEqualTo(second).isNotEqualTo(first);

    // The packaged app has a build too, and the shipped page names it for every module it loads.
    String page = assets.fillImportMap(resource("/dev/vigil/ui/static/index.html"));
    assertThat(page).contains("{{app}}/main.js").contains("{{app}}/app.css");
    assertThat(assets.appPrefix()).matches("/ui/build/[0-9a-f]{24}");
  }

  @Test
  void contentTypesBrowsersAcceptForModules() {
    String[][] cases = {
      {"main.js", "text/javascript; charset=utf-8"},
      {"app.css", "text/css; charset=utf-8"},
      {"icon.svg", "image/svg+xml"},
      {"lit-html.js.map", "application/json"},
      {"README", "application/octet-stream"},
    };
    for (String[] c : cases) {
      assertThat(UiAssets.contentType(c[0])).as(c[0]).isEqualTo(c[1]);
    }
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = UiAssetsTest.class.getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
