package io.streamcert.reference.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Validates JSON-mode bodies and flattens them exactly one level (PROTOCOL.md §9.1).
 *
 * <p>A top-level array contributes each element as one message; any other value is one message.
 * Messages are re-encoded compactly and joined with commas, which is the form a stream stores: a
 * read wraps the stored text of its records in one {@code [ ... ]}.
 */
public final class JsonBatches {

  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(512).build())
          .build();

  private JsonBatches() {}

  /** One flattened body: the comma-joined messages and how many there are. */
  public record Batch(byte[] joined, int count) {}

  /**
   * Parses and flattens a body.
   *
   * @param emptyArrayAllowed true for a create (an empty array creates an empty stream), false for
   *     an append (an empty array is rejected)
   * @throws ProtocolException 400 for invalid JSON, trailing content, or a forbidden empty array
   */
  public static Batch flatten(byte[] body, boolean emptyArrayAllowed) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 8);
    int count = 0;
    try (JsonParser p = FACTORY.createParser(body);
        JsonGenerator g = generator(out)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw ProtocolException.badRequest("body is not valid JSON: it is empty or only whitespace");
      }
      if (first == JsonToken.START_ARRAY) {
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
          if (t == null) throw ProtocolException.badRequest("body is not valid JSON: unterminated array");
          if (count > 0) g.writeRaw(',');
          g.copyCurrentStructure(p);
          g.flush();
          count++;
        }
        if (count == 0 && !emptyArrayAllowed) {
          throw ProtocolException.badRequest("an empty JSON array appends nothing; send at least one value");
        }
      } else {
        g.copyCurrentStructure(p);
        count = 1;
      }
      if (p.nextToken() != null) {
        throw ProtocolException.badRequest("body is not valid JSON: content follows the top-level value");
      }
      g.flush();
    } catch (JsonProcessingException e) {
      throw ProtocolException.badRequest("body is not valid JSON: " + firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Batch(out.toByteArray(), count);
  }

  /**
   * Returns the first {@code n} messages of a stored record (comma-joined form), re-joined.
   *
   * @throws ProtocolException 400 when the record holds fewer than {@code n} messages
   */
  public static byte[] prefix(byte[] joined, int n) {
    byte[] wrapped = new byte[joined.length + 2];
    wrapped[0] = '[';
    System.arraycopy(joined, 0, wrapped, 1, joined.length);
    wrapped[wrapped.length - 1] = ']';
    Batch all = flatten(wrapped, true);
    if (n > all.count()) {
      throw ProtocolException.badRequest(
          "Stream-Fork-Sub-Offset " + n + " overshoots the " + all.count() + " messages of the append at the fork offset");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(joined.length);
    try (JsonParser p = FACTORY.createParser(wrapped);
        JsonGenerator g = generator(out)) {
      p.nextToken();
      for (int i = 0; i < n; i++) {
        p.nextToken();
        if (i > 0) g.writeRaw(',');
        g.copyCurrentStructure(p);
        g.flush();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A compact generator; messages are root values, joined by the commas written between them. */
  private static JsonGenerator generator(ByteArrayOutputStream out) throws IOException {
    JsonGenerator g = FACTORY.createGenerator(out);
    g.setRootValueSeparator(null);
    return g;
  }

  private static String firstLine(String s) {
    if (s == null) return "parse error";
    int nl = s.indexOf('\n');
    String line = nl >= 0 ? s.substring(0, nl) : s;
    return line.length() > 160 ? line.substring(0, 157) + "..." : line;
  }
}
