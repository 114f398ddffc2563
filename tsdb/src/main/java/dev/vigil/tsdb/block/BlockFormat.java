package dev.vigil.tsdb.block;

/** Constants of the block layout; see {@code docs/formats/block.md} and {@code index.md}. */
final class BlockFormat {
  /** "VCHK" */
  static final int CHUNKS_MAGIC = 0x5643484B;

  /** "VIDX" */
  static final int INDEX_MAGIC = 0x56494458;

  /** Version 1: XOR chunk entries, four numbers per chunk in the index. */
  static final byte VERSION_1 = 1;

  /** Version 2 (written now): zstd pages of packed chunks, five numbers per chunk in the index. */
  static final byte VERSION = 2;

  /** A page is compressed once its uncompressed chunks reach this size. */
  static final int PAGE_BYTES = 256 << 10;

  /** Samples per packed chunk, at most. */
  static final int SAMPLES_PER_CHUNK = 2048;

  /** No page is larger than this uncompressed (a reader's sanity limit). */
  static final int MAX_PAGE_BYTES = 4 << 20;

  static final byte PAGE_RAW = 0;
  static final byte PAGE_ZSTD = 1;
  static final int HEADER_BYTES = 8;
  static final byte ENCODING_XOR = 1;
  static final long MAX_CHUNK_FILE_BYTES = 512L << 20;
  static final int TOC_BYTES = 40;

  private BlockFormat() {}

  static String chunkFileName(int index) {
    return String.format(java.util.Locale.ROOT, "%06d", index);
  }
}
