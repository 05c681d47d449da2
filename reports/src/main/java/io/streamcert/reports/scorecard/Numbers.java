package io.streamcert.reports.scorecard;

import java.math.BigDecimal;
import java.util.Locale;

/** Formats numbers for people the same way in every locale: {@code 12.5}, {@code 1200}, {@code 0.25}. */
public final class Numbers {

  private Numbers() {}

  /** Formats with at most {@code decimals} decimals and no trailing zeros, in {@link Locale#ROOT}. */
  public static String fixed(double value, int decimals) {
    String s = String.format(Locale.ROOT, "%." + decimals + "f", value);
    if (s.contains(".")) s = new BigDecimal(s).stripTrailingZeros().toPlainString();
    return s.equals("-0") ? "0" : s;
  }

  /** Formats a measured value with a precision that suits its size: {@code 1234}, {@code 12.3}, {@code 0.123}. */
  public static String value(double value) {
    double a = Math.abs(value);
    int decimals = a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3;
    return fixed(value, decimals);
  }

  /** A value with its unit: {@code 12.5 ms}, {@code 99.9%}, {@code 42}. */
  public static String withUnit(double value, String unit) {
    if (unit == null || unit.isEmpty()) return value(value);
    return unit.equals("%") ? value(value) + "%" : value(value) + " " + unit;
  }
}
