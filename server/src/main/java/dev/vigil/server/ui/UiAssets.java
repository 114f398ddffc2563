package dev.vigil.server.ui;

import dev.vigil.server.http.ApiException;
import dev.vigil.server.http.ErrorType;
import io.javalin.http.Context;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves the web UI from the classpath: the single page ({@code index.html}, with its import map
 * pointing at the exact vendor versions on the classpath) for every client-side route, the app's
 * own ES modules under {@code /ui/app/}, and the Lit and ECharts modules from their WebJars under
 * {@code /ui/vendor/<package>@<version>/}.
 *
 * <p>Vendor files carry their version in the URL, and the app's files a hash of all of them ({@code
 * /ui/build/<hash>/<path>}): both are cached by browsers for a year, so a returning browser loads
 * the page's modules without asking the server once per module (a chain of revalidations the depth
 * of the import graph). Only the page is revalidated on every load (with an ETag); it names the
 * current hash, so a new release, or an edited file under the development folder, is picked up at
 * once. Thread-safe.
 */
public final class UiAssets {
  /** The client-side routes that answer with the page; the app decides what to show. */
  public static final List<String> PAGES =
      List.of(
          "/",
          "/overview",
          "/explore",
          "/targets",
          "/alerts",
          "/silences",
          "/silences/{id}",
          "/dashboards",
          "/dashboards/{id}");

  /** The WebJars the page's import map refers to, by their npm names as WebJars spell them. */
  static final List<String> VENDOR_PACKAGES =
      List.of("lit", "lit-html", "lit-element", "lit__reactive-element", "echarts");

  private static final String APP_ROOT = "/dev/vigil/ui/static/";
  private static final String WEBJARS = "/META-INF/resources/webjars/";
  private static final String IMMUTABLE = "public, max-age=31536000, immutable";

  private final Map<String, String> versions;
  private final Path devDir;
  private final Asset page;
  private final Map<String, Asset> appFiles = new ConcurrentHashMap<>();
  private final String build;

  /**
   * Reads the vendor versions and the page from the classpath.
   *
   * @param devDir a folder holding the UI's {@code static/} files to serve instead of the ones in
   *     the jar, read afresh on every request (for working on the UI without rebuilding); null in
   *     production
   * @throws IllegalStateException if a WebJar or the page is missing (a broken build)
   */
  public UiAssets(Path devDir) {
    this.devDir = devDir;
    Map<String, String> v = new TreeMap<>();
    for (String pkg : VENDOR_PACKAGES) {
      v.put(pkg, webjarVersion(pkg));
    }
    this.versions = Map.copyOf(v);
    this.build = devDir == null ? AppBuild.hash(AppBuild.classpathFolder(APP_ROOT + "app/")) : null;
    this.page = loadPage();
  }

  private Asset loadPage() {
    byte[] html = readApp("index.html");
    if (html == null) {
      throw new IllegalStateException("the UI's index.html is not on the classpath");
    }
    String filled =
        fillImportMap(new String(html, StandardCharsets.UTF_8)).replace("{{app}}", appPrefix());
    return Asset.of(filled.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * {@code /ui/build/<hash>}, without a trailing slash: where the page loads the app's files from.
   * The hash covers every file under {@code app/}; under a development folder it is computed afresh
   * for every page load.
   */
  public String appPrefix() {
    return "/ui/build/" + currentBuild();
  }

  private String currentBuild() {
    return build != null ? build : AppBuild.hash(devDir.resolve("app"));
  }

  private byte[] readApp(String path) {
    if (devDir == null) {
      return read(APP_ROOT + path);
    }
    try {
      Path file = devDir.resolve(path);
      return Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + " from " + devDir, e);
    }
  }

  /** The version of each vendor package served, by package name. */
  public Map<String, String> versions() {
    return versions;
  }

  /** Replaces {@code {{vendor:<package>}}} with the URL prefix of that package's files. */
  String fillImportMap(String html) {
    String out = html;
    for (Map.Entry<String, String> e : versions.entrySet()) {
      out = out.replace("{{vendor:" + e.getKey() + "}}", vendorPrefix(e.getKey()));
    }
    return out;
  }

  /** {@code /ui/vendor/<package>@<version>}, without a trailing slash. */
  public String vendorPrefix(String pkg) {
    return "/ui/vendor/" + pkg + "@" + versions.get(pkg);
  }

  /** {@code GET} of a client-side route: the page. */
  public void page(Context ctx) {
    send(ctx, devDir == null ? page : loadPage(), "text/html; charset=utf-8", "no-cache");
  }

  /** {@code GET /ui/app/<path>}: one of the app's own files, revalidated on every use. */
  public void app(Context ctx) {
    send(ctx, appFile(ctx), contentType(ctx.pathParam("path")), "no-cache");
  }

  /**
   * {@code GET /ui/build/<hash>/<path>}: one of the app's own files, cached for a year when the
   * hash is the current one. A page from an earlier build (open in a tab across an upgrade) still
   * gets today's file, revalidated on every use.
   */
  public void appBuild(Context ctx) {
    boolean current = ctx.pathParam("build").equals(currentBuild());
    send(ctx, appFile(ctx), contentType(ctx.pathParam("path")), current ? IMMUTABLE : "no-cache");
  }

  private Asset appFile(Context ctx) {
    String path = safePath(ctx.pathParam("path"));
    Asset a = devDir == null ? appFiles.get(path) : null;
    if (a == null) {
      byte[] bytes = readApp("app/" + path);
      if (bytes == null) {
        throw notFound(ctx); // not cached: only files that exist take memory
      }
      a = Asset.of(bytes);
      appFiles.put(path, a);
    }
    return a;
  }

  /** {@code GET /ui/vendor/<package>@<version>/<path>}: a file from a WebJar. */
  public void vendor(Context ctx) {
    String pkgAndVersion = ctx.pathParam("pkg");
    int at = pkgAndVersion.lastIndexOf('@');
    String pkg = at < 0 ? pkgAndVersion : pkgAndVersion.substring(0, at);
    String version = versions.get(pkg);
    if (at < 0 || version == null || !version.equals(pkgAndVersion.substring(at + 1))) {
      throw notFound(ctx);
    }
    String path = safePath(ctx.pathParam("path"));
    byte[] bytes = read(WEBJARS + pkg + "/" + version + "/" + path);
    if (bytes == null) {
      throw notFound(ctx);
    }
    ctx.header("Cache-Control", IMMUTABLE);
    ctx.contentType(contentType(path)).result(bytes);
  }

  private static void send(Context ctx, Asset a, String contentType, String cacheControl) {
    ctx.header("Cache-Control", cacheControl);
    ctx.header("ETag", a.etag());
    String match = ctx.header("If-None-Match");
    if (a.etag().equals(match)) {
      ctx.status(304);
      return;
    }
    ctx.contentType(contentType).result(a.bytes());
  }

  private static String safePath(String path) {
    if (path.isEmpty() || path.startsWith("/") || path.contains("..") || path.contains("\\")) {
      throw new ApiException(
          400, ErrorType.BAD_DATA, "bad asset path \"" + path + "\": must be relative, no \"..\"");
    }
    return path;
  }

  private static ApiException notFound(Context ctx) {
    return new ApiException(404, ErrorType.NOT_FOUND, "no such UI file: " + ctx.path());
  }

  static String contentType(String path) {
    String ext = path.substring(path.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    return switch (ext) {
      case "js", "mjs" -> "text/javascript; charset=utf-8";
      case "css" -> "text/css; charset=utf-8";
      case "html" -> "text/html; charset=utf-8";
      case "json", "map" -> "application/json";
      case "svg" -> "image/svg+xml";
      case "png" -> "image/png";
      default -> "application/octet-stream";
    };
  }

  private static String webjarVersion(String pkg) {
    byte[] props = read("/META-INF/maven/org.webjars.npm/" + pkg + "/pom.properties");
    if (props == null) {
      throw new IllegalStateException(
          "the WebJar org.webjars.npm:" + pkg + " is not on the classpath");
    }
    Properties p = new Properties();
    try {
      p.load(new ByteArrayInputStream(props));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p.getProperty("version");
  }

  private static byte[] read(String resource) {
    try (InputStream in = UiAssets.class.getResourceAsStream(resource)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  /** A file's bytes and their ETag; the bytes are never modified after construction. */
  private static final class Asset {
    private final byte[] bytes;
    private final String etag;

    private Asset(byte[] bytes, String etag) {
      this.bytes = bytes;
      this.etag = etag;
    }

    byte[] bytes() {
      return bytes;
    }

    String etag() {
      return etag;
    }

    static Asset of(byte[] bytes) {
      try {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
        return new Asset(bytes, "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
