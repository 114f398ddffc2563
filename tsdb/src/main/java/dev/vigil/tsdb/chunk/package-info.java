/**
 * Compressed sample chunks in two encodings. The head's: Gorilla-style delta-of-delta timestamps
 * and XOR-compressed floats over a bit stream held in a {@code long[]}; {@link
 * dev.vigil.tsdb.chunk.XorEncoder} appends to an open chunk, {@link
 * dev.vigil.tsdb.chunk.XorDecoder} walks it without allocating ({@code docs/formats/chunks.md}).
 * The blocks': {@link dev.vigil.tsdb.chunk.PackedCodec} re-encodes a sealed run of samples with
 * regular-step timestamps and decimal integer values where possible, byte-aligned for the page
 * compressor ({@code docs/formats/packed-chunks.md}). {@link dev.vigil.tsdb.chunk.Chunk} is a
 * sealed chunk of either kind, {@link dev.vigil.tsdb.chunk.ChunkDecoder} reads both.
 */
package dev.vigil.tsdb.chunk;
