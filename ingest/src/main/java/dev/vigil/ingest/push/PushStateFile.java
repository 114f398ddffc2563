package dev.vigil.ingest.push;

import dev.vigil.core.model.Labels;
import dev.vigil.ingest.MetricType;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Saves and loads the {@link PushStore}'s groups, so pushed series outlive a restart as they do in
 * a Pushgateway with a persistence file. Layout in {@code docs/formats/pushgateway.md}: a magic and
 * version, the groups, and a CRC-32 of everything before it. Saving writes a temporary file, forces
 * it to disk and renames it over the old one, so a crash leaves the old or the new state.
 */
public final class PushStateFile {
  private static final int MAGIC = 0x56504753; // "VPGS"
  private static final int VERSION = 1;
  private static final int MAX_STRING = 1 << 24;

  private PushStateFile() {}

  /** Writes {@code groups} to {@code file} atomically. */
  public static void save(Path file, List<PushStore.GroupView> groups) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(MAGIC);
    out.writeInt(VERSION);
    out.writeInt(groups.size());
    for (PushStore.GroupView g : groups) {
      labels(out, g.key());
      out.writeDouble(g.pushTimeSeconds());
      out.writeDouble(g.failureTimeSeconds());
      out.writeInt(g.families().size());
      for (PushedFamily f : g.families()) {
        string(out, f.name());
        string(out, f.type().name());
        string(out, f.help());
        out.writeInt(f.series().size());
        for (PushedSeries s : f.series()) {
          labels(out, s.labels());
          out.writeDouble(s.value());
        }
      }
    }
    out.flush();
    CRC32 crc = new CRC32();
    crc.update(bytes.toByteArray());
    out.writeInt((int) crc.getValue());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buf = ByteBuffer.wrap(bytes.toByteArray());
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Reads the groups saved in {@code file}; an absent file holds none.
   *
   * @throws IOException when the file cannot be read, or is damaged (with what is wrong)
   */
  public static List<PushStore.GroupView> load(Path file) throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    byte[] all = Files.readAllBytes(file);
    if (all.length < 16) {
      throw new IOException(file + ": truncated (" + all.length + " bytes)");
    }
    CRC32 crc = new CRC32();
    crc.update(all, 0, all.length - 4);
    int stored = ByteBuffer.wrap(all, all.length - 4, 4).getInt();
    if (stored != (int) crc.getValue()) {
      throw new IOException(file + ": checksum mismatch, the file is damaged");
    }
    DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(all));
    if (in.readInt() != MAGIC) {
      throw new IOException(file + ": not a Vigil pushgateway state file");
    }
    int version = in.readInt();
    if (version != VERSION) {
      throw new IOException(file + ": unknown version " + version);
    }
    int n = count(in, file);
    List<PushStore.GroupView> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Labels key = labels(in, file);
      double push = in.readDouble();
      double failure = in.readDouble();
      int nf = count(in, file);
      List<PushedFamily> families = new ArrayList<>(nf);
      for (int j = 0; j < nf; j++) {
        String name = string(in, file);
        MetricType type = type(string(in, file), file);
        String help = string(in, file);
        int ns = count(in, file);
        List<PushedSeries> series = new ArrayList<>(ns);
        for (int k = 0; k < ns; k++) {
          series.add(new PushedSeries(labels(in, file), in.readDouble()));
        }
        families.add(new PushedFamily(name, type, help, series));
      }
      out.add(new PushStore.GroupView(key, push, failure, families));
    }
    return out;
  }

  private static MetricType type(String name, Path file) throws IOException {
    try {
      return MetricType.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new IOException(
          file + ": unknown metric type \"" + name + "\", the file is damaged", e);
    }
  }

  private static void labels(DataOutputStream out, Labels l) throws IOException {
    out.writeInt(l.size());
    for (int i = 0; i < l.size(); i++) {
      string(out, l.name(i));
      string(out, l.value(i));
    }
  }

  private static Labels labels(DataInputStream in, Path file) throws IOException {
    int n = count(in, file);
    String[] pairs = new String[2 * n];
    for (int i = 0; i < pairs.length; i++) {
      pairs[i] = string(in, file);
    }
    return Labels.of(pairs);
  }

  private static void string(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String string(DataInputStream in, Path file) throws IOException {
    int n = count(in, file);
    byte[] b = in.readNBytes(n);
    if (b.length != n) {
      throw new IOException(file + ": truncated string, the file is damaged");
    }
    return new String(b, StandardCharsets.UTF_8);
  }

  private static int count(DataInputStream in, Path file) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > MAX_STRING) {
      throw new IOException(file + ": bad count " + n + ", the file is damaged");
    }
    return n;
  }
}
