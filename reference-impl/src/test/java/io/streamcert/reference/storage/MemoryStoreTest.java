package io.streamcert.reference.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryStoreTest {

  private final StreamLog log = new MemoryStore().create(new StreamDescriptor(1, "/s", "text/plain", null, null, 0, null, 0, 0, false), 10);

  private static Commit data(String s) {
    return new Commit(s.getBytes(StandardCharsets.UTF_8), false, null, 0, 0, null);
  }

  private List<String> read(long from, long to, long max, boolean whole) {
    List<String> out = new ArrayList<>();
    log.read(from, to, max, whole, (a, off, len, end, w) -> out.add(new String(a, off, len, StandardCharsets.UTF_8) + "@" + end));
    return out;
  }

  @Test
  void positionsStartAtTheLogStartAndGrowByPayloadLength() {
    assertThat(log.append(data("abc"))).isEqualTo(13);
    assertThat(log.append(data("de"))).isEqualTo(15);
    assertThat(log.endPosition()).isEqualTo(15);
  }

  @Test
  void stateOnlyCommitsAddNoData() {
    log.append(data("abc"));
    assertThat(log.append(new Commit(new byte[0], true, null, 0, 0, null))).isEqualTo(13);
  }

  @Test
  void binaryReadsSliceRecordsToTheByteBudget() {
    log.append(data("abc"));
    log.append(data("defg"));
    assertThat(read(11, 100, 4, false)).containsExactly("bc@13", "de@15");
    assertThat(read(10, 12, 100, false)).containsExactly("ab@12");
  }

  @Test
  void wholeRecordReadsNeverSplitButAlwaysDeliverOne() {
    log.append(data("abc"));
    log.append(data("defg"));
    assertThat(read(10, 100, 1, true)).containsExactly("abc@13");
    assertThat(read(10, 100, 7, true)).containsExactly("abc@13", "defg@17");
  }

  @Test
  void boundariesAndRecordLookup() {
    log.append(data("abc"));
    log.append(data("defg"));
    assertThat(log.isBoundary(10)).isTrue();
    assertThat(log.isBoundary(13)).isTrue();
    assertThat(log.isBoundary(12)).isFalse();
    assertThat(new String(log.recordFrom(14), StandardCharsets.UTF_8)).isEqualTo("efg");
    assertThat(log.recordFrom(17)).isNull();
  }
}
