package io.streamcert.reference.stream;

/**
 * Is told when a stream it waits on changes. Called outside the stream's lock, on the appending
 * thread: implementations hand the work to their own executor and return at once.
 */
public interface LiveListener {

  /** New data or a closure may be readable. */
  void onChange();

  /** The stream was deleted or expired; nothing more will come. */
  void onGone();
}
