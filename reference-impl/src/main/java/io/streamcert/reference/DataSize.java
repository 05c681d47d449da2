package io.streamcert.reference;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A number of bytes, parsed from text such as {@code 10MB}, {@code 512KB} or {@code 1048576}.
 *
 * <p>Units are binary multiples (KB = 1024 bytes, MB = 1024 KB, GB = 1024 MB), matching what
 * operators mean when they size buffers and request bodies.
 */
public record DataSize(long bytes) {

  private static final Pattern TEXT =
      Pattern.compile("(\\d{1,12})\\s*(B|KB|KIB|K|MB|MIB|M|GB|GIB|G)?", Pattern.CASE_INSENSITIVE);

  public DataSize {
    if (bytes < 0) {
      throw new IllegalArgumentException("a data size cannot be negative, got " + bytes);
    }
  }

  public static DataSize ofBytes(long bytes) {
    return new DataSize(bytes);
  }

  public static DataSize ofKilobytes(long kb) {
    return new DataSize(Math.multiplyExact(kb, 1024L));
  }

  public static DataSize ofMegabytes(long mb) {
    return new DataSize(Math.multiplyExact(mb, 1024L * 1024));
  }

  /**
   * Parses sizes like {@code 10MB}, {@code 64KB}, {@code 1GB} or a plain byte count.
   *
   * @throws IllegalArgumentException naming the text and the expected form
   */
  public static DataSize parse(String text) {
    Matcher m = TEXT.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a size; use a number with an optional unit, like 10MB, 512KB or 1048576");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
    long factor = switch (unit) {
      case "B" -> 1L;
      case "K", "KB", "KIB" -> 1024L;
      case "M", "MB", "MIB" -> 1024L * 1024;
      default -> 1024L * 1024 * 1024;
    };
    try {
      return new DataSize(Math.multiplyExact(n, factor));
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("'" + text + "' is too large a size", e);
    }
  }

  @Override
  public String toString() {
    if (bytes != 0 && bytes % (1024L * 1024 * 1024) == 0) return bytes / (1024L * 1024 * 1024) + "GB";
    if (bytes != 0 && bytes % (1024L * 1024) == 0) return bytes / (1024L * 1024) + "MB";
    if (bytes != 0 && bytes % 1024L == 0) return bytes / 1024L + "KB";
    return bytes + "B";
  }
}
