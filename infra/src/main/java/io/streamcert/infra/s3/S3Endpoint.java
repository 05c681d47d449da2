package io.streamcert.infra.s3;

import java.net.URI;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Where an S3-compatible store answers and how to sign for it: what a server under test gets as
 * {@code --s3-endpoint}, {@code --s3-bucket}, {@code --s3-region} and its keys.
 *
 * @param uri the endpoint, such as {@code http://127.0.0.1:41234} (path-style addressing)
 * @param region the signing region, such as {@code us-east-1}
 * @param bucket the bucket made for the target
 * @param accessKey the access key id
 * @param secretKey the secret key
 */
public record S3Endpoint(URI uri, String region, String bucket, String accessKey, String secretKey) {

  public S3Endpoint {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(accessKey, "accessKey");
    Objects.requireNonNull(secretKey, "secretKey");
    if (bucket.length() < 3 || bucket.length() > 63) {
      throw new IllegalArgumentException("bucket was '" + bucket + "' but S3 bucket names have 3 to 63 characters");
    }
  }

  /** Returns the same store and credentials reached through another endpoint, such as a fault gateway. */
  public S3Endpoint withUri(URI other) {
    return new S3Endpoint(other, region, bucket, accessKey, secretKey);
  }

  /** Returns a new AWS SDK v2 client for this endpoint (path-style, static credentials); the caller closes it. */
  public S3Client client() {
    return S3Client.builder()
        .endpointOverride(uri)
        .forcePathStyle(true)
        .region(Region.of(region))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
        .build();
  }
}
