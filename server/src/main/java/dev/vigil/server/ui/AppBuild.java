package dev.vigil.server.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The identity of one build of the web app: a hash over the names and bytes of every file under its
 * folder, which goes into the URLs the page loads the app from ({@code /ui/build/<hash>/}). Any
 * change to any file gives a new hash, so browsers may cache what they got under a hash forever.
 * Stateless.
 */
final class AppBuild {
  private AppBuild() {}

  /**
   * The first 12 bytes, in hex, of the SHA-256 over every regular file below {@code folder}: its
   * path relative to the folder, a zero byte, its length and its bytes, in path order.
   *
   * @throws UncheckedIOException if the folder cannot be read
   */
  static String hash(Path folder) {
    MessageDigest digest = sha256();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(folder)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the UI's files in " + folder, e);
    }
    for (Path f : files) {
      try {
        byte[] bytes = Files.readAllBytes(f);
        digest.update(folder.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.UTF_8));
        digest.update(bytes);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the UI's file " + f, e);
      }
    }
    return HexFormat.of().formatHex(digest.digest(), 0, 12);
  }

  /**
   * A classpath folder as a {@link Path}: a directory on disk (the build's classes) or a folder
   * inside a jar (the packaged server), whose file system stays open for the JVM's lifetime.
   *
   * @throws IllegalStateException if the folder is not on the classpath (a broken build)
   */
  static Path classpathFolder(String resource) {
    URL url = AppBuild.class.getResource(resource);
    if (url == null) {
      throw new IllegalStateException("the UI's folder " + resource + " is not on the classpath");
    }
    try {
      URI uri = url.toURI();
      if (!"jar".equals(uri.getScheme())) {
        return Path.of(uri);
      }
      FileSystem fs;
      try {
        fs = FileSystems.newFileSystem(uri, Map.of());
      } catch (FileSystemAlreadyExistsException e) {
        fs = FileSystems.getFileSystem(uri);
      }
      return fs.getPath(resource);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot open the UI's folder " + url, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the UI's folder " + url, e);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
