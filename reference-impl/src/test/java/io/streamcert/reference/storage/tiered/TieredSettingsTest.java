package io.streamcert.reference.storage.tiered;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcert.reference.ServerConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Invalid tiered settings are all reported at once, each naming the option, the value and the fix. */
class TieredSettingsTest {

  @Test
  void tieredStorageNeedsS3PostgresAndADataDirectory() {
    assertThatThrownBy(() -> ServerConfig.builder().storage(ServerConfig.Storage.TIERED).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--storage tiered needs --data-dir")
        .hasMessageContaining("--s3-endpoint")
        .hasMessageContaining("--s3-bucket")
        .hasMessageContaining("--pg-url");
  }

  @Test
  void badValuesAreNamed() {
    TieredSettings s = TieredSettings.builder().s3Endpoint(URI.create("ftp://x")).s3Bucket("A").pgUrl("postgres://x")
        .s3PrefixCount(0).segmentBytes(0).sealAfter(Duration.ZERO).maxAttempts(0).s3PutRate(-1).build();
    assertThat(String.join("\n", s.problems()))
        .contains("--s3-endpoint was 'ftp://x'")
        .contains("--s3-bucket was 'A'")
        .contains("--pg-url was 'postgres://x' but must start with jdbc:postgresql://")
        .contains("--s3-prefix-count was 0")
        .contains("--segment-size was 0")
        .contains("--seal-after was 0ms")
        .contains("--s3-max-attempts was 0")
        .contains("--s3-rate-limits were put=-1.0");
  }

  @Test
  void goodSettingsPass() {
    TieredSettings s = TieredSettings.builder().s3Endpoint(URI.create("http://127.0.0.1:9000")).s3Bucket("segments")
        .pgUrl("jdbc:postgresql://127.0.0.1:5432,127.0.0.1:5433/db").build();
    assertThat(s.problems()).isEmpty();
    ServerConfig c = ServerConfig.builder().storage(ServerConfig.Storage.TIERED).dataDir(Path.of("x")).tiered(s).build();
    assertThat(c.tiered().segmentBytes()).isEqualTo(4L * 1024 * 1024);
  }

  @Test
  void secretsAreMaskedInTheTextForm() {
    TieredSettings s = TieredSettings.builder().s3SecretKey("hunter2-secret").pgPassword("pg-pass-9").s3AccessKey("AKID").build();
    assertThat(s.toString()).doesNotContain("hunter2-secret").doesNotContain("pg-pass-9").contains("AKID")
        .contains("s3SecretKey=***").contains("pgPassword=***");
  }

  @Test
  void theJdbcUrlGetsPrimaryTargetingAndTimeoutsButKeepsWhatIsGiven() {
    assertThat(MetadataStore.jdbcUrl("jdbc:postgresql://h1:1,h2:2/db"))
        .isEqualTo("jdbc:postgresql://h1:1,h2:2/db?targetServerType=primary&connectTimeout=2&socketTimeout=5&loginTimeout=3"
            + "&hostRecheckSeconds=1");
    assertThat(MetadataStore.jdbcUrl("jdbc:postgresql://h1:1/db?targetServerType=any&socketTimeout=9"))
        .startsWith("jdbc:postgresql://h1:1/db?targetServerType=any&socketTimeout=9&connectTimeout=2")
        .doesNotContain("targetServerType=primary");
  }
}
