package io.streamcert.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationTextTest {

  @ParameterizedTest
  @CsvSource({
    "500ms, PT0.5S",
    "30s, PT30S",
    "2m, PT2M",
    "1h, PT1H",
    "30S, PT30S",
    "' 30 s ', PT30S",
    "PT30S, PT30S",
    "pt1m30s, PT1M30S",
    "0s, PT0S"
  })
  void parsesShortAndIsoForms(String text, String iso) {
    assertThat(DurationText.parse(text)).isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest
  @ValueSource(strings = {"5x", "30", "", "-1s", "1.5s", "s", "30 seconds", "999999999999999999h"})
  void rejectsOtherTextNamingIt(String text) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DurationText.parse(text))
        .withMessageContaining("'" + text + "'");
  }

  @Test
  void rejectsDurationsTooLongToCountInMilliseconds() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DurationText.parse("PT999999999999999H"))
        .withMessageContaining("too long");
  }

  @ParameterizedTest
  @CsvSource({"PT0.5S, 500ms", "PT30S, 30s", "PT90S, 90s", "PT2M, 2m", "PT1H, 1h", "PT0S, 0ms"})
  void formatsInTheLargestWholeUnit(String iso, String text) {
    assertThat(DurationText.format(Duration.parse(iso))).isEqualTo(text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"PT0.5S", "PT30S", "PT61M", "PT0.000001S", "PT25H"})
  void formatReadsBackToTheSameDuration(String iso) {
    Duration duration = Duration.parse(iso);

    assertThat(DurationText.parse(DurationText.format(duration))).isEqualTo(duration);
  }

  @Test
  void aDurationOptionNotGivenIsItsFallbackAndAValidOneIsRead() {
    List<String> problems = new ArrayList<>();
    assertThat(DurationText.positiveOption(problems, "--check-timeout", null, Duration.ofSeconds(30))).hasSeconds(30);
    assertThat(DurationText.positiveOption(problems, "--check-timeout", "2m", Duration.ofSeconds(30))).hasMinutes(2);
    assertThat(DurationText.nonNegativeOption(problems, "--warmup", "0s", null)).isZero();
    assertThat(problems).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"soon", "30", "0s", "PT-1S", "PT999999999999999H"})
  void aBadPositiveOptionIsOneProblemNamingTheOptionTheValueAndTheFix(String text) {
    List<String> problems = new ArrayList<>();
    assertThat(DurationText.positiveOption(problems, "--long-poll-timeout", text, Duration.ofSeconds(30))).hasSeconds(30);
    assertThat(problems).containsExactly(
        "--long-poll-timeout was '" + text + "' but must be a positive duration like 500ms or 30s");
  }

  @ParameterizedTest
  @ValueSource(strings = {"later", "10", "PT-1S"})
  void aBadNonNegativeOptionIsOneProblemNamingTheOptionTheValueAndTheFix(String text) {
    List<String> problems = new ArrayList<>();
    assertThat(DurationText.nonNegativeOption(problems, "--warmup", text, null)).isNull();
    assertThat(problems).containsExactly("--warmup was '" + text + "' but must be a duration like 0s or 10s");
  }
}
