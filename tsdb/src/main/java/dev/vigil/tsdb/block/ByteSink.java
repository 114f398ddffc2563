package dev.vigil.tsdb.block;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growing byte array with the integer encodings of the block formats. Not thread-safe. */
final class ByteSink {
  private byte[] buf = new byte[1 << 16];
  private int len;

  int length() {
    return len;
  }

  byte[] buffer() {
    return buf;
  }

  void reset() {
    len = 0;
  }

  void u8(int v) {
    ensure(1);
    buf[len++] = (byte) v;
  }

  void u32(int v) {
    ensure(4);
    buf[len++] = (byte) (v >>> 24);
    buf[len++] = (byte) (v >>> 16);
    buf[len++] = (byte) (v >>> 8);
    buf[len++] = (byte) v;
  }

  void u64(long v) {
    ensure(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      buf[len++] = (byte) (v >>> shift);
    }
  }

  void uvarint(long v) {
    ensure(10);
    while ((v & ~0x7FL) != 0) {
      buf[len++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[len++] = (byte) v;
  }

  void varint(long v) {
    uvarint((v << 1) ^ (v >> 63));
  }

  void string(String s) {
    bytes(s.getBytes(StandardCharsets.UTF_8), true);
  }

  void bytes(byte[] b, boolean withLength) {
    if (withLength) {
      uvarint(b.length);
    }
    ensure(b.length);
    System.arraycopy(b, 0, buf, len, b.length);
    len += b.length;
  }

  void bytes(byte[] b, int off, int n) {
    ensure(n);
    System.arraycopy(b, off, buf, len, n);
    len += n;
  }

  private void ensure(int n) {
    if (len + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(len + n, buf.length * 2));
    }
  }
}
