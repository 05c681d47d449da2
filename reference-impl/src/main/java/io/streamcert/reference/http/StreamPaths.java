package io.streamcert.reference.http;

import io.streamcert.reference.protocol.ProtocolException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes and validates request paths: strict percent-decoding to UTF-8, and no empty, {@code .}
 * or {@code ..} segments, control characters or backslashes, so that one stream has one name.
 */
final class StreamPaths {

  static final int MAX_PATH_LENGTH = 1024;

  private StreamPaths() {}

  /**
   * Returns the decoded path.
   *
   * @throws ProtocolException 400 naming what is wrong with the path
   */
  static String decode(String rawPath) {
    if (rawPath.isEmpty() || rawPath.charAt(0) != '/') {
      throw ProtocolException.badRequest("request path must start with '/'");
    }
    if (rawPath.length() > MAX_PATH_LENGTH) {
      throw ProtocolException.badRequest("request path is longer than " + MAX_PATH_LENGTH + " characters");
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(rawPath.length());
    for (int i = 0; i < rawPath.length(); i++) {
      char c = rawPath.charAt(i);
      if (c == '%') {
        if (i + 2 >= rawPath.length() || hex(rawPath.charAt(i + 1)) < 0 || hex(rawPath.charAt(i + 2)) < 0) {
          throw ProtocolException.badRequest("request path has an invalid percent-encoding at position " + i);
        }
        bytes.write(hex(rawPath.charAt(i + 1)) * 16 + hex(rawPath.charAt(i + 2)));
        i += 2;
      } else if (c > 0x7e || c < 0x21) {
        throw ProtocolException.badRequest("request path has a character that must be percent-encoded at position " + i);
      } else {
        bytes.write(c);
      }
    }
    String path;
    try {
      path = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw ProtocolException.badRequest("request path is not valid UTF-8 once percent-decoded");
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '\\') {
        throw ProtocolException.badRequest("request path contains a control character or backslash");
      }
    }
    String[] segments = path.substring(1).split("/", -1);
    for (String seg : segments) {
      if (seg.isEmpty() && segments.length > 1) {
        throw ProtocolException.badRequest("request path has an empty segment ('//' or a trailing '/')");
      }
      if (seg.equals(".") || seg.equals("..")) {
        throw ProtocolException.badRequest("request path has a '" + seg + "' segment; stream names cannot be relative");
      }
    }
    return path;
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }
}
