package io.streamcert.infra.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PrefixBucketsTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void sustainsAwsRatesTimesTheScalePerPrefixAndClass() {
    PrefixBuckets b = new PrefixBuckets(0.01); // 35 writes/s, 55 reads/s
    int writes = 0;
    int reads = 0;
    for (int i = 0; i < 100; i++) {
      if (b.tryTake("p1", S3OpClass.WRITE, 0)) writes++;
      if (b.tryTake("p1", S3OpClass.READ, 0)) reads++;
    }
    assertThat(writes).isEqualTo(35);
    assertThat(reads).isEqualTo(55);
    assertThat(b.tryTake("p2", S3OpClass.WRITE, 0)).as("another prefix has its own bucket").isTrue();
  }

  @Test
  void refillsWithTimeUpToOneSecondOfBurst() {
    PrefixBuckets b = new PrefixBuckets(0.01);
    while (b.tryTake("p", S3OpClass.WRITE, 0)) {
      // empty it
    }
    int afterHalf = 0;
    while (b.tryTake("p", S3OpClass.WRITE, SECOND / 2)) afterHalf++;
    assertThat(afterHalf).isEqualTo(17);
    int afterLong = 0;
    while (b.tryTake("p", S3OpClass.WRITE, 100 * SECOND)) afterLong++;
    assertThat(afterLong).as("never more than one second's worth").isEqualTo(35);
  }

  @Test
  void rejectsABadScale() {
    assertThatThrownBy(() -> new PrefixBuckets(0)).hasMessageContaining("was 0.0");
    assertThatThrownBy(() -> ThrottleRule.rate(1.5)).hasMessageContaining("was 1.5");
  }
}
