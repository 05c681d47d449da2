package io.streamcert.conformance.checks;

import io.streamcert.conformance.kit.Exchange;
import io.streamcert.conformance.kit.Target;

/**
 * One idempotent producer writing to one stream (PROTOCOL.md §5.2.1): builds POSTs that carry its
 * {@code Producer-Id} with the epoch and sequence number a check chooses.
 */
final class Producer {

  private final Target t;
  private final String stream;
  private final String id;
  private final String contentType;

  Producer(Target t, String stream, String id, String contentType) {
    this.t = t;
    this.stream = stream;
    this.id = id;
    this.contentType = contentType;
  }

  /** The path of the stream this producer writes to. */
  String stream() {
    return stream;
  }

  /** A POST with this producer's three headers and its content type, ready for a body. */
  Target.Call post(long epoch, long seq) {
    return withHeaders(t.post(stream).contentType(contentType), epoch, seq);
  }

  /** Appends {@code body} as batch {@code seq} of {@code epoch}. */
  Exchange append(long epoch, long seq, String body) {
    return post(epoch, seq).body(body).send();
  }

  /** Appends {@code body} and closes the stream in the same request. */
  Exchange appendAndClose(long epoch, long seq, String body) {
    return post(epoch, seq).header("Stream-Closed", "true").body(body).send();
  }

  /** Closes the stream without data; like a client library, it sends no Content-Type. */
  Exchange close(long epoch, long seq) {
    return withHeaders(t.post(stream), epoch, seq).header("Stream-Closed", "true").send();
  }

  private Target.Call withHeaders(Target.Call call, long epoch, long seq) {
    return call.header("Producer-Id", id)
        .header("Producer-Epoch", Long.toString(epoch))
        .header("Producer-Seq", Long.toString(seq));
  }
}
