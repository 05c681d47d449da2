package io.streamcert.reports.scorecard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcert.reports.Samples;
import io.streamcert.reports.policy.Policy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScorecardJsonTest {

  @Test
  void readsBackWhatItWrites(@TempDir Path dir) throws IOException {
    Scorecard card = Policy.defaults().assess(Samples.run());
    Path file = dir.resolve("scorecard.json");
    Files.writeString(file, ScorecardJson.write(card));
    Scorecard back = ScorecardJson.read(file);
    assertThat(back).isEqualTo(card);
    assertThat(ScorecardJson.write(back)).isEqualTo(ScorecardJson.write(card));
  }

  @Test
  void roundTripKeepsRegressionsAndBaseline() throws IOException {
    Scorecard base = Policy.defaults().assess(Samples.run());
    Run slower = Samples.runBuilder().checks(Samples.checks().stream().map(c -> c.id().equals("perf.read.fanout-latency-p99")
        ? c.toBuilder().measurement(Measurement.of(60, "ms", Direction.LOWER_IS_BETTER)).build() : c).toList()).build();
    Scorecard card = Policy.defaults().assess(slower, base);
    assertThat(card.assessment().regressions()).hasSize(1);
    assertThat(ScorecardJson.read(ScorecardJson.write(card))).isEqualTo(card);
  }

  @Test
  void namesTheFieldThatIsWrong() {
    String json = ScorecardJson.write(Policy.defaults().assess(Samples.run()));
    assertThatThrownBy(() -> ScorecardJson.read(json.replace("\"status\": \"fail\"", "\"status\": \"broken\"")))
        .isInstanceOf(InvalidScorecardException.class)
        .hasMessageContaining("checks[8].status: unknown status 'broken'; use one of pass, fail, inconclusive, not-applicable, not-run");
    assertThatThrownBy(() -> ScorecardJson.read(json.replace("\"cores\": 2", "\"cores\": \"two\"")))
        .hasMessageContaining("environment.cores: must be a whole number");
  }

  @Test
  void refusesAnotherLayoutVersion() {
    String json = ScorecardJson.write(Policy.defaults().assess(Samples.run())).replace("\"schemaVersion\": \"1\"", "\"schemaVersion\": \"7\"");
    assertThatThrownBy(() -> ScorecardJson.read(json))
        .isInstanceOf(InvalidScorecardException.class)
        .hasMessageContaining("schemaVersion is '7' but this streamcert reads version 1");
  }

  @Test
  void refusesTextThatIsNotJson(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("base.json");
    Files.writeString(file, "<html>");
    assertThatThrownBy(() -> ScorecardJson.read(file)).isInstanceOf(InvalidScorecardException.class)
        .hasMessageStartingWith(file + ": not JSON");
  }
}
