package io.streamcert.infra.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

class InProcessS3Test {

  @Test
  void filesystemStoreKeepsObjectsOnDiskAcrossRestarts(@TempDir Path dir) throws Exception {
    try (InProcessS3 s3 = InProcessS3.filesystem(dir, "fs-bucket"); S3Client c = s3.endpoint().client()) {
      assertThat(s3.endpoint().uri().getHost()).isEqualTo("127.0.0.1");
      c.putObject(b -> b.bucket("fs-bucket").key("p0/seg-1"), RequestBody.fromString("segment bytes"));
    }
    try (Stream walk = new Stream(dir)) {
      assertThat(walk.anyFileContains("segment bytes")).isTrue();
    }
  }

  @Test
  void corruptFlipsOneStoredByte() throws Exception {
    try (InProcessS3 s3 = InProcessS3.transientStore("corrupt-bucket"); S3Client c = s3.endpoint().client()) {
      c.putObject(b -> b.bucket("corrupt-bucket").key("p0/seg"), RequestBody.fromString("abcdef"));
      S3Objects.flipByte(c, "corrupt-bucket", "p0/seg", 2);
      byte[] now = c.getObjectAsBytes(b -> b.bucket("corrupt-bucket").key("p0/seg")).asByteArray();
      assertThat(now).hasSize(6);
      assertThat(now[2]).isEqualTo((byte) ('c' ^ 0x01));
      assertThat(new String(now, 3, 3)).isEqualTo("def");
    }
  }

  @Test
  void localStackSkipsCleanlyWithoutDocker() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(LocalStackS3.dockerAvailable(), "no Docker engine: LocalStack skipped");
    try (LocalStackS3 s3 = LocalStackS3.start("ls-bucket"); S3Client c = s3.endpoint().client()) {
      c.putObject(b -> b.bucket("ls-bucket").key("k"), RequestBody.fromString("v"));
      assertThat(c.getObjectAsBytes(b -> b.bucket("ls-bucket").key("k")).asUtf8String()).isEqualTo("v");
    }
  }

  private static final class Stream implements AutoCloseable {
    private final java.util.stream.Stream<Path> files;

    Stream(Path dir) throws java.io.IOException {
      files = Files.walk(dir);
    }

    boolean anyFileContains(String text) {
      return files.filter(Files::isRegularFile).anyMatch(p -> {
        try {
          return new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1).contains(text);
        } catch (java.io.IOException e) {
          return false;
        }
      });
    }

    @Override
    public void close() {
      files.close();
    }
  }
}
