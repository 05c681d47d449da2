package io.streamcert.conformance.kit;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;
import org.assertj.core.api.AbstractAssert;

/**
 * Protocol-level assertions on an {@link Exchange}. Every failure message names what was expected,
 * what came, and shows the whole exchange as evidence.
 */
public final class ExchangeAssert extends AbstractAssert<ExchangeAssert, Exchange> {

  ExchangeAssert(Exchange actual) {
    super(actual, ExchangeAssert.class);
  }

  private AssertionError fail(String what) {
    String rule = info.descriptionText();
    String prefix = rule == null || rule.isEmpty() ? "" : "[" + rule + "] ";
    return new AssertionError(prefix + what + "\n--- exchange ---\n" + actual);
  }

  public ExchangeAssert hasStatus(int expected) {
    isNotNull();
    if (actual.status() != expected) throw fail("expected status " + expected + " but was " + actual.status());
    return this;
  }

  public ExchangeAssert hasStatusIn(int... allowed) {
    isNotNull();
    if (Arrays.stream(allowed).noneMatch(s -> s == actual.status())) {
      throw fail("expected status in " + Arrays.toString(allowed) + " but was " + actual.status());
    }
    return this;
  }

  /** Asserts a status from 400 to 499. */
  public ExchangeAssert isClientError() {
    isNotNull();
    if (actual.status() < 400 || actual.status() > 499) throw fail("expected a 4xx status but was " + actual.status());
    return this;
  }

  public ExchangeAssert isSuccess() {
    isNotNull();
    if (actual.status() / 100 != 2) throw fail("expected a 2xx status but was " + actual.status());
    return this;
  }

  public ExchangeAssert hasHeader(String name) {
    isNotNull();
    if (actual.header(name).isEmpty()) throw fail("expected header " + name + " but it is absent");
    return this;
  }

  public ExchangeAssert hasHeader(String name, String value) {
    isNotNull();
    Optional<String> v = actual.header(name);
    if (v.isEmpty()) throw fail("expected header " + name + ": " + value + " but it is absent");
    if (!v.get().equals(value)) throw fail("expected header " + name + ": " + value + " but was " + v.get());
    return this;
  }

  public ExchangeAssert hasHeaderIgnoringCase(String name, String value) {
    isNotNull();
    Optional<String> v = actual.header(name);
    if (v.isEmpty() || !v.get().equalsIgnoreCase(value)) {
      throw fail("expected header " + name + ": " + value + " (any case) but was " + v.orElse("absent"));
    }
    return this;
  }

  public ExchangeAssert hasHeaderMatching(String name, String regex) {
    isNotNull();
    Optional<String> v = actual.header(name);
    if (v.isEmpty() || !Pattern.compile(regex).matcher(v.get()).matches()) {
      throw fail("expected header " + name + " matching " + regex + " but was " + v.orElse("absent"));
    }
    return this;
  }

  public ExchangeAssert hasHeaderContaining(String name, String part) {
    isNotNull();
    Optional<String> v = actual.header(name);
    if (v.isEmpty() || !v.get().toLowerCase().contains(part.toLowerCase())) {
      throw fail("expected header " + name + " containing '" + part + "' but was " + v.orElse("absent"));
    }
    return this;
  }

  public ExchangeAssert hasNoHeader(String name) {
    isNotNull();
    Optional<String> v = actual.header(name);
    if (v.isPresent()) throw fail("expected no header " + name + " but got " + name + ": " + v.get());
    return this;
  }

  public ExchangeAssert hasBody(String expected) {
    isNotNull();
    if (!actual.bodyText().equals(expected)) {
      throw fail("expected body '" + Exchange.printable(expected.getBytes(StandardCharsets.UTF_8)) + "' but was '"
          + Exchange.printable(actual.body()) + "'");
    }
    return this;
  }

  public ExchangeAssert hasBody(byte[] expected) {
    isNotNull();
    if (!Arrays.equals(actual.body(), expected)) {
      throw fail("expected a body of " + expected.length + " bytes equal to what was written, got " + actual.body().length
          + " bytes that differ");
    }
    return this;
  }

  public ExchangeAssert hasEmptyBody() {
    isNotNull();
    if (actual.body().length != 0) throw fail("expected an empty body but got " + actual.body().length + " bytes");
    return this;
  }

  /** Asserts a non-empty body that says what was wrong (error responses). */
  public ExchangeAssert hasExplanation() {
    isNotNull();
    if (actual.bodyText().isBlank()) throw fail("expected a body explaining the error but it is empty");
    return this;
  }
}
