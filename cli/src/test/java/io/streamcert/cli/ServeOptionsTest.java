package io.streamcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcert.reference.DataSize;
import io.streamcert.reference.ServerConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Checks how {@code serve} turns options into a config; no server starts here. */
class ServeOptionsTest {

  @Test
  void givenOptionsReachTheConfigAndTheRestKeepTheDefaults() {
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve)
        .parseArgs("--port", "0", "--long-poll-timeout", "500ms", "--max-body", "2MB");

    ServerConfig config = serve.config();

    assertThat(config)
        .isEqualTo(
            ServerConfig.defaults().toBuilder()
                .port(0)
                .longPollTimeout(Duration.ofMillis(500))
                .maxBody(DataSize.ofMegabytes(2))
                .build());
  }

  @Test
  void loopbackWebhooksAreOffUnlessAskedFor() {
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).parseArgs("--allow-loopback-webhooks");

    assertThat(serve.config().allowLoopbackWebhooks()).isTrue();
    assertThat(ServerConfig.defaults().allowLoopbackWebhooks()).isFalse();
    assertThat(CliRun.of("serve", "--help").out()).contains("--allow-loopback-webhooks");
  }

  @Test
  void tieredOptionsReachTheTieredSettings() {
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).parseArgs("--storage", "tiered", "--data-dir", "d", "--s3-endpoint", "http://127.0.0.1:9000",
        "--s3-bucket", "segments", "--s3-prefix-count", "8", "--pg-url", "jdbc:postgresql://127.0.0.1:5432,127.0.0.1:5433/db",
        "--segment-size", "64KB", "--seal-after", "200ms", "--max-upload-backlog", "1MB", "--tiered-protection", "off",
        "--s3-rate-limits", "put=50,get=70", "--breaker-open", "3s");

    ServerConfig config = serve.config();

    assertThat(config.storage()).isEqualTo(ServerConfig.Storage.TIERED);
    var t = config.tiered();
    assertThat(t.s3Endpoint()).hasToString("http://127.0.0.1:9000");
    assertThat(t.s3Bucket()).isEqualTo("segments");
    assertThat(t.s3PrefixCount()).isEqualTo(8);
    assertThat(t.segmentBytes()).isEqualTo(64 * 1024);
    assertThat(t.sealAfter()).isEqualTo(Duration.ofMillis(200));
    assertThat(t.maxBacklogBytes()).isEqualTo(1024 * 1024);
    assertThat(t.protection()).isFalse();
    assertThat(t.s3PutRate()).isEqualTo(50);
    assertThat(t.s3GetRate()).isEqualTo(70);
    assertThat(t.s3DeleteRate()).isEqualTo(ServerConfig.defaults().tiered().s3DeleteRate());
    assertThat(t.breakerOpen()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void badTieredOptionsAreAllNamed() {
    CliRun run = CliRun.of("serve", "--storage", "tiered", "--data-dir", "d", "--s3-prefix-count", "many",
        "--tiered-protection", "maybe", "--s3-rate-limits", "put=fast");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("--s3-prefix-count was 'many' but must be a whole number from 1 to 256")
        .contains("--tiered-protection was 'maybe' but must be on or off")
        .contains("--s3-rate-limits was 'put=fast'")
        .contains("--storage tiered needs --s3-endpoint")
        .contains("--storage tiered needs --pg-url");
  }

  @Test
  void omittedOptionsGiveTheDefaultConfig() {
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).parseArgs();

    assertThat(serve.config()).isEqualTo(ServerConfig.defaults());
  }

  @Test
  void helpShowsTheDefaultsOfServerConfig() {
    ServerConfig defaults = ServerConfig.defaults();

    CliRun run = CliRun.of("serve", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("Default: " + defaults.port())
        .contains("Default: " + DurationText.format(defaults.longPollTimeout()))
        .contains("Default: " + defaults.maxBody());
  }

  @Test
  void badDurationNamesTheOptionTheValueAndTheForm() {
    CliRun run = CliRun.of("serve", "--long-poll-timeout", "5x");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("--long-poll-timeout was '5x' but must be a duration like 500ms or 30s");
  }

  @Test
  void durationOutOfRangeNamesTheRange() {
    CliRun run = CliRun.of("serve", "--sse-reconnect-interval", "2h");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--sse-reconnect-interval was 7200000ms but must be between");
  }

  @Test
  void badSizeNamesTheOptionTheValueAndTheForm() {
    CliRun run = CliRun.of("serve", "--max-body", "lots");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--max-body was 'lots' but must be a size like 10MB");
  }

  @Test
  void portThatIsNotANumberNamesTheValue() {
    CliRun run = CliRun.of("serve", "--port", "http");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--port was 'http' but must be a whole number from 0");
  }

  @Test
  void portOutOfRangeNamesTheValue() {
    CliRun run = CliRun.of("serve", "--port", "70000");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("--port was 70000 but must be between 0 (any free port) and 65535");
  }

  @Test
  void unknownStorageNamesTheValueAndTheKinds() {
    CliRun run = CliRun.of("serve", "--storage", "s3");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--storage was 's3' but must be one of: memory");
  }

  @Test
  void blankHostIsRejected() {
    CliRun run = CliRun.of("serve", "--host", " ");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--host was ' ' but must be a host name or IP address");
  }

  @Test
  void everyInvalidOptionIsReportedAtOnce() {
    CliRun run =
        CliRun.of(
            "serve",
            "--port", "http",
            "--storage", "s3",
            "--long-poll-timeout", "5x",
            "--sse-reconnect-interval", "2h",
            "--max-body", "lots",
            "--max-chunk", "0");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("--port was 'http'")
        .contains("--storage was 's3'")
        .contains("--long-poll-timeout was '5x'")
        .contains("--sse-reconnect-interval was 7200000ms")
        .contains("--max-body was 'lots'")
        .contains("--max-chunk was 0B")
        .contains("Run 'streamcert serve --help'");
    assertThat(run.out()).doesNotContain("listening");
  }

  @Test
  void usageErrorsPrintNoStackTrace() {
    CliRun run = CliRun.of("serve", "--port", "http", "--max-body", "lots");

    assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void unknownOptionSuggestsTheNearestOne() {
    CliRun run = CliRun.of("serve", "--post", "0");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("'--post'").contains("Possible solutions: --port");
  }

  @Test
  void webhookKeyRotationOptionsReachTheConfig() {
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).parseArgs("--rotate-webhook-key", "--webhook-key-overlap", "2h");

    ServerConfig config = serve.config();

    assertThat(config.rotateWebhookKey()).isTrue();
    assertThat(config.webhookKeyOverlap()).isEqualTo(Duration.ofHours(2));
    assertThat(ServerConfig.defaults().rotateWebhookKey()).isFalse();
    assertThat(CliRun.of("serve", "--help").out()).contains("--rotate-webhook-key").contains("--webhook-key-overlap")
        .contains("Default: " + DurationText.format(ServerConfig.defaults().webhookKeyOverlap()));
  }

  @Test
  void aWebhookKeyOverlapBelowTheJwksMaxAgeNamesTheValueAndTheFix() {
    CliRun run = CliRun.of("serve", "--rotate-webhook-key", "--webhook-key-overlap", "4m");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--webhook-key-overlap was 4m but must be at least 5m, the JWKS max-age")
        .contains("so give 5m or more, like 1h");
  }

  @Test
  void aWebhookKeyOverlapThatIsNotADurationNamesTheOption() {
    CliRun run = CliRun.of("serve", "--webhook-key-overlap", "soon");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--webhook-key-overlap was 'soon' but must be a duration of at least 5m, like 1h");
  }
}
