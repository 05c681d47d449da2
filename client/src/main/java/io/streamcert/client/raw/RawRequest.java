package io.streamcert.client.raw;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An HTTP/1.1 request exactly as it will be written to the socket.
 *
 * <p>Built from parts with {@link #builder(String, String)}: the request-target is sent verbatim (so
 * {@code ..}, {@code %2e%2e}, NUL bytes and spaces reach the server untouched), headers keep their
 * order, casing and duplicates, and the body is either fixed bytes or a list of chunks. Unless
 * {@link Builder#autoHeaders(boolean)} turns it off, encoding adds {@code Host}, {@code
 * Content-Length} for a fixed body and {@code Transfer-Encoding: chunked} for a chunked one, each only
 * when the caller did not give that header. {@link #verbatim(byte[])} sends arbitrary bytes instead.
 *
 * <p>Text parts are written as ISO-8859-1, one byte per character, so {@code "\0"} is the NUL byte;
 * characters above U+00FF are rejected because they have no single-byte form.
 */
public final class RawRequest {

  private static final byte[] CRLF = {'\r', '\n'};

  private final String method;
  private final String target;
  private final String version;
  private final List<RawHeader> headers;
  private final byte[] body;
  private final List<byte[]> chunks;
  private final boolean autoHeaders;
  private final byte[] verbatim;

  private RawRequest(Builder b) {
    this.method = b.method;
    this.target = b.target;
    this.version = b.version;
    this.headers = List.copyOf(b.headers);
    this.body = b.body;
    this.chunks = b.chunks == null ? null : List.copyOf(b.chunks);
    this.autoHeaders = b.autoHeaders;
    this.verbatim = null;
  }

  private RawRequest(byte[] verbatim) {
    String firstLine = firstLine(verbatim);
    String[] parts = firstLine.split(" ", 3);
    this.method = parts[0];
    this.target = parts.length > 1 ? parts[1] : "";
    this.version = parts.length > 2 ? parts[2] : "";
    this.headers = List.of();
    this.body = null;
    this.chunks = null;
    this.autoHeaders = false;
    this.verbatim = verbatim;
  }

  /** Starts a request with the given method token and request-target, both sent as given. */
  public static Builder builder(String method, String target) {
    return new Builder(method, target);
  }

  /** Creates a request that is these bytes and nothing else: no header is added or checked. */
  public static RawRequest verbatim(byte[] bytes) {
    return new RawRequest(Objects.requireNonNull(bytes, "bytes").clone());
  }

  /**
   * Creates a request from text written one byte per character (ISO-8859-1), so line endings, NUL
   * bytes and malformed framing are exactly as written.
   */
  public static RawRequest verbatim(String text) {
    requireSingleBytes("the verbatim request", text);
    return new RawRequest(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** The method token; for a verbatim request, the bytes before the first space. */
  public String method() {
    return method;
  }

  /** The request-target; for a verbatim request, the second space-separated token of line one. */
  public String target() {
    return target;
  }

  /** The headers the caller gave, without the automatic ones; empty for a verbatim request. */
  public List<RawHeader> headers() {
    return headers;
  }

  /**
   * Returns the bytes to write for this request.
   *
   * @param authority the {@code Host} value added when the request has none, like {@code
   *     127.0.0.1:4437}
   */
  public byte[] encode(String authority) {
    if (verbatim != null) return verbatim.clone();
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + (body == null ? 0 : body.length));
    writeText(out, method);
    out.write(' ');
    writeText(out, target);
    if (!version.isEmpty()) {
      out.write(' ');
      writeText(out, version);
    }
    out.writeBytes(CRLF);
    if (autoHeaders && !has("Host")) {
      writeHeader(out, "Host", authority);
    }
    for (RawHeader h : headers) {
      writeHeader(out, h.name(), h.value());
    }
    if (autoHeaders && body != null && !has("Content-Length") && !has("Transfer-Encoding")) {
      writeHeader(out, "Content-Length", Integer.toString(body.length));
    }
    if (autoHeaders && chunks != null && !has("Transfer-Encoding")) {
      writeHeader(out, "Transfer-Encoding", "chunked");
    }
    out.writeBytes(CRLF);
    if (body != null) {
      out.writeBytes(body);
    }
    if (chunks != null) {
      for (byte[] chunk : chunks) {
        writeText(out, Integer.toHexString(chunk.length));
        out.writeBytes(CRLF);
        out.writeBytes(chunk);
        out.writeBytes(CRLF);
      }
      writeText(out, "0\r\n\r\n");
    }
    return out.toByteArray();
  }

  /** The request line with control characters escaped, as used in messages. */
  @Override
  public String toString() {
    String line = verbatim != null
        ? firstLine(verbatim)
        : method + " " + target + (version.isEmpty() ? "" : " " + version);
    return Printable.of(line, 200);
  }

  private boolean has(String name) {
    return RawHeader.first(headers, name).isPresent();
  }

  private static void writeHeader(ByteArrayOutputStream out, String name, String value) {
    writeText(out, name);
    writeText(out, ": ");
    writeText(out, value);
    out.writeBytes(CRLF);
  }

  private static void writeText(ByteArrayOutputStream out, String text) {
    out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static String firstLine(byte[] bytes) {
    int end = 0;
    while (end < bytes.length && bytes[end] != '\r' && bytes[end] != '\n') end++;
    return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
  }

  private static void requireSingleBytes(String what, String text) {
    Objects.requireNonNull(text, what);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c > 0xff) {
        throw new IllegalArgumentException(
            what + " '" + Printable.of(text, 80) + "' contains U+" + String.format("%04X", (int) c)
                + ", which has no single-byte form; percent-encode it or build the bytes with"
                + " RawRequest.verbatim(byte[])");
      }
    }
  }

  /** Collects the parts of a {@link RawRequest}; every text part must be ISO-8859-1. */
  public static final class Builder {
    private final String method;
    private final String target;
    private String version = "HTTP/1.1";
    private final List<RawHeader> headers = new ArrayList<>();
    private byte[] body;
    private List<byte[]> chunks;
    private boolean autoHeaders = true;

    private Builder(String method, String target) {
      requireSingleBytes("the method", method);
      requireSingleBytes("the request-target", target);
      this.method = method;
      this.target = target;
    }

    /** Sets the protocol version token ({@code HTTP/1.1} by default); empty omits it and its space. */
    public Builder version(String version) {
      requireSingleBytes("the version", version);
      this.version = version;
      return this;
    }

    /** Appends a header line; earlier lines with the same name stay, so duplicates are sent. */
    public Builder header(String name, String value) {
      requireSingleBytes("the header name", name);
      requireSingleBytes("the value of header " + name, value);
      headers.add(new RawHeader(name, value));
      return this;
    }

    /** Sets a fixed body, sent after the head as is (replacing a chunked body). */
    public Builder body(byte[] bytes) {
      this.body = Objects.requireNonNull(bytes, "bytes").clone();
      this.chunks = null;
      return this;
    }

    /** Sets a fixed body from UTF-8 text. */
    public Builder body(String text) {
      return body(Objects.requireNonNull(text, "text").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sets a chunked body, one chunk per element, followed by the last-chunk {@code 0}. An empty
     * element is sent as a zero-size chunk too, which ends the body early for the server.
     */
    public Builder chunked(List<byte[]> chunks) {
      List<byte[]> copy = new ArrayList<>();
      for (byte[] c : chunks) copy.add(Objects.requireNonNull(c, "chunk").clone());
      this.chunks = copy;
      this.body = null;
      return this;
    }

    /** Sets a chunked body from UTF-8 text chunks. */
    public Builder chunked(String... chunks) {
      List<byte[]> bytes = new ArrayList<>();
      for (String c : chunks) bytes.add(c.getBytes(StandardCharsets.UTF_8));
      return chunked(bytes);
    }

    /**
     * Chooses whether encoding adds the missing {@code Host}, {@code Content-Length} and {@code
     * Transfer-Encoding} headers (on by default); off sends the head exactly as built.
     */
    public Builder autoHeaders(boolean on) {
      this.autoHeaders = on;
      return this;
    }

    public RawRequest build() {
      return new RawRequest(this);
    }
  }
}
