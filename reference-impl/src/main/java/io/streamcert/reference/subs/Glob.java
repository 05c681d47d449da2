package io.streamcert.reference.subs;

import java.util.ArrayList;
import java.util.List;

/**
 * Subscription patterns: path segments separated by {@code /}, where a segment {@code *} matches
 * exactly one segment, {@code **} matches zero or more segments, and any other segment matches
 * itself literally.
 */
public final class Glob {

  private Glob() {}

  /** True when the root-relative stream path matches the pattern. */
  public static boolean matches(String pattern, String path) {
    return match(segments(pattern), 0, segments(path), 0);
  }

  static List<String> segments(String p) {
    List<String> out = new ArrayList<>();
    for (String s : p.split("/")) {
      if (!s.isEmpty()) out.add(s);
    }
    return out;
  }

  private static boolean match(List<String> pat, int pi, List<String> path, int si) {
    while (pi < pat.size()) {
      String seg = pat.get(pi);
      if (seg.equals("**")) {
        for (int i = si; i <= path.size(); i++) {
          if (match(pat, pi + 1, path, i)) return true;
        }
        return false;
      }
      if (si >= path.size()) return false;
      if (!seg.equals("*") && !seg.equals(path.get(si))) return false;
      pi++;
      si++;
    }
    return si == path.size();
  }
}
