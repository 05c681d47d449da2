package io.streamcert.cli;

import io.streamcert.infra.s3.S3OpClass;
import io.streamcert.infra.s3.ThrottleRule;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Parses {@code --s3-slowdown}: {@code rate=P}, {@code bucket=SCALE} and {@code ops=all|reads|writes}, comma-separated. */
final class SlowdownSpec {

  private SlowdownSpec() {}

  static ThrottleRule parse(String text) {
    double rate = 0;
    double bucket = 0;
    Set<S3OpClass> ops = EnumSet.allOf(S3OpClass.class);
    String fix = " (use rate=P with P from 0 to 1, bucket=SCALE, ops=all|reads|writes, like rate=0.5,ops=writes)";
    try {
      for (String part : text.split(",")) {
        String[] kv = part.split("=", 2);
        if (kv.length != 2) throw new IllegalArgumentException("'" + part + "' has no '='");
        String v = kv[1].trim();
        switch (kv[0].trim().toLowerCase(Locale.ROOT)) {
          case "rate" -> rate = Double.parseDouble(v);
          case "bucket" -> bucket = Double.parseDouble(v);
          case "ops" -> ops = switch (v.toLowerCase(Locale.ROOT)) {
            case "all" -> EnumSet.allOf(S3OpClass.class);
            case "reads" -> EnumSet.of(S3OpClass.READ);
            case "writes" -> EnumSet.of(S3OpClass.WRITE);
            default -> throw new IllegalArgumentException("ops was '" + v + "'");
          };
          default -> throw new IllegalArgumentException("unknown key '" + kv[0].trim() + "'");
        }
      }
      return new ThrottleRule(rate, bucket, List.of(), ops, 1);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--s3-slowdown was '" + text + "': " + e.getMessage() + fix, e);
    }
  }
}
