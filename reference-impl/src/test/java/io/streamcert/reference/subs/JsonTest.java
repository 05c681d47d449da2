package io.streamcert.reference.subs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The subscription API's compact form: the spec hash and stored state depend on these exact bytes. */
class JsonTest {

  @Test
  void writesCompactlyInInsertionOrderAndLeavesNullMembersOut() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", "s\"1");
    m.put("absent", null);
    m.put("n", 7);
    m.put("big", Long.MAX_VALUE);
    m.put("ratio", 1.5);
    m.put("on", true);
    m.put("list", java.util.Arrays.asList("a", null, 2));
    m.put("other", java.time.Duration.ofSeconds(2));

    assertThat(Json.writeString(m)).isEqualTo(
        "{\"id\":\"s\\\"1\",\"n\":7,\"big\":9223372036854775807,\"ratio\":1.5,\"on\":true,"
            + "\"list\":[\"a\",null,2],\"other\":\"PT2S\"}");
    assertThat(Json.write(m)).isEqualTo(Json.writeString(m).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void parsesWhatItWrites() {
    Object tree = Json.parse("{\"a\":[1,2.5,\"x\",false,null],\"b\":{}}".getBytes(StandardCharsets.UTF_8));
    assertThat(Json.writeString(tree)).isEqualTo("{\"a\":[1,2.5,\"x\",false,null],\"b\":{}}");
    assertThat(Json.object(tree).get("a")).isEqualTo(java.util.Arrays.asList(1L, 2.5, "x", false, null));
  }
}
