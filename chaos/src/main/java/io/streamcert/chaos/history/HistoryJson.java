package io.streamcert.chaos.history;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The one JSON mapping of history lines: compact, nulls and empty lists left out, unknown fields ignored. */
final class HistoryJson {

  static final ObjectMapper MAPPER = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(SerializationFeature.INDENT_OUTPUT)
      .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_EMPTY, JsonInclude.Include.NON_EMPTY))
      .build();

  private HistoryJson() {}

  static String line(HistoryLine line) {
    try {
      return MAPPER.writerFor(HistoryLine.class).writeValueAsString(line);
    } catch (JsonProcessingException e) {
      // Every line type is a record of strings, numbers and lists; this cannot fail.
      throw new IllegalStateException("could not write history line " + line, e);
    }
  }

  static HistoryLine parse(String text) throws JsonProcessingException {
    return MAPPER.readValue(text, HistoryLine.class);
  }
}
