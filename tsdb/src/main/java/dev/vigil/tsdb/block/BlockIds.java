package dev.vigil.tsdb.block;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Block ids: ULIDs (26 characters of Crockford base32: 48 bits of creation time in milliseconds,
 * then 80 random bits), so that ids sort by creation time and never collide.
 */
final class BlockIds {
  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private static final Pattern ULID = Pattern.compile("[0-9A-HJKMNP-TV-Z]{26}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private BlockIds() {}

  private static long lastTime = Long.MIN_VALUE;
  private static final int[] lastRandom = new int[16];

  /**
   * A new id. Ids made by one process increase strictly, also within one millisecond (the random
   * part is then the previous one plus one), because readers order blocks by id to know which was
   * written last.
   */
  static synchronized String next(long nowMillis) {
    char[] out = new char[26];
    long time = Math.max(nowMillis, lastTime);
    if (time == lastTime) {
      int i = 15;
      while (i >= 0 && lastRandom[i] == 31) {
        lastRandom[i--] = 0;
      }
      if (i < 0) {
        time++; // 80 bits exhausted within one millisecond: borrow the next one
      } else {
        lastRandom[i]++;
      }
    } else {
      for (int i = 0; i < 16; i++) {
        lastRandom[i] = RANDOM.nextInt(i == 0 ? 16 : 32); // headroom for increments
      }
    }
    lastTime = time;
    for (int i = 9; i >= 0; i--) {
      out[i] = ALPHABET[(int) (time & 31)];
      time >>>= 5;
    }
    for (int i = 0; i < 16; i++) {
      out[10 + i] = ALPHABET[lastRandom[i]];
    }
    return new String(out);
  }

  static boolean isId(String name) {
    return ULID.matcher(name).matches();
  }
}
