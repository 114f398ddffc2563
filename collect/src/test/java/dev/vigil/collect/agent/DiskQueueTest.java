package dev.vigil.collect.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskQueueTest {
  @TempDir Path dir;

  private static byte[] payload(int i, int size) {
    byte[] b = new byte[size];
    byte[] tag = ("batch-" + i + "-").getBytes(StandardCharsets.UTF_8);
    for (int k = 0; k < size; k++) {
      b[k] = tag[k % tag.length];
    }
    return b;
  }

  private static List<String> drain(DiskQueue q) throws Exception {
    List<String> got = new ArrayList<>();
    while (true) {
      List<DiskQueue.Batch> bs = q.read(1000, 0);
      if (bs.isEmpty()) {
        return got;
      }
      for (DiskQueue.Batch b : bs) {
        String s = new String(b.payload(), StandardCharsets.UTF_8);
        got.add(s.substring(0, s.indexOf('-', 6)));
      }
      q.ack(bs.get(bs.size() - 1).end());
    }
  }

  @Test
  void batchesComeBackInOrderAcrossRestartsAndAcknowledgedOnesDoNot() throws Exception {
    long seed = System.nanoTime();
    System.out.println("DiskQueueTest seed " + seed);
    Random rnd = new Random(seed);
    int n = 50 + rnd.nextInt(100);
    List<String> expected = new ArrayList<>();
    try (DiskQueue q = new DiskQueue(dir, 64L << 20)) {
      for (int i = 0; i < n; i++) {
        q.append(payload(i, 16 + rnd.nextInt(5000)), 1); // room for the whole tag
        expected.add("batch-" + i);
      }
      // deliver a prefix
      int k = rnd.nextInt(n);
      List<DiskQueue.Batch> first = new ArrayList<>();
      while (first.size() < k) {
        List<DiskQueue.Batch> bs = q.read(1, 0);
        q.ack(bs.get(0).end());
        first.add(bs.get(0));
      }
      expected = expected.subList(k, n);
    }
    try (DiskQueue q = new DiskQueue(dir, 64L << 20)) {
      assertThat(drain(q)).isEqualTo(expected);
      assertThat(q.pendingBytes()).isZero();
    }
  }

  @Test
  void aBatchTornByACrashIsCutOffAndTheRestSurvives() throws Exception {
    try (DiskQueue q = new DiskQueue(dir, 64L << 20)) {
      q.append(payload(1, 100), 1);
      q.append(payload(2, 100), 1);
    }
    Path seg;
    try (Stream<Path> s = Files.list(dir)) {
      seg = s.filter(p -> p.toString().endsWith(".seg")).findFirst().orElseThrow();
    }
    try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
      ch.truncate(ch.size() - 7); // the second batch half written
    }
    try (DiskQueue q = new DiskQueue(dir, 64L << 20)) {
      q.append(payload(3, 100), 1);
      assertThat(drain(q)).containsExactly("batch-1", "batch-3");
    }
  }

  @Test
  void aFullQueueDropsTheOldestSamplesAndCountsThem() throws IOException, Exception {
    long max = 256 * 1024;
    int batches = 200;
    try (DiskQueue q = new DiskQueue(dir, max)) {
      for (int i = 0; i < batches; i++) {
        q.append(payload(i, 4000), 10);
      }
      assertThat(q.diskBytes()).isLessThanOrEqualTo(max);
      List<String> left = drain(q);
      assertThat(q.droppedSamples()).isEqualTo(10L * (batches - left.size())).isPositive();
      // what is left is the newest, in order
      assertThat(left.get(left.size() - 1)).isEqualTo("batch-" + (batches - 1));
      assertThat(left.get(0)).isEqualTo("batch-" + (batches - left.size()));
    }
  }
}
