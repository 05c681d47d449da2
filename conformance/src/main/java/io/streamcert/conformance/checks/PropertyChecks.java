package io.streamcert.conformance.checks;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamcert.conformance.checks.OperationGenerator.Mix;
import io.streamcert.conformance.kit.Area;
import io.streamcert.conformance.kit.Check;
import io.streamcert.fixtures.Feature;
import io.streamcert.conformance.kit.Target;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Property-based checks of the stream model (PROTOCOL.md §4, §4.1, §5.2, §5.2.1, §5.3, §5.5, §5.6, §8,
 * §9.1): seeded random operation sequences run against the target and an executable {@link
 * StreamModel}; every response and a final full read must match the model.
 *
 * <p>Each check runs {@value #SEQUENCES} sequences of {@value #OPERATIONS} operations on fresh
 * streams. Failures print the seed and operation index; {@code -Dstreamcert.seed=N} replays them.
 */
@Area("Properties")
class PropertyChecks {

  static final int SEQUENCES = 5;
  static final int OPERATIONS = 40;

  private static final PropertyRun.Options PLAIN = new PropertyRun.Options(false, 0);

  /** Core operations of every kind, with read-your-writes and a re-read after each append. */
  private static final Mix MIXED = new Mix(4, 2, 0, 1, 2, 1, 0, 25, 0, 48, new PropertyRun.Options(true, 1));

  // ------------------------------------------------------------------ offsets, reads, immutability

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"text/plain", "application/octet-stream"})
  @Check(id = "properties.offsets-strictly-increase", requirements = {"DS-8-02", "DS-8-05", "DS-8-06"})
  void offsetsStrictlyIncreaseAndNeverRepeatAcrossRandomAppends(String contentType, Target t) {
    run(t, contentType, "prop-offsets", new Mix(8, 0, 0, 0, 3, 1, 0, 0, 0, 48, PLAIN));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"text/plain", "application/octet-stream"})
  @Check(id = "properties.read-your-writes", requirements = {"DS-5.6-04", "DS-5.2-01"})
  void everyAcknowledgedAppendIsReadableRightAfterIt(String contentType, Target t) {
    run(t, contentType, "prop-ryw", new Mix(8, 0, 0, 0, 1, 1, 0, 0, 0, 48, new PropertyRun.Options(true, 0)));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"text/plain", "application/octet-stream"})
  @Check(id = "properties.data-at-an-offset-never-changes", requirements = {"DS-4-04", "DS-8-04", "DS-5.6-03"})
  void dataAtEveryIssuedOffsetNeverChangesAfterLaterAppends(String contentType, Target t) {
    run(t, contentType, "prop-immutable", new Mix(6, 0, 0, 0, 3, 1, 0, 0, 0, 48, new PropertyRun.Options(false, 2)));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"text/plain", "application/octet-stream"})
  @Check(id = "properties.byte-exact-reassembly", requirements = {"DS-5.2-29", "DS-5.1-11", "DS-5.6-02", "DS-5.6-06"})
  void randomAppendsOfAnyBytesReassembleByteExactly(String contentType, Target t) {
    // Some appends of up to 64 KB, so servers with small read chunks are followed across pages.
    run(t, contentType, "prop-bytes", new Mix(9, 0, 0, 0, 1, 0, 0, 0, 0, 64 * 1024, PLAIN));
  }

  // ------------------------------------------------------------------ Stream-Seq

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"text/plain", "application/octet-stream"})
  @Check(id = "properties.stream-seq-bytewise-order",
      requirements = {"DS-5.2-11", "DS-5.2-13", "DS-5.2-14", "DS-12.6-01"})
  void streamSeqAcceptsOnlyValuesSortingBytewiseAfterTheLast(String contentType, Target t) {
    run(t, contentType, "prop-seq", new Mix(2, 8, 0, 0, 1, 1, 0, 35, 0, 48, PLAIN));
  }

  // ------------------------------------------------------------------ JSON

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"application/json"})
  @Check(id = "properties.json-message-boundaries",
      requirements = {"DS-9.1.1-01", "DS-9.1.1-02", "DS-9.1.2-01", "DS-9.1.4-03", "DS-9.1.3-01", "DS-9.1.4-01"},
      feature = Feature.JSON)
  void randomJsonBatchesKeepMessageBoundaries(String contentType, Target t) {
    run(t, contentType, "prop-json", new Mix(7, 0, 0, 2, 2, 1, 0, 0, 0, 48, PLAIN));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"application/json"})
  @Check(id = "properties.json-offsets-and-immutability", requirements = {"DS-8-06", "DS-4-04", "DS-5.6-04"},
      also = Feature.JSON)
  void jsonMessagesAtIssuedOffsetsNeverChange(String contentType, Target t) {
    run(t, contentType, "prop-json-offsets", new Mix(8, 0, 0, 0, 2, 1, 0, 0, 0, 48, new PropertyRun.Options(true, 1)));
  }

  // ------------------------------------------------------------------ idempotent producers

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"text/plain", "application/octet-stream"})
  @Check(id = "properties.producer-dedup-and-fencing",
      requirements = {"DS-5.2.1-05", "DS-5.2.1-06", "DS-5.2.1-07", "DS-5.2.1-08", "DS-5.2.1-09", "DS-5.2.1-10",
          "DS-5.2.1-11", "DS-5.2.1-12", "DS-5.2.1-13", "DS-5.2.1-14", "DS-5.2.1-15"},
      feature = Feature.IDEMPOTENT_PRODUCER)
  void producerRetriesGapsAndEpochBumpsFollowTheValidationRules(String contentType, Target t) {
    run(t, contentType, "prop-producer", new Mix(1, 0, 8, 0, 1, 1, 0, 0, 0, 48, PLAIN));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"text/plain"})
  @Check(id = "properties.producer-with-stream-seq", requirements = {"DS-5.2.1-16"},
      feature = Feature.IDEMPOTENT_PRODUCER)
  void producerAppendsCarryingStreamSeqObeyBothRules(String contentType, Target t) {
    run(t, contentType, "prop-producer-seq", new Mix(1, 2, 7, 0, 1, 1, 0, 35, 60, 48, PLAIN));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"text/plain", "application/octet-stream"})
  @Check(id = "properties.producer-close",
      requirements = {"DS-5.2.1-22", "DS-5.2.1-23", "DS-5.2.1-24", "DS-5.2.1-25", "DS-5.2.1-26", "DS-5.2.1-27"},
      feature = Feature.IDEMPOTENT_PRODUCER, also = Feature.CLOSURE)
  void producerClosesAndLaterProducerAppendsFollowTheClosureRules(String contentType, Target t) {
    run(t, contentType, "prop-producer-close", new Mix(1, 0, 6, 0, 1, 1, 4, 0, 0, 48, PLAIN));
  }

  // ------------------------------------------------------------------ closure

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"text/plain", "application/octet-stream"})
  @Check(id = "properties.closure-is-monotonic",
      requirements = {"DS-4-05", "DS-5.2-15", "DS-5.2-16", "DS-5.2-18", "DS-5.2-19", "DS-5.2-21", "DS-5.2-22",
          "DS-5.2-23", "DS-5.2-07", "DS-5.3-01", "DS-5.5-05", "DS-5.6-15", "DS-5.6-22"},
      feature = Feature.CLOSURE)
  void closureIsMonotonicUnderRandomOperations(String contentType, Target t) {
    run(t, contentType, "prop-closure", new Mix(6, 0, 0, 0, 2, 2, 3, 0, 0, 48, PLAIN));
  }

  // ------------------------------------------------------------------ everything at once

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"text/plain", "application/octet-stream"})
  @Check(id = "properties.random-mixed-operations",
      requirements = {"DS-5.2-01", "DS-5.2-04", "DS-5.2-05", "DS-5.2-20", "DS-5.5-01", "DS-5.6-01", "DS-5.6-02",
          "DS-5.6-04", "DS-8-06", "DS-8-15"})
  void randomMixedOperationsMatchTheModel(String contentType, Target t) {
    run(t, contentType, "prop-mixed", MIXED);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"application/json"})
  @Check(id = "properties.json-random-mixed-operations",
      requirements = {"DS-9.1.1-01", "DS-9.1.1-02", "DS-9.1.2-01", "DS-9.1.3-01", "DS-9.1.4-01", "DS-9.1.5-01"},
      feature = Feature.JSON)
  void randomMixedOperationsOnJsonStreamsMatchTheModel(String contentType, Target t) {
    run(t, contentType, "prop-json-mixed", MIXED);
  }

  // ------------------------------------------------------------------ the runner

  private static void run(Target t, String contentType, String hint, Mix mix) {
    long seed = PropertyRun.seed();
    Random rnd = new Random(seed);
    for (int s = 1; s <= SEQUENCES; s++) {
      StreamModel model = new StreamModel(contentType);
      PropertyRun run = new PropertyRun(t, t.newStream(hint), model, seed, "sequence " + s + "/" + SEQUENCES,
          mix.options(), rnd);
      OperationGenerator gen = new OperationGenerator(rnd, model, mix, OPERATIONS);
      byte[] initial = null;
      List<JsonNode> initialMessages = null;
      if (model.mode() == StreamModel.Mode.BYTES && !contentType.startsWith("text/") && s == 1) {
        initial = gen.content().allByteValues(); // every byte value 0-255 at least once per check
      } else if (rnd.nextBoolean()) {
        RandomContent.Body body = gen.content().body(model.mode(), contentType, 32);
        initial = body.bytes();
        initialMessages = body.messages();
      }
      byte[] initialBody = initial;
      List<JsonNode> messages = initialMessages;
      run.step(0, OPERATIONS, "PUT " + (initialBody == null ? "without body" : initialBody.length + " B"));
      guarded(run, () -> run.create(initialBody, messages));
      for (int i = 1; i <= OPERATIONS; i++) {
        OperationGenerator.Step step = gen.next(i);
        run.step(i, OPERATIONS, step.description());
        guarded(run, () -> step.action().accept(run));
      }
      run.step(OPERATIONS, OPERATIONS, "final full read from -1 and HEAD");
      guarded(run, () -> {
        run.read("-1");
        run.head();
      });
    }
  }

  /** Makes sure every failure, also from the kit or the model, names the seed and operation. */
  private static void guarded(PropertyRun run, Runnable action) {
    try {
      action.run();
    } catch (AssertionError e) {
      if (e.getMessage() != null && e.getMessage().contains(PropertyRun.SEED_PROPERTY + "=")) throw e;
      throw new AssertionError(run.context() + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new AssertionError(run.context() + "the run stopped: " + e, e);
    }
  }
}
