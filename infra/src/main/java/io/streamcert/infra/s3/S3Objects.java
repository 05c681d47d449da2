package io.streamcert.infra.s3;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Operations chaos scenarios do on a store directly, bypassing the server under test. */
public final class S3Objects {

  private S3Objects() {}

  /** Returns the keys in {@code bucket} under {@code prefix} (empty for all), in the store's order. */
  public static List<String> keys(S3Client s3, String bucket, String prefix) {
    List<String> keys = new ArrayList<>();
    for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) keys.add(o.key());
    return keys;
  }

  /**
   * Flips the lowest bit of the byte at {@code offset} of an object, as silent corruption on disk
   * would, and writes it back under the same key.
   *
   * @throws IllegalArgumentException when the object is shorter than {@code offset + 1} bytes
   */
  public static void flipByte(S3Client s3, String bucket, String key, long offset) {
    byte[] data = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
    if (offset < 0 || offset >= data.length) {
      throw new IllegalArgumentException("offset was " + offset + " but the object " + key + " has " + data.length + " bytes");
    }
    data[(int) offset] ^= 0x01;
    s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(data));
  }
}
