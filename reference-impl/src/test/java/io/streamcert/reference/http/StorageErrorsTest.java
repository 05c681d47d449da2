package io.streamcert.reference.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.FullHttpResponse;
import io.streamcert.reference.storage.StorageException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Storage failures reach clients as statuses that say what happened, never a bare 500. */
class StorageErrorsTest {

  private static FullHttpResponse map(StorageException.Kind kind) {
    return Router.storageError(new StorageException(kind, "what happened", null));
  }

  @Test
  void aFullDiskIs507() {
    FullHttpResponse r = map(StorageException.Kind.FULL);
    assertThat(r.status().code()).isEqualTo(507);
    assertThat(r.content().toString(StandardCharsets.UTF_8)).contains("what happened");
    r.release();
  }

  @Test
  void aFailedStoreIs503WithRetryAfter() {
    FullHttpResponse r = map(StorageException.Kind.FAILED);
    assertThat(r.status().code()).isEqualTo(503);
    assertThat(r.headers().get("Retry-After")).isNotBlank();
    r.release();
  }

  @Test
  void corruptDataIs500WithTheReasonAndTheSecurityHeaders() {
    FullHttpResponse r = map(StorageException.Kind.CORRUPT);
    assertThat(r.status().code()).isEqualTo(500);
    assertThat(r.headers().get("X-Content-Type-Options")).isEqualTo("nosniff");
    r.release();
  }
}
