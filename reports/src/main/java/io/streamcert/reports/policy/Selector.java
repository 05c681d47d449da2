package io.streamcert.reports.policy;

import io.streamcert.reports.scorecard.Category;
import io.streamcert.reports.scorecard.Check;
import io.streamcert.reports.scorecard.Risk;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Picks checks for a level or an aspect: by id (exact, or a pattern where {@code *} matches any run
 * of characters and {@code ?} one character), by category, and optionally only those at or above
 * a risk. Written in a policy as {@code "category:conformance min-risk:high"} or as a map with the
 * same keys.
 *
 * @param check an id or id pattern; null for any id
 * @param category null for any category
 * @param minRisk null for any risk
 */
public record Selector(String check, Category category, Risk minRisk) {

  public Selector {
    if (check == null && category == null) {
      throw new IllegalArgumentException("a selector needs a check (id or pattern) or a category");
    }
    if (check != null && check.isBlank()) throw new IllegalArgumentException("a selector's check must not be blank");
  }

  public static Selector category(Category category) {
    return new Selector(null, category, null);
  }

  public boolean matches(Check c) {
    if (category != null && c.category() != category) return false;
    if (minRisk != null && !c.risk().atLeast(minRisk)) return false;
    return check == null || idPattern().matcher(c.id()).matches();
  }

  private Pattern idPattern() {
    StringBuilder regex = new StringBuilder();
    for (char ch : check.toCharArray()) {
      if (ch == '*') regex.append(".*");
      else if (ch == '?') regex.append('.');
      else regex.append(Pattern.quote(String.valueOf(ch)));
    }
    return Pattern.compile(regex.toString());
  }

  /** The selector as a policy writes it: {@code category:conformance min-risk:high}. */
  @Override
  public String toString() {
    List<String> terms = new ArrayList<>();
    if (check != null) terms.add("check:" + check);
    if (category != null) terms.add("category:" + category.label());
    if (minRisk != null) terms.add("min-risk:" + minRisk.label());
    return String.join(" ", terms);
  }
}
