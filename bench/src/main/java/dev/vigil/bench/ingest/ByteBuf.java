package dev.vigil.bench.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte array with the protobuf and text appends the encoders need. Not thread-safe. */
final class ByteBuf {
  private byte[] buf;
  private int len;

  ByteBuf(int capacity) {
    buf = new byte[capacity];
  }

  int length() {
    return len;
  }

  byte[] array() {
    return buf;
  }

  void clear() {
    len = 0;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buf, len);
  }

  private void ensure(int extra) {
    if (len + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
    }
  }

  ByteBuf put(int b) {
    ensure(1);
    buf[len++] = (byte) b;
    return this;
  }

  ByteBuf put(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, len, b.length);
    len += b.length;
    return this;
  }

  ByteBuf ascii(String s) {
    return put(s.getBytes(StandardCharsets.UTF_8));
  }

  ByteBuf varint(long v) {
    ensure(10);
    while ((v & ~0x7fL) != 0) {
      buf[len++] = (byte) ((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    buf[len++] = (byte) v;
    return this;
  }

  /** A protobuf tag: field number and wire type. */
  ByteBuf tag(int field, int wireType) {
    return varint(((long) field << 3) | wireType);
  }

  ByteBuf fixed64(long bits) {
    ensure(8);
    for (int i = 0; i < 8; i++) {
      buf[len++] = (byte) (bits >>> (8 * i));
    }
    return this;
  }

  /** A length-delimited field holding {@code b}. */
  ByteBuf bytesField(int field, byte[] b) {
    return tag(field, 2).varint(b.length).put(b);
  }

  static int varintSize(long v) {
    int n = 1;
    while ((v & ~0x7fL) != 0) {
      v >>>= 7;
      n++;
    }
    return n;
  }
}
