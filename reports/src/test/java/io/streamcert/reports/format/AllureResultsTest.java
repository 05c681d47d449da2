package io.streamcert.reports.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamcert.reports.Samples;
import io.streamcert.reports.policy.Policy;
import io.streamcert.reports.scorecard.Scorecard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AllureResultsTest {

  @Test
  void writesOneResultPerCheckWithItsSeverityAndStatus(@TempDir Path dir) throws Exception {
    Scorecard card = Policy.defaults().assess(Samples.run());
    List<Path> files = AllureResults.write(card, dir);
    assertThat(files).hasSize(card.checks().size() + 2);
    assertThat(dir.resolve("allure-results/categories.json")).exists();
    assertThat(Files.readString(dir.resolve("allure-results/environment.properties")))
        .contains("target=reference server 0.1.0\n").contains("target.url=http\\://127.0.0.1\\:4437\n");
    ObjectMapper mapper = new ObjectMapper();
    JsonNode etag = null;
    for (Path f : files) {
      if (!f.getFileName().toString().endsWith("-result.json")) continue;
      JsonNode n = mapper.readTree(f.toFile());
      if (n.get("fullName").asText().equals("conformance.read.etag-on-catch-up")) etag = n;
    }
    assertThat(etag).isNotNull();
    assertThat(etag.get("status").asText()).isEqualTo("failed");
    assertThat(etag.get("statusDetails").get("message").asText())
        .isEqualTo("[DS-5.5-11] expected header ETag on a 200 catch-up read but the response had none");
    assertThat(etag.get("labels").toString()).contains("{\"name\":\"severity\",\"value\":\"normal\"}")
        .contains("{\"name\":\"epic\",\"value\":\"conformance\"}").contains("{\"name\":\"feature\",\"value\":\"Read\"}");
    assertThat(AllureResults.render(card)).isEqualTo(AllureResults.render(card));
  }
}
