package io.streamcert.scenarios.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Stamped payloads, their decoding from long-poll bodies and SSE events. */
class DecodersTest {

  private final List<String> got = new ArrayList<>();
  private final StampDecoder.Sink sink = new StampDecoder.Sink() {
    @Override
    public void message(long seq, long sentNanos) {
      got.add(seq + "@" + sentNanos);
    }

    @Override
    public void malformed(String what) {
      got.add("bad: " + what);
    }
  };

  @Test
  void textRecordsSurviveAnySplit() {
    byte[] a = Payloads.stamped("application/octet-stream", 40, 7, -5);
    byte[] b = Payloads.stamped("application/octet-stream", 40, 8, 123_456_789L);
    assertThat(a).hasSize(40);
    byte[] both = new byte[80];
    System.arraycopy(a, 0, both, 0, 40);
    System.arraycopy(b, 0, both, 40, 40);
    for (int split = 0; split <= 80; split++) {
      got.clear();
      StampDecoder d = new StampDecoder("application/octet-stream", 40, sink);
      d.text(both, 0, split);
      d.text(both, split, 80 - split);
      assertThat(got).as("split %d", split).containsExactly("7@-5", "8@123456789");
    }
  }

  @Test
  void jsonMessagesAreDecodedFromAnArray() {
    byte[] a = Payloads.stamped("application/json", 80, 1, 99);
    byte[] b = Payloads.stamped("application/json", 80, 2, 100);
    assertThat(a).hasSize(80);
    String array = "[" + new String(a, StandardCharsets.US_ASCII) + "," + new String(b, StandardCharsets.US_ASCII) + "]";
    StampDecoder d = new StampDecoder("application/json; charset=utf-8", 80, sink);
    byte[] body = array.getBytes(StandardCharsets.US_ASCII);
    d.json(body, 0, body.length);
    assertThat(got).containsExactly("1@99", "2@100");
  }

  @Test
  void plainPayloadsHaveTheExactSize() {
    assertThat(Payloads.plain("application/octet-stream", 100)).hasSize(100);
    byte[] json = Payloads.plain("application/json", 20);
    assertThat(new String(json, StandardCharsets.US_ASCII)).isEqualTo("{\"p\":\"xxxxxxxxxxxx\"}");
  }

  @Test
  void sseEventsJoinDataLinesAndMayArriveInPieces() {
    List<String> events = new ArrayList<>();
    SseParser p = new SseParser((type, data) -> events.add(type + "=" + data));
    byte[] s = ("event: data\ndata: line1\r\ndata: line2\n\n: comment\nevent: control\ndata: {\"streamNextOffset\":\"1_2\"}\n\n")
        .getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < s.length; i++) p.feed(s, i, 1);
    assertThat(events).containsExactly("data=line1\nline2", "control={\"streamNextOffset\":\"1_2\"}");
  }

  @Test
  void aTextRecordWhoseNewlineWasDroppedByAnSseEventIsTakenAtTheBoundary() {
    byte[] a = Payloads.stamped("text/plain", 40, 3, 4);
    StampDecoder d = new StampDecoder("text/plain", 40, sink);
    d.text(a, 0, 39);
    d.boundary();
    assertThat(got).containsExactly("3@4");
  }
}
