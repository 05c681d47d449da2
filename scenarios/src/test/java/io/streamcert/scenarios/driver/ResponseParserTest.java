package io.streamcert.scenarios.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponseParserTest {

  /** Collects what the parser reports, one string per response. */
  private static final class Collector implements ResponseParser.Listener {
    final List<String> responses = new ArrayList<>();
    private ResponseHead head;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    @Override
    public void head(ResponseHead h) {
      head = h;
    }

    @Override
    public void body(byte[] data, int offset, int length) {
      body.write(data, offset, length);
    }

    @Override
    public void complete() {
      String offset = head.header("stream-next-offset");
      responses.add(head.status() + (offset == null ? "" : " " + offset) + " [" + body.toString(StandardCharsets.UTF_8) + "]");
      body.reset();
    }
  }

  private static final String TWO_RESPONSES =
      "HTTP/1.1 100 Continue\r\n\r\n"
          + "HTTP/1.1 200 OK\r\nStream-Next-Offset: 7_42\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nTrailer: x\r\n\r\n";

  @Test
  void parsesChunkedBodiesWhateverTheReadBoundaries() throws Exception {
    byte[] bytes = TWO_RESPONSES.getBytes(StandardCharsets.US_ASCII);
    for (int split = 1; split < bytes.length; split++) {
      Collector c = new Collector();
      ResponseParser p = new ResponseParser(c);
      p.expect(false);
      p.feed(bytes, 0, split);
      p.feed(bytes, split, bytes.length - split);
      assertThat(c.responses).as("split at %d", split).containsExactly("200 7_42 [hello world]");
      assertThat(p.busy()).isFalse();
    }
  }

  @Test
  void parsesOneByteAtATime() throws Exception {
    byte[] bytes = "HTTP/1.1 200 OK\r\ncontent-length: 3\r\n\r\nabc".getBytes(StandardCharsets.US_ASCII);
    Collector c = new Collector();
    ResponseParser p = new ResponseParser(c);
    p.expect(false);
    for (int i = 0; i < bytes.length; i++) p.feed(bytes, i, 1);
    assertThat(c.responses).containsExactly("200 [abc]");
  }

  @Test
  void noBodyFor204304AndHead() throws Exception {
    Collector c = new Collector();
    ResponseParser p = new ResponseParser(c);
    p.expect(false);
    byte[] r204 = "HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    p.feed(r204, 0, r204.length);
    p.expect(true);
    byte[] head = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    p.feed(head, 0, head.length);
    assertThat(c.responses).containsExactly("204 []", "200 []");
  }

  @Test
  void aBodyWithoutLengthEndsWithTheConnection() throws Exception {
    Collector c = new Collector();
    ResponseParser p = new ResponseParser(c);
    p.expect(false);
    byte[] r = "HTTP/1.0 200 OK\r\n\r\nuntil close".getBytes(StandardCharsets.US_ASCII);
    p.feed(r, 0, r.length);
    assertThat(c.responses).isEmpty();
    assertThat(p.endOfInput()).isTrue();
    assertThat(c.responses).containsExactly("200 [until close]");
    assertThat(p.connectionClose()).isTrue();
  }

  @Test
  void rejectsWhatIsNotAResponse() {
    ResponseParser p = new ResponseParser(new Collector());
    p.expect(false);
    byte[] r = "SSH-2.0-OpenSSH\r\n".getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> p.feed(r, 0, r.length))
        .isInstanceOf(ResponseParser.ProtocolException.class)
        .hasMessageContaining("not an HTTP/1.x status line: 'SSH-2.0-OpenSSH'");
    ResponseParser idle = new ResponseParser(new Collector());
    assertThatThrownBy(() -> idle.feed(r, 0, r.length)).hasMessageContaining("while no request was outstanding");
  }
}
