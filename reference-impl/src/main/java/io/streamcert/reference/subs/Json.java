package io.streamcert.reference.subs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference server's one small JSON tree codec (the subscription API, {@code /health?format=json}):
 * objects become insertion-ordered maps, arrays lists, numbers {@link Long} or {@link Double}. The
 * compact writer skips map entries whose value is null, so optional fields simply stay absent.
 */
public final class Json {

  private static final JsonFactory FACTORY = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
      .build();

  private Json() {}

  /**
   * Parses one JSON document.
   *
   * @throws IllegalArgumentException naming what is wrong when the text is not a single JSON value
   */
  public static Object parse(byte[] body) {
    try (JsonParser p = FACTORY.createParser(body)) {
      JsonToken t = p.nextToken();
      if (t == null) throw new IllegalArgumentException("the body is empty; send a JSON object");
      Object v = read(p, t);
      if (p.nextToken() != null) throw new IllegalArgumentException("the body has content after its JSON value");
      return v;
    } catch (IOException e) {
      throw new IllegalArgumentException("the body is not valid JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()), e);
    }
  }

  private static Object read(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case START_OBJECT -> {
        Map<String, Object> m = new LinkedHashMap<>();
        JsonToken k;
        while ((k = p.nextToken()) == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          m.put(name, read(p, p.nextToken()));
        }
        return m;
      }
      case START_ARRAY -> {
        List<Object> l = new ArrayList<>();
        JsonToken e;
        while ((e = p.nextToken()) != JsonToken.END_ARRAY) l.add(read(p, e));
        return l;
      }
      case VALUE_STRING -> { return p.getText(); }
      case VALUE_NUMBER_INT -> {
        try {
          return p.getLongValue();
        } catch (IOException overflow) {
          return p.getDoubleValue();
        }
      }
      case VALUE_NUMBER_FLOAT -> { return p.getDoubleValue(); }
      case VALUE_TRUE -> { return Boolean.TRUE; }
      case VALUE_FALSE -> { return Boolean.FALSE; }
      case VALUE_NULL -> { return null; }
      default -> throw new IOException("unexpected token " + t);
    }
  }

  /** Writes a tree of maps, lists, strings, numbers, booleans and nulls compactly, leaving null members out. */
  public static byte[] write(Object value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      write(g, value, true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static String writeString(Object value) {
    return new String(write(value), StandardCharsets.UTF_8);
  }

  /**
   * Writes the same trees indented for people (Jackson's default pretty printer) and keeps null
   * members, so a reader sees every field even when it has no value: the form of
   * {@code /health?format=json}.
   */
  public static String writePretty(Object value) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      write(g, value, false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void write(JsonGenerator g, Object v, boolean skipNullMembers) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof Map<?, ?> m) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (skipNullMembers && e.getValue() == null) continue;
        g.writeFieldName(String.valueOf(e.getKey()));
        write(g, e.getValue(), skipNullMembers);
      }
      g.writeEndObject();
    } else if (v instanceof Iterable<?> l) {
      g.writeStartArray();
      for (Object o : l) write(g, o, skipNullMembers);
      g.writeEndArray();
    } else if (v instanceof String s) {
      g.writeString(s);
    } else if (v instanceof Integer || v instanceof Long) {
      g.writeNumber(((Number) v).longValue());
    } else if (v instanceof Number n) {
      g.writeNumber(n.doubleValue());
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else {
      g.writeString(v.toString());
    }
  }

  /** An object's member as a map, or null when absent. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> object(Object v) {
    return v instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
  }
}
