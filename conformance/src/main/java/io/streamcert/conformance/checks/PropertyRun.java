package io.streamcert.conformance.checks;

import static io.streamcert.conformance.kit.ProtocolAssertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamcert.conformance.kit.Exchange;
import io.streamcert.conformance.kit.Target;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs one generated operation sequence against the target and a {@link StreamModel} side by side,
 * failing at the first response the model did not predict. Every failure message names the seed,
 * the sequence and the operation index, so {@code -Dstreamcert.seed=N} replays the run.
 *
 * <p>What is compared on every step: the status and key headers of each POST, the offsets the server
 * mints (strictly increasing, never reused, sorted as their positions), HEAD metadata, and every read
 * byte for byte (or message for message) against the model's content from the offset read.
 */
final class PropertyRun {

  /** The system property that fixes the seed of property and concurrency checks. */
  static final String SEED_PROPERTY = "streamcert.seed";

  /** Extra reads a run makes after every accepted append. */
  record Options(boolean readYourWrites, int rereadsPerAppend) {}

  private final Target t;
  private final String path;
  private final StreamModel model;
  private final long seed;
  private final String sequence;
  private final Options options;
  private final Random rnd;
  private String step = "create";

  PropertyRun(Target t, String path, StreamModel model, long seed, String sequence, Options options, Random rnd) {
    this.t = t;
    this.path = path;
    this.model = model;
    this.seed = seed;
    this.sequence = sequence;
    this.options = options;
    this.rnd = rnd;
  }

  /** The seed from {@code -Dstreamcert.seed}, or a fresh random one. */
  static long seed() {
    String fixed = System.getProperty(SEED_PROPERTY);
    if (fixed == null || fixed.isBlank()) return ThreadLocalRandom.current().nextLong();
    try {
      return Long.parseLong(fixed.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          SEED_PROPERTY + " was '" + fixed + "' but must be a long integer, like -D" + SEED_PROPERTY + "=42", e);
    }
  }

  /** The words every failure of a seeded run starts with. */
  static String replayHint(long seed) {
    return "replay with -D" + SEED_PROPERTY + "=" + seed;
  }

  StreamModel model() {
    return model;
  }

  /** Names the operation now running, for failure messages. */
  void step(int index, int count, String description) {
    this.step = "operation " + index + "/" + count + ": " + description;
  }

  /** The prefix of every failure: seed, sequence, operation and the replay hint. */
  String context() {
    return "[seed " + seed + ", " + sequence + ", " + step + "; " + replayHint(seed) + "] ";
  }

  private String rule(String rule) {
    return context() + rule;
  }

  /** Creates the stream with an optional initial body, asserting 201 and recording the tail offset. */
  void create(byte[] initialBody, List<JsonNode> initialMessages) {
    Target.Call put = t.put(path).contentType(model.contentType());
    if (initialBody != null) put.body(initialBody);
    Exchange ex = put.send();
    assertThat(ex).as(rule("PUT on a new path creates the stream: 201 with Stream-Next-Offset (DS-5.1-01)"))
        .hasStatus(201).hasHeader("Stream-Next-Offset");
    model.created(initialBody, initialMessages);
    String next = ex.nextOffset();
    record(next, model.length(), ex);
    model.tail(next);
  }

  /** Sends one POST and compares the response with the model's prediction. */
  void append(StreamModel.Append a) {
    StreamModel.Prediction p = model.predict(a);
    Target.Call post = t.post(path).contentType(a.contentType()).body(a.body());
    if (a.close()) post.header("Stream-Closed", "true");
    if (a.streamSeq() != null) post.header("Stream-Seq", a.streamSeq());
    if (a.producer() != null) {
      post.header("Producer-Id", a.producer().id())
          .header("Producer-Epoch", Long.toString(a.producer().epoch()))
          .header("Producer-Seq", Long.toString(a.producer().seq()));
    }
    Exchange ex = post.send();
    assertThat(ex).as(rule(p.rule())).hasStatus(p.status());
    if (Boolean.TRUE.equals(p.closedHeader())) {
      assertThat(ex).as(rule(p.rule())).hasHeaderIgnoringCase("Stream-Closed", "true");
    } else if (Boolean.FALSE.equals(p.closedHeader()) && closedHeader(ex)) {
      throw fail("a response about an open stream must not carry Stream-Closed: true (DS-4-05, DS-5.2-21); "
          + p.rule(), ex);
    }
    p.headers().forEach((name, value) -> assertThat(ex).as(rule(p.rule())).hasHeader(name, value));
    String previousTail = model.tailOffset();
    int previousLength = model.length();
    String next = null;
    switch (p.offset()) {
      case NEW_TAIL -> {
        next = ex.header("Stream-Next-Offset").orElseThrow(() -> fail(
            "a successful append carries Stream-Next-Offset, the new tail (DS-5.2-01); " + p.rule(), ex));
        if (next.compareTo(previousTail) <= 0) {
          throw fail("each append gets an offset strictly greater than every offset issued before (DS-8-06): new tail "
              + next + " does not sort after the previous tail " + previousTail, ex);
        }
      }
      case CURRENT_TAIL -> {
        Optional<String> tail = ex.header("Stream-Next-Offset");
        if (tail.isEmpty() || !tail.get().equals(previousTail)) {
          throw fail(p.rule() + ": Stream-Next-Offset must be the unchanged tail " + previousTail + " but was "
              + tail.orElse("absent"), ex);
        }
      }
      case ANY -> { }
    }
    if (!p.accepted()) return;
    model.commit(a);
    if (next == null) return;
    record(next, model.length(), ex);
    model.tail(next);
    if (options.readYourWrites()) readYourWrite(previousTail, previousLength);
    for (int i = 0; i < options.rereadsPerAppend(); i++) {
      List<String> offsets = model.issuedOffsets();
      read(offsets.get(rnd.nextInt(offsets.size())));
    }
  }

  private void readYourWrite(String from, int fromPosition) {
    ReadThrough.Result r = ReadThrough.read(t, path, from, model.mode() == StreamModel.Mode.JSON,
        context() + "read-your-writes: ");
    compare(r, fromPosition, "a GET issued right after an acknowledged append returns exactly the appended data "
        + "(read-your-writes, DS-5.6-04)");
  }

  /** Reads from an offset (null: no offset parameter; -1: the start) to the tail and compares every byte. */
  void read(String offset) {
    int position;
    if (offset == null || offset.equals("-1")) position = 0;
    else {
      Integer known = model.positionOf(offset);
      if (known == null) throw new IllegalStateException("reads use only offsets the server issued, not " + offset);
      position = known;
    }
    ReadThrough.Result r = ReadThrough.read(t, path, offset, model.mode() == StreamModel.Mode.JSON, context());
    compare(r, position, "a read from an issued offset returns exactly the data stored after that position; data at "
        + "an offset never changes (DS-4-04, DS-8-04, DS-5.6-02, DS-5.6-03)");
  }

  private void compare(ReadThrough.Result r, int position, String rule) {
    int at = position;
    for (ReadThrough.Page page : r.pages()) {
      assertThat(page.exchange()).as(rule("a read answers with the stream's Content-Type (DS-5.6-02)"))
          .hasHeader("Content-Type");
      if (!model.sameMediaType(page.exchange().header("Content-Type").get())) {
        throw fail("a read answers with the stream's Content-Type " + model.contentType() + " (DS-5.6-02)",
            page.exchange());
      }
      at += page.units();
      record(page.next(), at, page.exchange());
    }
    Exchange last = r.last().exchange();
    if (model.mode() == StreamModel.Mode.JSON) {
      List<JsonNode> expected = model.messagesFrom(position);
      if (!expected.equals(r.messages())) throw fail(rule + "; " + diff(expected, r.messages(), position), last);
    } else {
      byte[] expected = model.bytesFrom(position);
      if (!Arrays.equals(expected, r.bytes())) throw fail(rule + "; " + diff(expected, r.bytes(), position), last);
    }
    if (!r.last().next().equals(model.tailOffset())) {
      throw fail("a read that reaches the tail carries Stream-Next-Offset equal to the tail " + model.tailOffset()
          + " (DS-5.6-02, DS-5.6-19) but was " + r.last().next(), last);
    }
    if (model.closed() && !closedHeader(last)) {
      throw fail("a read that reaches the end of a closed stream carries Stream-Closed: true (DS-5.6-15, DS-5.6-22, "
          + "DS-4-05)", last);
    }
    if (!model.closed() && closedHeader(last)) {
      throw fail("a read of an open stream must not carry Stream-Closed: true (DS-5.6-22)", last);
    }
  }

  /** HEAD: 200, the stream's Content-Type, the current tail, and Stream-Closed exactly when closed. */
  void head() {
    Exchange ex = t.head(path).send();
    assertThat(ex).as(rule("HEAD on an existing stream answers 200 with Content-Type and Stream-Next-Offset "
        + "(DS-5.5-01)")).hasStatus(200).hasHeader("Content-Type").hasHeader("Stream-Next-Offset");
    if (!model.sameMediaType(ex.header("Content-Type").get())) {
      throw fail("HEAD reports the stream's Content-Type " + model.contentType() + " (DS-5.5-01)", ex);
    }
    if (!ex.nextOffset().equals(model.tailOffset())) {
      throw fail("HEAD reports Stream-Next-Offset equal to the current tail " + model.tailOffset() + " (DS-5.5-01)",
          ex);
    }
    if (model.closed() != closedHeader(ex)) {
      throw fail(model.closed()
          ? "HEAD on a closed stream carries Stream-Closed: true; closure is monotonic (DS-5.5-05, DS-4-05)"
          : "HEAD on an open stream carries no Stream-Closed header (DS-5.5-05)", ex);
    }
  }

  private void record(String offset, int position, Exchange ex) {
    String broken = model.recordOffset(offset, position);
    if (broken != null) throw fail(broken + " (DS-8-02, DS-8-05)", ex);
  }

  private static boolean closedHeader(Exchange ex) {
    return ex.header("Stream-Closed").map("true"::equalsIgnoreCase).orElse(false);
  }

  private AssertionError fail(String what, Exchange ex) {
    return ReadThrough.fail(context(), what, ex);
  }

  private static String diff(byte[] expected, byte[] actual, int base) {
    int n = Math.min(expected.length, actual.length);
    int i = 0;
    while (i < n && expected[i] == actual[i]) i++;
    String where = i < n
        ? "first difference at position " + (base + i) + ": expected byte 0x" + hex(expected[i]) + ", got 0x" + hex(actual[i])
        : "the bytes agree up to position " + (base + n);
    return "expected " + expected.length + " bytes from position " + base + ", got " + actual.length + "; " + where;
  }

  private static String diff(List<JsonNode> expected, List<JsonNode> actual, int base) {
    int n = Math.min(expected.size(), actual.size());
    int i = 0;
    while (i < n && expected.get(i).equals(actual.get(i))) i++;
    String where = i < n
        ? "first difference at message " + (base + i) + ": expected " + expected.get(i) + ", got " + actual.get(i)
        : "the messages agree up to message " + (base + n);
    return "expected " + expected.size() + " messages from message " + base + ", got " + actual.size() + "; " + where;
  }

  private static String hex(byte b) {
    return String.format("%02x", b & 0xff);
  }
}
