package io.streamcert.reports.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcert.reports.Samples;
import io.streamcert.reports.policy.Policy;
import io.streamcert.reports.scorecard.Category;
import io.streamcert.reports.scorecard.Check;
import io.streamcert.reports.scorecard.Risk;
import io.streamcert.reports.scorecard.Scorecard;
import io.streamcert.reports.scorecard.ScorecardJson;
import io.streamcert.reports.scorecard.Series;
import io.streamcert.reports.scorecard.SeriesKind;
import io.streamcert.reports.scorecard.Status;
import io.streamcert.reports.scorecard.Target;
import java.io.StringReader;
import java.net.URI;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.xml.sax.InputSource;

/** Target names, messages and series come from the target and are untrusted: every format must keep them as text. */
class HostileTextTest {

  static final String SCRIPT = "<script>alert('x')</script>";
  static final String IMG = "\"><img src=x onerror=alert(1)>";

  static Scorecard hostile() {
    Check check = Check.builder("conformance.evil<b>", "title " + IMG).category(Category.CONFORMANCE).area("Area " + SCRIPT)
        .risk(Risk.CRITICAL).status(Status.FAIL)
        .message("body was " + SCRIPT + "\nsecond line & more " + IMG + " \u0007bell")
        .requirements(List.of("DS-1<i>")).evidence(List.of("evidence/a b\"><script>.txt", "javascript:alert(1)")).build();
    Series series = Series.builder("series " + SCRIPT, SeriesKind.TIMELINE).check(check.id()).point(0, 1).point(1, 2)
        .window("fault " + IMG, 0.2, 0.5).build();
    return Policy.defaults().assess(Samples.runBuilder()
        .target(Target.builder("acme " + SCRIPT + " @team", URI.create("http://127.0.0.1:1/?q=%3Cscript%3E")).version("1 " + IMG)
            .features(List.of("core", "<svg onload=alert(1)>")).storage("s3 | `rm -rf`").build())
        .check(check).series(series).build());
  }

  @Test
  void htmlKeepsHostileTextAsText() {
    String html = ReportFormats.html().render(hostile());
    assertThat(html).doesNotContain("<script", "<img", "<svg onload", "evil<b>", "DS-1<i>", "href=\"javascript:", "\u0007");
    assertThat(html).contains("acme &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; @team")
        .contains("title &quot;&gt;&lt;img src=x onerror=alert(1)&gt;")
        .contains("href=\"evidence/a%20b%22%3E%3Cscript%3E.txt\"")
        .contains("href=\"javascript%3Aalert%281%29\"")
        .contains("series &lt;script&gt;")
        .contains("fault &quot;&gt;&lt;img");
    assertThat(html).contains("Content-Security-Policy").contains("default-src 'none'");
  }

  @Test
  void markdownNeutralisesHtmlMentionsAndTables() {
    String md = ReportFormats.markdown().render(hostile());
    assertThat(md).doesNotContain("<script", "<img", "<i>", "@team");
    assertThat(md).contains("acme &lt;script&gt;alert('x')&lt;/script&gt; &#64;team").contains("conformance.evil&lt;b&gt;");
    for (String line : md.lines().filter(l -> l.startsWith("| **conformance.evil")).toList()) {
      assertThat(line.replace("\\|", "").chars().filter(c -> c == '|').count()).as("cells in %s", line).isEqualTo(6);
    }
  }

  @Test
  void junitAndJsonStayWellFormed() throws Exception {
    String xml = ReportFormats.junit().render(hostile());
    var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    assertThat(doc.getElementsByTagName("failure").item(0).getAttributes().getNamedItem("message").getNodeValue())
        .contains("[DS-1<i>]").contains("body was " + SCRIPT);
    Scorecard card = hostile();
    assertThat(ScorecardJson.read(ScorecardJson.write(card))).isEqualTo(card);
  }

  @Test
  void badgeEscapesItsText() {
    Scorecard card = Policy.parse("""
        name: odd
        levels: [{ name: "<b>Gold</b>", requires: [category:conformance] }]
        gate: { require-level: "<b>Gold</b>" }
        """, "odd.yaml").assess(Samples.runBuilder().check(Check.builder("c", "t").category(Category.CONFORMANCE)
        .risk(Risk.LOW).status(Status.PASS).build()).build());
    assertThat(ReportFormats.badge().render(card)).contains("&lt;b&gt;Gold&lt;/b&gt;").doesNotContain("<b>");
  }
}
