package io.streamcert.chaos.payload;

import io.streamcert.chaos.history.Garbage;
import java.util.List;

/**
 * What a body decoded to.
 *
 * @param payloads the frames, in order
 * @param garbage the runs of bytes that are not frames, in order
 */
public record DecodedBytes(List<DecodedPayload> payloads, List<Garbage> garbage) {

  /** Copies the lists. */
  public DecodedBytes {
    payloads = List.copyOf(payloads);
    garbage = List.copyOf(garbage);
  }
}
