package io.streamcert.conformance.checks;

import io.streamcert.conformance.kit.Exchange;
import io.streamcert.conformance.kit.Target;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Optional;

/**
 * Time for the TTL and expiry checks (PROTOCOL.md §5.1): a clock started when a stream is created,
 * waits to a point of that clock, and a wait for expiry that polls {@code HEAD}, the one request the
 * protocol says must not refresh a sliding TTL.
 */
final class Expiry {

  /** How often a wait for expiry asks again. */
  private static final Duration POLL = Duration.ofMillis(100);

  /** How long past its expiry a stream may still answer before the wait gives up. */
  static final Duration GRACE = Duration.ofSeconds(3);

  private final long startNanos;

  private Expiry(long startNanos) {
    this.startNanos = startNanos;
  }

  /** Starts the clock; call it just before the create request. */
  static Expiry startNow() {
    return new Expiry(System.nanoTime());
  }

  /**
   * Blocks until {@code sinceStart} has passed on this clock. The rules under test are about time, so
   * this is the one place checks wait on the clock instead of on a condition.
   */
  void sleepUntil(Duration sinceStart) {
    long left = startNanos + sinceStart.toNanos() - System.nanoTime();
    if (left <= 0) return;
    try {
      Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for time to pass", e);
    }
  }

  /** Time since the clock started. */
  Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  /**
   * Polls {@code HEAD} until it answers one of {@code statuses} or {@code deadline} (on this clock)
   * passes; returns the last exchange, so the caller asserts on it and a timeout shows the evidence.
   */
  Exchange headUntil(Target t, String path, Duration deadline, int... statuses) {
    while (true) {
      Exchange ex = t.head(path).send();
      if (Arrays.stream(statuses).anyMatch(s -> s == ex.status())) return ex;
      if (elapsed().compareTo(deadline) >= 0) return ex;
      sleepUntil(elapsed().plus(POLL));
    }
  }

  /** Formats an instant as RFC 3339 in UTC, as {@code Stream-Expires-At} carries it. */
  static String rfc3339(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant);
  }

  /** An RFC 3339 instant {@code ahead} from now, cut to whole seconds so no server rounds it. */
  static Instant wholeSecondsFromNow(Duration ahead) {
    return Instant.now().plus(ahead).truncatedTo(ChronoUnit.SECONDS);
  }

  /** Parses a {@code Stream-Expires-At} value, empty when it is not RFC 3339. */
  static Optional<Instant> parse(String rfc3339) {
    try {
      return Optional.of(OffsetDateTime.parse(rfc3339.trim(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** Asserts that a response's {@code Stream-Expires-At} names exactly {@code expected}, in any RFC 3339 spelling. */
  static void assertExpiresAt(Exchange ex, String rule, Instant expected) {
    String value = ex.header("Stream-Expires-At").orElseThrow(() -> new AssertionError(
        "[" + rule + "] expected header Stream-Expires-At naming " + rfc3339(expected) + " but it is absent\n--- exchange ---\n" + ex));
    Instant got = parse(value).orElseThrow(() -> new AssertionError(
        "[" + rule + "] Stream-Expires-At must be an RFC 3339 timestamp but was '" + value + "'\n--- exchange ---\n" + ex));
    if (!got.equals(expected)) {
      throw new AssertionError("[" + rule + "] expected Stream-Expires-At to name " + rfc3339(expected) + " but it names "
          + rfc3339(got) + "\n--- exchange ---\n" + ex);
    }
  }
}
