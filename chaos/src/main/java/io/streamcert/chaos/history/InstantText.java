package io.streamcert.chaos.history;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Reads an ISO-8601 instant such as {@code 2026-11-22T10:15:30.123Z} without Jackson's java.time module. */
final class InstantText extends StdDeserializer<Instant> {

  private static final long serialVersionUID = 1L;

  InstantText() {
    super(Instant.class);
  }

  @Override
  public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    String text = p.getValueAsString();
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException | NullPointerException e) {
      return (Instant) ctxt.handleWeirdStringValue(Instant.class, text,
          "expected an ISO-8601 instant such as 2026-11-22T10:15:30Z");
    }
  }
}
