package io.streamcert.client.sse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseLinesTest {

  private static List<SseLines.Event> feed(SseLines p, String... lines) {
    List<SseLines.Event> out = new ArrayList<>();
    for (String l : lines) p.accept(l).ifPresent(out::add);
    return out;
  }

  @Test
  void dataLinesAreJoinedWithLineFeedsAndABlankLineDispatches() {
    SseLines p = new SseLines();
    assertThat(feed(p, "event: data", "data:a", "data: b", "data:", ""))
        .containsExactly(new SseLines.Event("data", "a\nb\n"));
    assertThat(p.inEvent()).isFalse();
  }

  @Test
  void theTypeDefaultsToMessageAndCommentsAndUnknownFieldsAreIgnored() {
    assertThat(feed(new SseLines(), ": keep-alive", "id: 7", "retry: 10", "data:x", ""))
        .containsExactly(new SseLines.Event("message", "x"));
  }

  @Test
  void anEventWithoutDataIsNotDispatched() {
    SseLines p = new SseLines();
    assertThat(feed(p, "event: control", "")).isEmpty();
    assertThat(feed(p, "data", "")).containsExactly(new SseLines.Event("message", ""));
  }

  @Test
  void linesOfAnUndispatchedEventAreReported() {
    SseLines p = new SseLines();
    feed(p, "event: data", "data:half");
    assertThat(p.inEvent()).isTrue();
    feed(p, "");
    assertThat(p.inEvent()).isFalse();
  }
}
