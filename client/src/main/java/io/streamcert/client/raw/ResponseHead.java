package io.streamcert.client.raw;

import java.io.IOException;
import java.net.ProtocolException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The status line and headers of a response, as parsed from the wire. */
record ResponseHead(String version, int status, String reason, List<RawHeader> headers) {

  private static final Pattern STATUS_LINE = Pattern.compile("(HTTP/\\d+(?:\\.\\d+)?) (\\d{3})(?: (.*))?");
  private static final int MAX_LINE = 64 * 1024;
  private static final int MAX_HEAD = 1024 * 1024;

  ResponseHead {
    headers = List.copyOf(headers);
  }

  /** Reads the final response head, skipping interim 1xx responses other than 101. */
  static ResponseHead read(ResponseInput in, long deadlineNanos) throws IOException {
    while (true) {
      ResponseHead head = readOne(in, deadlineNanos);
      if (head.status / 100 != 1 || head.status == 101) return head;
    }
  }

  private static ResponseHead readOne(ResponseInput in, long deadlineNanos) throws IOException {
    String statusLine = in.readLine(deadlineNanos, MAX_LINE, "the status line");
    Matcher m = STATUS_LINE.matcher(statusLine);
    if (!m.matches()) {
      throw new ProtocolException("the status line '" + Printable.of(statusLine, 120)
          + "' is not of the form 'HTTP/1.1 200 OK'");
    }
    List<RawHeader> headers = new ArrayList<>();
    int size = statusLine.length();
    while (true) {
      String line = in.readLine(deadlineNanos, MAX_LINE, "the response headers");
      if (line.isEmpty()) break;
      size += line.length();
      if (size > MAX_HEAD) {
        throw new ProtocolException("the response head is larger than " + MAX_HEAD + " bytes");
      }
      if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
        // Obsolete line folding: the line continues the previous value (RFC 9112 §5.2).
        if (headers.isEmpty()) {
          throw new ProtocolException("the first header line '" + Printable.of(line, 80)
              + "' starts with whitespace");
        }
        RawHeader last = headers.remove(headers.size() - 1);
        headers.add(new RawHeader(last.name(), (last.value() + " " + line.strip()).strip()));
        continue;
      }
      int colon = line.indexOf(':');
      if (colon < 0) {
        throw new ProtocolException("the header line '" + Printable.of(line, 120) + "' has no colon");
      }
      headers.add(new RawHeader(line.substring(0, colon).stripTrailing(), line.substring(colon + 1).strip()));
    }
    return new ResponseHead(m.group(1), Integer.parseInt(m.group(2)),
        m.group(3) == null ? "" : m.group(3), headers);
  }
}
