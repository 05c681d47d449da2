package io.streamcert.reports.scorecard;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.streamcert.reports.Samples;
import io.streamcert.reports.policy.Policy;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JSON that {@link ScorecardJson} writes validates against the shipped {@code scorecard.schema.json}, and the schema has teeth. */
class ScorecardSchemaTest {

  static Schema schema;

  @BeforeAll
  static void loadSchema() throws IOException {
    try (InputStream in = ScorecardJson.class.getResourceAsStream(ScorecardJson.SCHEMA_RESOURCE)) {
      assertThat(in).as("schema resource %s", ScorecardJson.SCHEMA_RESOURCE).isNotNull();
      schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in, InputFormat.JSON);
    }
  }

  static List<Error> validate(String json) {
    return schema.validate(json, InputFormat.JSON);
  }

  @Test
  void sampleScorecardValidates() {
    String json = ScorecardJson.write(Policy.defaults().assess(Samples.run()));
    assertThat(validate(json)).isEmpty();
  }

  @Test
  void scorecardWithBaselineAndRegressionsValidates() {
    Scorecard base = Policy.defaults().assess(Samples.run());
    Run worse = Samples.runBuilder().checks(Samples.checks().stream()
        .map(c -> c.id().equals("conformance.create.put-creates-stream") ? c.toBuilder().status(Status.FAIL).build() : c).toList()).build();
    Scorecard card = Policy.defaults().assess(worse, base);
    assertThat(card.assessment().regressions()).isNotEmpty();
    assertThat(validate(ScorecardJson.write(card))).isEmpty();
  }

  @Test
  void emptyRunValidates() {
    Scorecard card = Policy.defaults().assess(Samples.runBuilder().build());
    assertThat(validate(ScorecardJson.write(card))).isEmpty();
  }

  @Test
  void schemaRejectsWhatTheModelRejects() {
    String json = ScorecardJson.write(Policy.defaults().assess(Samples.run()));
    assertThat(validate(json.replace("\"status\": \"pass\"", "\"status\": \"passed\""))).isNotEmpty();
    assertThat(validate(json.replace("\"schemaVersion\": \"1\"", "\"schemaVersion\": \"2\""))).isNotEmpty();
    assertThat(validate(json.replace("\"evidence/conformance.read.etag-on-catch-up.txt\"", "\"../etc/passwd\""))).isNotEmpty();
    assertThat(validate(json.replace("\"risk\": \"medium\"", "\"risk\": \"moderate\""))).isNotEmpty();
    assertThat(validate(json.replace("\"verdict\": \"passed\"", "\"verdict\": \"error\""))).isNotEmpty();
  }
}
