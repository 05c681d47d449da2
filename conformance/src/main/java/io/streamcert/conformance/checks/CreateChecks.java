package io.streamcert.conformance.checks;

import static io.streamcert.conformance.kit.ProtocolAssertions.assertThat;

import io.streamcert.conformance.kit.Area;
import io.streamcert.conformance.kit.Check;
import io.streamcert.conformance.kit.Exchange;
import io.streamcert.conformance.kit.Target;
import org.junit.jupiter.api.Test;

/** Stream creation with PUT (PROTOCOL.md §5.1). */
@Area("Create")
class CreateChecks {

  @Test
  @Check(id = "create.new-stream-201", requirements = {"DS-5.1-01"})
  void createsANewStreamWith201(Target t) {
    String s = t.newStream("create");
    assertThat(t.put(s).contentType("text/plain").send())
        .as("a PUT to a new path creates the stream")
        .hasStatus(201)
        .hasHeader("Stream-Next-Offset");
  }

  @Test
  @Check(id = "create.idempotent-same-config-200", requirements = {"DS-5.1-02"})
  void recreatingWithTheSameConfigAnswers200(Target t) {
    String s = t.newStream("create");
    t.create(s, "text/plain", null);
    assertThat(t.put(s).contentType("text/plain").send())
        .as("re-creating with the same configuration is idempotent")
        .hasStatus(200);
  }

  @Test
  @Check(id = "create.different-content-type-409", requirements = {"DS-5.1-03"})
  void recreatingWithAnotherContentTypeConflicts(Target t) {
    String s = t.newStream("create");
    t.create(s, "text/plain", null);
    Exchange ex = t.put(s).contentType("application/json").send();
    assertThat(ex).as("a different configuration on an existing path is a conflict").hasStatus(409);
  }
}
