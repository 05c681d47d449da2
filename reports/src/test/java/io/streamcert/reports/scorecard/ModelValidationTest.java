package io.streamcert.reports.scorecard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcert.reports.Samples;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelValidationTest {

  private static Check.Builder check() {
    return Check.builder("c1", "a rule").category(Category.CONFORMANCE).risk(Risk.HIGH);
  }

  @Test
  void statusSetsTheDefaultScore() {
    assertThat(check().status(Status.PASS).build().score()).isEqualTo(10.0);
    assertThat(check().status(Status.FAIL).build().score()).isEqualTo(0.0);
    assertThat(check().status(Status.NOT_RUN).build().score()).isNull();
  }

  @Test
  void onlyDecidedChecksCarryAScore() {
    assertThatThrownBy(() -> check().status(Status.INCONCLUSIVE).score(5.0).build())
        .hasMessageContaining("check c1 is inconclusive but has score 5.0; only checks that passed or failed carry a score");
    assertThatThrownBy(() -> check().status(Status.PASS).score(11.0).build())
        .hasMessageContaining("score of check c1 was 11.0 but must be from 0 to 10");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/etc/passwd", "../up.txt", "evidence/../../up.txt", "a\\b.txt", "evidence/", "a//b", "./a"})
  void evidenceStaysInsideTheRunFolder(String path) {
    assertThatThrownBy(() -> check().status(Status.FAIL).evidence(path).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be relative to the run folder");
  }

  @Test
  void checkIdsAreUniqueAndSeriesNameExistingChecks() {
    Check c = check().status(Status.PASS).build();
    assertThatThrownBy(() -> Samples.runBuilder().check(c).check(c).build()).hasMessageContaining("check id 'c1' appears twice");
    Series s = Series.builder("s", SeriesKind.THROUGHPUT).check("nope").point(0, 1).build();
    assertThatThrownBy(() -> Samples.runBuilder().check(c).series(s).build())
        .hasMessageContaining("series 's' belongs to check 'nope', which is not in this run");
  }

  @Test
  void aLatencySpectrumHasPercentilesBelow100() {
    assertThatThrownBy(() -> Series.builder("lat", SeriesKind.LATENCY_SPECTRUM).point(100, 3).build())
        .hasMessageContaining("x is a percentile in [0, 100)");
  }

  @Test
  void enumLabelsParseAndNameTheChoicesWhenWrong() {
    assertThat(Category.parse("Performance")).isEqualTo(Category.PERFORMANCE);
    assertThat(Status.parse("not_applicable")).isEqualTo(Status.NOT_APPLICABLE);
    assertThat(Readiness.parse("Not ready")).isEqualTo(Readiness.NOT_READY);
    assertThatThrownBy(() -> Category.parse("perf"))
        .hasMessage("unknown category 'perf'; use one of conformance, performance, resilience, security, observability, operability");
  }

  @Test
  void describesTheCurrentMachine() {
    Environment env = Environment.current(7L);
    assertThat(env.cores()).isPositive();
    assertThat(env.jdk()).contains(System.getProperty("java.version").split("\\.")[0]);
    assertThat(env.seed()).isEqualTo(7L);
  }

  @Test
  void gateResultsCarryTheExitCodes() {
    assertThat(List.of(GateResult.PASSED.exitCode(), GateResult.FAILED.exitCode(), GateResult.ERROR.exitCode())).containsExactly(0, 1, 2);
  }

  @Test
  void numbersAreFormattedTheSameInEveryLocale() {
    assertThat(Numbers.withUnit(12.5, "ms")).isEqualTo("12.5 ms");
    assertThat(Numbers.withUnit(4210, "ops/s")).isEqualTo("4210 ops/s");
    assertThat(Numbers.withUnit(99.5, "%")).isEqualTo("99.5%");
    assertThat(Numbers.fixed(10.0, 1)).isEqualTo("10");
  }
}
