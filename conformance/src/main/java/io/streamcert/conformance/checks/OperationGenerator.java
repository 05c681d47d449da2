package io.streamcert.conformance.checks;

import io.streamcert.conformance.checks.StreamModel.Append;
import io.streamcert.conformance.checks.StreamModel.ProducerHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Generates the operations of one property run from a seeded {@link Random}: plain appends, appends
 * with advancing or regressing {@code Stream-Seq}, idempotent-producer appends (next, retry,
 * duplicate, gap, epoch bump, bad bump, stale epoch), invalid appends, reads from random issued
 * offsets, HEAD, and closes near the end. Choices depend only on the seed and the model, never on
 * response bodies, so a seed replays the same requests.
 */
final class OperationGenerator {

  /**
   * Relative weights of the operation kinds, the share of Stream-Seq values that regress, the share of
   * producer appends that also carry Stream-Seq, the largest body, and the extra reads of a run.
   */
  record Mix(int append, int seq, int producer, int invalid, int read, int head, int close, int regressPercent,
      int producerSeqPercent, int maxBody, PropertyRun.Options options) {}

  /** One generated step: its description for failure messages and what it does to the run. */
  record Step(String description, Consumer<PropertyRun> action) {}

  // Sorted as bytes, so a generator can reason about what sorts before what.
  private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  private final Random rnd;
  private final StreamModel model;
  private final Mix mix;
  private final RandomContent content;
  private final int closeAt;
  private final List<String> producerIds = new ArrayList<>();
  private final Deque<Step> probes = new ArrayDeque<>();
  private boolean probed;

  OperationGenerator(Random rnd, StreamModel model, Mix mix, int operations) {
    this.rnd = rnd;
    this.model = model;
    this.mix = mix;
    this.content = new RandomContent(rnd);
    // Close after about 60% of the operations, leaving the rest to observe that closure sticks.
    this.closeAt = mix.close() > 0 ? operations * 3 / 5 + rnd.nextInt(Math.max(1, operations / 10)) : -1;
  }

  RandomContent content() {
    return content;
  }

  /** The next step; {@code index} counts from 1. */
  Step next(int index) {
    if (index >= closeAt && closeAt >= 0 && !model.closed()) return close();
    if (model.closed() && !probed) {
      probed = true;
      probeClosure();
    }
    if (!probes.isEmpty()) return probes.poll();
    int total = mix.append() + mix.seq() + mix.producer() + mix.invalid() + mix.read() + mix.head()
        + (closeAt >= 0 && index > closeAt ? mix.close() : 0);
    int r = rnd.nextInt(total);
    if ((r -= mix.append()) < 0) return append(null, null, false);
    if ((r -= mix.seq()) < 0) return append(streamSeq(), null, false);
    if ((r -= mix.producer()) < 0) return producerAppend(false);
    if ((r -= mix.invalid()) < 0) return model.closed() ? append(null, null, false) : invalid();
    if ((r -= mix.read()) < 0) return read();
    if ((r -= mix.head()) < 0) return new Step("HEAD", PropertyRun::head);
    return close();
  }

  private Step append(String streamSeq, ProducerHeaders producer, boolean close) {
    RandomContent.Body body = bigOrSmallBody();
    Append a = new Append(body.bytes(), model.contentType(), close, streamSeq, producer, body.messages());
    return post(a);
  }

  private RandomContent.Body bigOrSmallBody() {
    return content.body(model.mode(), model.contentType(), mix.maxBody() > 64 && rnd.nextInt(20) == 0 ? mix.maxBody() : 48);
  }

  private static Step post(Append a) {
    return new Step(a.describe(), run -> run.append(a));
  }

  private Step read() {
    int r = rnd.nextInt(10);
    List<String> issued = model.issuedOffsets();
    String offset = r == 0 ? null : r == 1 ? "-1" : issued.get(rnd.nextInt(issued.size()));
    return new Step("GET from " + (offset == null ? "no offset" : offset), run -> run.read(offset));
  }

  // ------------------------------------------------------------------ Stream-Seq

  /** A Stream-Seq that advances, or in {@code regressPercent} of cases one that sorts at or before the last. */
  private String streamSeq() {
    String last = model.lastStreamSeq();
    if (last == null) return randomToken(1 + rnd.nextInt(3));
    if (rnd.nextInt(100) >= mix.regressPercent()) return advance(last);
    return switch (rnd.nextInt(5)) {
      case 0 -> last; // equal is a regression too
      case 1 -> last.length() > 1 ? last.substring(0, last.length() - 1) : last; // a proper prefix sorts first
      case 2 -> lower(last);
      // Numerically larger but bytewise smaller, as '10' after '9'.
      case 3 -> last.charAt(0) > '1' && last.charAt(0) <= '9' ? "1" + last : lower(last);
      default -> upperCased(last); // 'B' sorts before 'a': the comparison is case-sensitive
    };
  }

  private String randomToken(int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) sb.append(ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
    return sb.toString();
  }

  /** A value that sorts bytewise after {@code s}: raise one character and cut what follows, or extend. */
  private String advance(String s) {
    for (int i = s.length() - 1; i >= 0; i--) {
      int at = ALPHABET.indexOf(s.charAt(i));
      if (at < ALPHABET.length() - 1 && rnd.nextInt(3) > 0) {
        char up = ALPHABET.charAt(at + 1 + rnd.nextInt(ALPHABET.length() - at - 1));
        return s.substring(0, i) + up + (rnd.nextBoolean() ? randomToken(rnd.nextInt(2)) : "");
      }
    }
    return s + randomToken(1);
  }

  /** A value that sorts bytewise before {@code s} (or {@code s} itself when nothing sorts before it). */
  private String lower(String s) {
    for (int i = s.length() - 1; i >= 0; i--) {
      int at = ALPHABET.indexOf(s.charAt(i));
      if (at > 0) return s.substring(0, i) + ALPHABET.charAt(rnd.nextInt(at)) + randomToken(rnd.nextInt(3));
    }
    return s;
  }

  private static String upperCased(String s) {
    String up = s.toUpperCase(java.util.Locale.ROOT);
    return up.equals(s) ? s : up;
  }

  // ------------------------------------------------------------------ producers

  private Step producerAppend(boolean close) {
    ProducerHeaders p = producerHeaders(close);
    String seq = null;
    boolean fresh = model.epochOf(p.id()) < 0;
    boolean duplicateOrValid = fresh || p.epoch() > model.epochOf(p.id()) && p.seq() == 0
        || p.epoch() == model.epochOf(p.id()) && p.seq() <= model.lastSeqOf(p.id()) + 1;
    // Stream-Seq rides only on producer requests the producer rules accept or deduplicate; how a server
    // orders a producer error against a Stream-Seq regression is not specified.
    if (duplicateOrValid && !model.closed() && rnd.nextInt(100) < mix.producerSeqPercent()) seq = streamSeq();
    RandomContent.Body body = close && rnd.nextBoolean() ? new RandomContent.Body(new byte[0], null) : bigOrSmallBody();
    return post(new Append(body.bytes(), model.contentType(), close, seq, p, body.messages()));
  }

  /** Producer headers: a new producer, or next / retry / gap / bump / bad bump / stale for a known one. */
  private ProducerHeaders producerHeaders(boolean close) {
    List<String> known = new ArrayList<>();
    for (String id : producerIds) if (model.epochOf(id) >= 0) known.add(id);
    if (known.isEmpty() || producerIds.size() < 3 && rnd.nextInt(8) == 0) return newProducer();
    String id = known.get(rnd.nextInt(known.size()));
    long epoch = model.epochOf(id);
    long last = model.lastSeqOf(id);
    // A close takes part in sequencing; keep closes to the unambiguous, accepted shapes.
    if (close) return rnd.nextInt(4) == 0 ? new ProducerHeaders(id, epoch + 1, 0) : new ProducerHeaders(id, epoch, last + 1);
    int mode = rnd.nextInt(100);
    if (mode < 40) return new ProducerHeaders(id, epoch, last + 1);
    if (mode < 58) return new ProducerHeaders(id, epoch, (long) rnd.nextInt((int) last + 1));
    if (mode < 70) return new ProducerHeaders(id, epoch, last + 2 + rnd.nextInt(3));
    if (mode < 82) return new ProducerHeaders(id, epoch + 1 + rnd.nextInt(2), 0);
    if (mode < 90) return new ProducerHeaders(id, epoch + 1, 1 + rnd.nextInt(3));
    if (epoch > 0) return new ProducerHeaders(id, rnd.nextInt((int) epoch), rnd.nextInt((int) last + 2));
    return new ProducerHeaders(id, epoch, last + 1);
  }

  private ProducerHeaders newProducer() {
    String id = "producer-" + (producerIds.size() + 1) + "-" + randomToken(4);
    producerIds.add(id);
    return new ProducerHeaders(id, 0, 0);
  }

  // ------------------------------------------------------------------ invalid appends and closes

  private Step invalid() {
    boolean json = model.mode() == StreamModel.Mode.JSON;
    int r = rnd.nextInt(json ? 5 : 3);
    String other = json || model.contentType().startsWith("text/") ? "application/octet-stream" : "text/plain";
    RandomContent.Body body = content.body(model.mode(), model.contentType(), 32);
    return switch (r) {
      case 0 -> post(new Append(new byte[0], model.contentType(), false, null, null, null));
      case 1 -> post(new Append(body.bytes(), null, false, null, null, body.messages()));
      case 2 -> post(new Append(body.bytes(), other, false, null, null, body.messages()));
      case 3 -> post(new Append("[]".getBytes(StandardCharsets.UTF_8), model.contentType(), false, null, null, null));
      default -> post(new Append("{\"unterminated\": [1, 2".getBytes(StandardCharsets.UTF_8), model.contentType(),
          false, null, null, null));
    };
  }

  private Step close() {
    if (model.closed()) {
      int r = rnd.nextInt(3);
      if (r == 0 && model.closedBy() != null) {
        // The closing producer's retry is a duplicate even when its body differs.
        RandomContent.Body body = bigOrSmallBody();
        return post(new Append(body.bytes(), model.contentType(), true, null, model.closedBy(), body.messages()));
      }
      if (r == 1) return append(null, null, true);
      return closeOnly();
    }
    int r = rnd.nextInt(10);
    if (r < 3 && mix.producer() > 0) return producerAppend(true);
    if (r < 6) return append(null, null, true);
    return closeOnly();
  }

  /**
   * Right after the stream closed, queues one request of every kind the closure rules decide: the
   * closing producer's retry, each producer's duplicate, next seq and stale epoch, a plain append, an
   * advancing Stream-Seq append, append-and-close, close-only, HEAD and a read at the final offset.
   */
  private void probeClosure() {
    if (model.closedBy() != null) {
      RandomContent.Body body = bigOrSmallBody();
      probes.add(post(new Append(body.bytes(), model.contentType(), false, null, model.closedBy(), body.messages())));
    }
    for (String id : producerIds.subList(0, Math.min(2, producerIds.size()))) {
      long epoch = model.epochOf(id);
      long last = model.lastSeqOf(id);
      if (epoch < 0) continue;
      probes.add(producerProbe(new ProducerHeaders(id, epoch, last)));
      probes.add(producerProbe(new ProducerHeaders(id, epoch, last + 1)));
      if (epoch > 0) probes.add(producerProbe(new ProducerHeaders(id, epoch - 1, 0)));
    }
    probes.add(append(null, null, false));
    if (mix.seq() > 0) {
      String last = model.lastStreamSeq();
      probes.add(append(last == null ? randomToken(2) : advance(last), null, false));
    }
    probes.add(append(null, null, true));
    probes.add(closeOnly());
    probes.add(new Step("HEAD", PropertyRun::head));
    String tail = model.tailOffset();
    probes.add(new Step("GET from the final offset " + tail, run -> run.read(tail)));
  }

  private Step producerProbe(ProducerHeaders p) {
    RandomContent.Body body = bigOrSmallBody();
    return post(new Append(body.bytes(), model.contentType(), false, null, p, body.messages()));
  }

  /** Close-only with the stream's Content-Type, none, or another one, which must not matter. */
  private Step closeOnly() {
    int r = rnd.nextInt(4);
    String type = r == 0 ? null : r == 1 ? "application/x-other" : model.contentType();
    return post(new Append(new byte[0], type, true, null, null, null));
  }
}
