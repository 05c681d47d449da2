package io.streamcert.chaos.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcert.chaos.history.Garbage;
import io.streamcert.chaos.history.Observed;
import io.streamcert.chaos.history.Offset;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PayloadCodecTest {

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) out.writeBytes(p);
    return out.toByteArray();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void aFrameIsTheIdABarACheckFillerAndANewline() {
    String text = new String(PayloadCodec.encode("w3-000017", 24), StandardCharsets.US_ASCII);

    assertThat(text).hasSize(24).startsWith("w3-000017|").endsWith("abcdefghi\n");
    assertThat(text.substring(10, 14)).matches("[0-9a-f]{4}");
    assertThat(PayloadCodec.encode("w3-000017")).hasSize(PayloadCodec.minimumSize("w3-000017")).hasSize(15);
    assertThat(PayloadCodec.payloadId("w3", 17)).isEqualTo("w3-000017");
  }

  @Test
  void framesOfManySizesDecodeToTheirIdsInOrder() {
    List<String> ids = new ArrayList<>();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (int i = 0; i < 50; i++) {
      String id = PayloadCodec.payloadId("w" + (i % 4), i);
      ids.add(id);
      body.writeBytes(PayloadCodec.encode(id, PayloadCodec.minimumSize(id) + i * 7));
    }

    DecodedBytes decoded = PayloadCodec.decode(body.toByteArray());

    assertThat(decoded.garbage()).isEmpty();
    assertThat(decoded.payloads()).extracting(DecodedPayload::payloadId).containsExactlyElementsOf(ids);
    assertThat(decoded.payloads().get(1).position()).isEqualTo(decoded.payloads().get(0).length());
  }

  @Test
  void bytesSplitAtAnyPointDecodeTheSameAsWhole() {
    byte[] body = concat(PayloadCodec.encode("a-1", 40), PayloadCodec.encode("b-2"), ascii("junk\n"),
        PayloadCodec.encode("c-3", 25));
    DecodedBytes whole = PayloadCodec.decode(body);

    for (int split = 0; split <= body.length; split++) {
      PayloadDecoder d = PayloadCodec.decoder();
      List<DecodedPayload> payloads = new ArrayList<>(d.feed(body, 0, split));
      payloads.addAll(d.feed(body, split, body.length - split));
      List<Garbage> garbage = d.finish();

      assertThat(payloads).as("split at %d", split).isEqualTo(whole.payloads());
      assertThat(garbage).as("split at %d", split).isEqualTo(whole.garbage());
    }
    assertThat(whole.payloads()).extracting(DecodedPayload::payloadId).containsExactly("a-1", "b-2", "c-3");
  }

  @Test
  void aCorruptedByteMakesItsFrameGarbageAndTheNextFrameStillDecodes() {
    byte[] first = PayloadCodec.encode("w1-000001", 30);
    first[20] = 'Z';
    byte[] body = concat(PayloadCodec.encode("w1-000000"), first, PayloadCodec.encode("w1-000002"));

    DecodedBytes decoded = PayloadCodec.decode(body);

    assertThat(decoded.payloads()).extracting(DecodedPayload::payloadId).containsExactly("w1-000000", "w1-000002");
    assertThat(decoded.garbage()).containsExactly(new Garbage(15, 30, "w1-000001|" + new String(first, 10, 19,
        StandardCharsets.US_ASCII) + "\\x0a"));
  }

  @Test
  void aTornFrameGluedToTheNextIsGarbageNotAWrongId() {
    byte[] torn = Arrays.copyOf(PayloadCodec.encode("w1-000000"), 7);
    byte[] body = concat(torn, PayloadCodec.encode("w2-000000"), PayloadCodec.encode("w2-000001"));

    DecodedBytes decoded = PayloadCodec.decode(body);

    assertThat(decoded.payloads()).extracting(DecodedPayload::payloadId).containsExactly("w2-000001");
    assertThat(decoded.garbage()).hasSize(1);
    assertThat(decoded.garbage().get(0).position()).isZero();
    assertThat(decoded.garbage().get(0).length()).isEqualTo(7 + 15);
  }

  @Test
  void adjacentRunsOfGarbageMergeAndNonTextIsEscaped() {
    byte[] body = concat(new byte[] {0, 1, 2, '\n'}, ascii("not a frame\n"), PayloadCodec.encode("x-1"));

    DecodedBytes decoded = PayloadCodec.decode(body);

    assertThat(decoded.garbage()).containsExactly(new Garbage(0, 16, "\\x00\\x01\\x02\\x0anot a frame\\x0a"));
    assertThat(decoded.payloads()).extracting(DecodedPayload::payloadId).containsExactly("x-1");
  }

  @Test
  void aPartialFrameLeftAtTheEndIsGarbageOnlyOnceTheInputEnds() {
    byte[] frame = PayloadCodec.encode("w1-000000", 20);
    PayloadDecoder d = PayloadCodec.decoder();
    d.feed(frame, 0, 12);

    assertThat(d.atFrameBoundary()).isFalse();
    assertThat(d.garbage()).isEmpty();
    assertThat(d.finish()).containsExactly(Garbage.of(0, frame, 0, 12));
  }

  @Test
  void aPayloadStartingAChunkGetsTheChunksOffset() {
    byte[] a = PayloadCodec.encode("a-1", 20);
    byte[] b = PayloadCodec.encode("b-2", 20);
    byte[] c = PayloadCodec.encode("c-3", 20);
    PayloadDecoder d = PayloadCodec.decoder();

    List<Observed> first = d.feed(concat(a, Arrays.copyOf(b, 5)), Offset.of("0_0"));
    List<Observed> second = d.feed(concat(Arrays.copyOfRange(b, 5, 20), c), Offset.of("0_25"));
    List<Observed> third = d.feed(PayloadCodec.encode("d-4"), Offset.of("0_60"));

    assertThat(first).containsExactly(Observed.at("a-1", "0_0"));
    assertThat(second).as("b-2 began in the previous chunk, so neither offset is known")
        .containsExactly(Observed.of("b-2"), Observed.of("c-3"));
    assertThat(third).containsExactly(Observed.at("d-4", "0_60"));
  }

  @Test
  void aBadIdOrSizeIsRefusedWithTheFix() {
    assertThatThrownBy(() -> PayloadCodec.encode("w 1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("contains ' '; use only A-Z a-z 0-9 . _ : -");
    assertThatThrownBy(() -> PayloadCodec.encode("w1-000000", 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be 15..1048576 bytes but 10 was asked for");
  }
}
