package io.streamcert.reference.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * A stream's immutable settings, as a store persists them at creation and returns them at
 * recovery.
 *
 * @param id unique, never reused by one store
 * @param path the stream's path, such as {@code /v1/stream/orders}
 * @param contentType the stream's content type
 * @param ttlSeconds the sliding TTL, or null
 * @param expiresAt the absolute expiry, or null
 * @param parentId the fork source's id, or 0 for a stream that is not a fork
 * @param forkedFrom the fork source's path, or null
 * @param forkPosition where the fork's own data starts (0 for a stream that is not a fork)
 * @param forkSubOffset the sub-offset the fork was created with (0 when none)
 * @param createdClosed whether the create request closed the stream
 */
public record StreamDescriptor(
    long id,
    String path,
    String contentType,
    Long ttlSeconds,
    Instant expiresAt,
    long parentId,
    String forkedFrom,
    long forkPosition,
    long forkSubOffset,
    boolean createdClosed) {

  public StreamDescriptor {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(contentType, "contentType");
  }
}
