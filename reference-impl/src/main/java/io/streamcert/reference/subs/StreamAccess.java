package io.streamcert.reference.subs;

import java.util.List;

/** What the subscription engine needs from the streams, by root-relative path. */
public interface StreamAccess {

  /** The stream's tail position, or -1 when no live stream has that path. */
  long tail(String path);

  /** The root-relative paths of the live streams. */
  List<String> paths();

  /**
   * Appends one JSON value to a stream (a wake event).
   *
   * @throws RuntimeException when the stream is missing, closed or refuses the append
   */
  void appendJson(String path, byte[] json);
}
