package io.streamcert.reference.storage.tiered;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The segment object format: round trip, every flipped byte caught, a mismatched index row refused; reads by position. */
class SegmentObjectTest {

  private static final List<byte[]> RECORDS = List.of(
      "alpha".getBytes(StandardCharsets.UTF_8), "be".getBytes(StandardCharsets.UTF_8), "gamma!".getBytes(StandardCharsets.UTF_8));

  @Test
  void anObjectDecodesToItsRecords() throws Exception {
    byte[] obj = SegmentObject.encode(7, 100, 113, RECORDS);
    SegmentData d = SegmentObject.decode("k", obj, SegmentObject.sha256(obj), 7, 100, 113);
    assertThat(d.recordCount()).isEqualTo(3);
    assertThat(d.isBoundary(105)).isTrue();
    assertThat(d.isBoundary(106)).isFalse();
    assertThat(new String(d.recordFrom(106), StandardCharsets.UTF_8)).isEqualTo("e");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<Boolean> whole = new ArrayList<>();
    long end = d.read(100, 200, 1000, true, (a, off, len, e, w) -> {
      out.write(a, off, len);
      whole.add(w);
    });
    assertThat(end).isEqualTo(113);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("alphabegamma!");
    assertThat(whole).containsOnly(true);
  }

  @Test
  void readsRespectTheBudgetAndWholeRecords() {
    byte[] obj = SegmentObject.encode(7, 100, 113, RECORDS);
    SegmentData d = new SegmentData(100, new long[] {105, 107, 113}, "alphabegamma!".getBytes(StandardCharsets.UTF_8));
    StringBuilder got = new StringBuilder();
    assertThat(d.read(100, 113, 6, true, (a, off, len, e, w) -> got.append(new String(a, off, len, StandardCharsets.UTF_8))))
        .as("the second record would pass the budget of 6").isEqualTo(105);
    assertThat(got).hasToString("alpha");
    got.setLength(0);
    assertThat(d.read(101, 113, 3, false, (a, off, len, e, w) -> got.append(new String(a, off, len, StandardCharsets.UTF_8))))
        .isEqualTo(104);
    assertThat(got).hasToString("lph");
    assertThat(obj).isNotEmpty();
  }

  @Test
  void everyFlippedByteIsCaught() throws Exception {
    byte[] obj = SegmentObject.encode(7, 100, 113, RECORDS);
    String sha = SegmentObject.sha256(obj);
    for (int i = 0; i < obj.length; i++) {
      byte[] bad = obj.clone();
      bad[i] ^= 0x01;
      assertThatThrownBy(() -> SegmentObject.decode("k", bad, sha, 7, 100, 113))
          .isInstanceOf(SegmentObject.CorruptObjectException.class).hasMessageContaining("checksum");
    }
  }

  @Test
  void anObjectOfAnotherSegmentIsRefused() {
    byte[] obj = SegmentObject.encode(7, 100, 113, RECORDS);
    assertThatThrownBy(() -> SegmentObject.decode("k", obj, SegmentObject.sha256(obj), 8, 100, 113))
        .isInstanceOf(SegmentObject.CorruptObjectException.class).hasMessageContaining("index expects stream 8");
  }
}
