package dev.vigil.tsdb.wal;

import dev.vigil.core.model.Labels;
import dev.vigil.tsdb.chunk.Chunk;
import dev.vigil.tsdb.chunk.ChunkDecoder;
import dev.vigil.tsdb.head.Head;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A WAL checkpoint: the head's state as of the end of segment N, written as ordinary WAL segments
 * into {@code wal/checkpoint.NNNNNNNN/}, so that segments up to N can be deleted. Replay reads the
 * newest checkpoint first, then the segments after N. Written into {@code .tmp} and renamed.
 */
public final class Checkpoint {
  private static final Pattern NAME = Pattern.compile("checkpoint\\.([0-9]{8})");
  private static final int SERIES_PER_CALL = 10_000;
  private static final int SAMPLES_PER_CALL = 1 << 16;

  private Checkpoint() {}

  /** The directory name of the checkpoint for segments up to {@code lastSegment}. */
  static String name(int lastSegment) {
    return "checkpoint." + WalFormat.segmentName(lastSegment);
  }

  /** The segment index a checkpoint directory covers, or -1 when it is not one. */
  static int index(Path dir) {
    java.util.regex.Matcher m = NAME.matcher(dir.getFileName().toString());
    return m.matches() ? Integer.parseInt(m.group(1)) : -1;
  }

  /**
   * Writes the checkpoint for segments up to {@code lastSegment}, then deletes those segments and
   * older checkpoints.
   */
  public static void write(Path walDir, int lastSegment, List<Head.SeriesSnapshot> series)
      throws IOException {
    Path tmp = walDir.resolve(name(lastSegment) + ".tmp");
    if (Files.exists(tmp)) {
      deleteTree(tmp);
    }
    try (WalWriter w = new WalWriter(tmp, -1, 128L << 20, FsyncPolicy.INTERVAL, 3_600_000)) {
      for (int from = 0; from < series.size(); from += SERIES_PER_CALL) {
        int to = Math.min(series.size(), from + SERIES_PER_CALL);
        int[] ids = new int[to - from];
        Labels[] labels = new Labels[to - from];
        for (int i = from; i < to; i++) {
          ids[i - from] = series.get(i).id();
          labels[i - from] = series.get(i).labels();
        }
        w.log(ids, labels, ids.length, new int[0], new long[0], new double[0], 0);
      }
      int[] refs = new int[SAMPLES_PER_CALL];
      long[] ts = new long[SAMPLES_PER_CALL];
      double[] vs = new double[SAMPLES_PER_CALL];
      int n = 0;
      ChunkDecoder d = new ChunkDecoder();
      for (Head.SeriesSnapshot s : series) {
        for (Chunk c : s.chunks()) {
          d.reset(c);
          while (d.next()) {
            refs[n] = s.id();
            ts[n] = d.atT();
            vs[n] = d.atF();
            if (++n == SAMPLES_PER_CALL) {
              w.log(new int[0], new Labels[0], 0, refs, ts, vs, n);
              n = 0;
            }
          }
          if (d.err() != null) {
            throw new IOException("head chunk of " + s.labels() + " does not decode: " + d.err());
          }
        }
      }
      if (n > 0) {
        w.log(new int[0], new Labels[0], 0, refs, ts, vs, n);
      }
    }
    Path done = walDir.resolve(name(lastSegment));
    Files.move(tmp, done, StandardCopyOption.ATOMIC_MOVE);
    WalWriter.syncDirectory(walDir);
    try (Stream<Path> entries = Files.list(walDir)) {
      for (Path p : entries.toList()) {
        int seg = WalFormat.segmentIndex(p);
        int cp = index(p);
        if ((seg >= 0 && seg <= lastSegment) || (cp >= 0 && cp < lastSegment)) {
          deleteTree(p);
        }
      }
    }
  }

  /** The newest complete checkpoint in {@code walDir}, or null; deletes unfinished ones. */
  static Path newest(Path walDir) throws IOException {
    if (!Files.isDirectory(walDir)) {
      return null;
    }
    Path best = null;
    List<Path> unfinished = new ArrayList<>();
    try (Stream<Path> entries = Files.list(walDir)) {
      for (Path p : entries.toList()) {
        String name = p.getFileName().toString();
        if (name.startsWith("checkpoint.") && name.endsWith(".tmp")) {
          unfinished.add(p);
        } else if (index(p) >= 0 && (best == null || index(p) > index(best))) {
          best = p;
        }
      }
    }
    for (Path p : unfinished) {
      deleteTree(p);
    }
    return best;
  }

  private static void deleteTree(Path p) throws IOException {
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    }
  }
}
