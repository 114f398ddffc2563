package dev.vigil.collect.host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the small text files of {@code /proc} and {@code /sys}. */
final class ProcFiles {
  private ProcFiles() {}

  /**
   * The whole file. Read as a stream to the end: these files report size 0, and {@code
   * Files.readAllBytes} then returns only the first byte of a {@code /proc/sys} file.
   */
  static String read(Path p) throws IOException {
    try (InputStream in = Files.newInputStream(p)) {
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  /** The file's lines split on runs of blanks, empty lines left out. */
  static List<String[]> rows(Path p) throws IOException {
    List<String[]> out = new ArrayList<>();
    for (String line : lines(read(p))) {
      String[] f = fields(line);
      if (f.length > 0) {
        out.add(f);
      }
    }
    return out;
  }

  /** The lines of {@code text}, without their line ends. */
  static List<String> lines(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    while (start < text.length()) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = text.length();
      }
      out.add(text.substring(start, end));
      start = end + 1;
    }
    return out;
  }

  /** The fields of {@code line} separated by runs of blanks and tabs. */
  static String[] fields(String line) {
    return split(line, ' ', true);
  }

  /**
   * Splits on {@code sep}; with {@code blanks}, on any run of blanks and tabs, dropping empty
   * fields.
   */
  static String[] split(String s, char sep, boolean blanks) {
    List<String> out = new ArrayList<>();
    int i = 0;
    int n = s.length();
    while (i <= n) {
      if (blanks) {
        while (i < n && Character.isWhitespace(s.charAt(i))) {
          i++;
        }
        if (i == n) {
          break;
        }
      }
      int j = i;
      while (j < n && (blanks ? !Character.isWhitespace(s.charAt(j)) : s.charAt(j) != sep)) {
        j++;
      }
      out.add(s.substring(i, j));
      i = j + 1;
    }
    return out.toArray(new String[0]);
  }

  /** Parses a counter field; the kernel prints unsigned 64-bit numbers. */
  static double num(String s) {
    return Long.parseUnsignedLong(s);
  }
}
