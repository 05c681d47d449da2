package io.streamcert.reference.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.streamcert.reference.protocol.Lifetime;
import io.streamcert.reference.stream.AppendRequest;
import io.streamcert.reference.stream.CreateRequest;
import io.streamcert.reference.stream.StreamState;
import io.streamcert.reference.stream.Streams;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real full disk: a 2 MB tmpfs. Needs root (to mount); skipped, saying so, elsewhere. The
 * writer gets a FULL error, nothing half-written stays, and writes work again once space is freed.
 */
class FullDiskTest {

  @TempDir Path tmp;
  private Path mount;
  private boolean mounted;

  @BeforeEach
  void mountTinyFileSystem() throws Exception {
    mount = tmp.resolve("tiny");
    java.nio.file.Files.createDirectories(mount);
    Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mount.toString())
        .redirectErrorStream(true).start();
    boolean done = p.waitFor(10, TimeUnit.SECONDS);
    mounted = done && p.exitValue() == 0;
    assumeTrue(mounted, "skipped: mounting a 2 MB tmpfs needs root (mount -t tmpfs); run as root to test a full disk");
  }

  @AfterEach
  void unmount() throws Exception {
    if (mounted) new ProcessBuilder("umount", mount.toString()).start().waitFor(10, TimeUnit.SECONDS);
  }

  @Test
  void aFullDiskRefusesTheAppendLeavesNothingHalfWrittenAndRecovers() throws Exception {
    byte[] chunk = new byte[64 * 1024];
    Arrays.fill(chunk, (byte) 'x');
    try (FileStore store = FileStore.open(mount.resolve("data"), FsyncPolicy.ALWAYS)) {
      Streams streams = new Streams(store, System::currentTimeMillis);
      streams.create(new CreateRequest("/big", "application/octet-stream", Lifetime.NONE, false, new byte[0], null, null, null));
      streams.create(new CreateRequest("/spare", "application/octet-stream", Lifetime.NONE, false, chunk, null, null, null));
      int acked = 0;
      StorageException full = null;
      for (int i = 0; i < 100 && full == null; i++) {
        try {
          streams.append(new AppendRequest("/big", "application/octet-stream", chunk, false, null, null));
          acked++;
        } catch (StorageException e) {
          full = e;
        }
      }
      assertThat(full).as("a 2 MB disk fills up within 100 appends of 64 KB").isNotNull();
      assertThat(full.kind()).isEqualTo(StorageException.Kind.FULL);
      assertThat(readAll(streams, "/big")).as("exactly the acknowledged appends, nothing half-written").hasSize(acked * chunk.length);
      assertThat(store.problems()).as("a full disk does not stop the store").isEmpty();

      streams.delete("/spare");
      streams.append(new AppendRequest("/big", "application/octet-stream", new byte[] {'y'}, false, null, null));
      assertThat(readAll(streams, "/big")).hasSize(acked * chunk.length + 1);
    }
    try (FileStore reopened = FileStore.open(mount.resolve("data"), FsyncPolicy.ALWAYS)) {
      Streams streams = new Streams(reopened, System::currentTimeMillis);
      byte[] all = readAll(streams, "/big");
      assertThat(all[all.length - 1]).isEqualTo((byte) 'y');
    }
  }

  private static byte[] readAll(Streams streams, String path) {
    StreamState s = streams.openForRead(path);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    streams.read(s, 0, s.snapshot().tail(), Long.MAX_VALUE, (a, off, len, end, whole) -> out.write(a, off, len));
    return out.toByteArray();
  }
}
