package io.streamcert.reference.subs;

import io.streamcert.reference.protocol.ProtocolException;
import io.streamcert.reference.stream.AppendRequest;
import io.streamcert.reference.stream.StreamState;
import io.streamcert.reference.stream.Streams;
import java.util.ArrayList;
import java.util.List;

/** {@link StreamAccess} over the server's own {@link Streams}, whose paths carry the stream root. */
public final class StreamsAccess implements StreamAccess {

  private final Streams streams;
  private final String root;

  /** @param root the stream root with its trailing slash, such as {@code /v1/stream/} */
  public StreamsAccess(Streams streams, String root) {
    this.streams = streams;
    this.root = root;
  }

  @Override
  public long tail(String path) {
    try {
      return streams.openForHead(root + path).snapshot().tail();
    } catch (ProtocolException e) {
      return -1;
    }
  }

  @Override
  public List<String> paths() {
    List<String> out = new ArrayList<>();
    for (String p : streams.paths()) {
      if (p.startsWith(root)) out.add(p.substring(root.length()));
    }
    return out;
  }

  @Override
  public void appendJson(String path, byte[] json) {
    StreamState s = streams.openForHead(root + path);
    streams.append(new AppendRequest(root + path, s.contentType(), json, false, null, null));
  }
}
