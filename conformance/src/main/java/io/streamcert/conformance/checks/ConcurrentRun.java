package io.streamcert.conformance.checks;

import io.streamcert.conformance.checks.Tokens.Token;
import io.streamcert.conformance.kit.Exchange;
import io.streamcert.conformance.kit.Target;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * What the concurrency checks share: the seed and the context every failure starts with, the
 * deadline, sending a tokenized append with its timing, and parsing the stream back into tokens.
 */
final class ConcurrentRun {

  /** How long one concurrency check may take against a server that stalls. */
  static final Duration DEADLINE = Duration.ofSeconds(30);

  /** One append as its writer saw it: the payload's token, the exchange, and when it was sent and answered. */
  record Sent(Token token, Exchange exchange, long sentNanos, long answeredNanos) {
    int status() {
      return exchange.status();
    }
  }

  private ConcurrentRun() {}

  /** The prefix of every failure of a concurrency check. */
  static String context(long seed) {
    return "[seed " + seed + "; " + PropertyRun.replayHint(seed) + " for the same payloads] ";
  }


  /** Runs a check with the run's seed; every failure, also one raised by the kit, names the seed. */
  static void seeded(LongConsumer check) {
    long seed = PropertyRun.seed();
    try {
      check.accept(seed);
    } catch (AssertionError e) {
      if (e.getMessage() != null && e.getMessage().contains(PropertyRun.SEED_PROPERTY + "=")) throw e;
      throw new AssertionError(context(seed) + e.getMessage(), e);
    }
  }

  static Sent send(Target t, String path, String contentType, Token token, byte[] body, Consumer<Target.Call> extra) {
    Target.Call call = t.post(path).contentType(contentType).body(body);
    if (extra != null) extra.accept(call);
    long start = System.nanoTime();
    Exchange ex = call.send();
    return new Sent(token, ex, start, System.nanoTime());
  }

  static List<Token> parse(Tokens tokens, ReadThrough.Result r, String ctx) {
    try {
      return r.messages() != null ? tokens.parse(r.messages()) : tokens.parse(r.bytes());
    } catch (IllegalArgumentException e) {
      throw new AssertionError(ctx + "the stream is the concatenation of whole acknowledged appends (DS-5.2-31): "
          + e.getMessage());
    }
  }

  static String abbreviate(List<Token> tokens) {
    return tokens.size() <= 40 ? tokens.toString()
        : tokens.subList(0, 40) + "... (" + tokens.size() + " in all)";
  }
}
