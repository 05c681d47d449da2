package io.streamcert.reference.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcert.reference.ReferenceServer;
import io.streamcert.reference.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With fsync always, writes run off the event loops (so writers waiting for their fsync share a
 * round and do not stall other connections); requests pipelined on one connection must still be
 * answered in order, whatever mix of writes and reads.
 */
class DurableWritesTest {

  @TempDir Path dir;

  @Test
  void pipelinedRequestsAreAnsweredInOrderWhenWritesWaitForTheirFsync() throws IOException {
    try (ReferenceServer server = ReferenceServer.start(ServerConfig.builder().port(0)
        .storage(ServerConfig.Storage.FILE).dataDir(dir).build())) {
      StringBuilder pipeline = new StringBuilder();
      pipeline.append(request("PUT", "/v1/stream/p", "text/plain", ""));
      for (int i = 0; i < 20; i++) {
        pipeline.append(request("POST", "/v1/stream/p", "text/plain", "m" + i + ";"));
        pipeline.append(request("HEAD", "/v1/stream/p", null, null));
      }
      pipeline.append(request("GET", "/v1/stream/p?offset=-1", null, null));
      pipeline.append(request("DELETE", "/v1/stream/nope", null, null));
      try (Socket s = new Socket("127.0.0.1", server.port())) {
        s.setSoTimeout(10_000);
        OutputStream out = s.getOutputStream();
        out.write(pipeline.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        List<Response> responses = read(s.getInputStream(), 43);
        assertThat(responses.get(0).status()).isEqualTo(201);
        long lastOffset = -1;
        for (int i = 0; i < 20; i++) {
          Response append = responses.get(1 + 2 * i);
          Response head = responses.get(2 + 2 * i);
          assertThat(append.status()).as("append " + i).isEqualTo(204);
          assertThat(head.status()).as("head " + i).isEqualTo(200);
          // The HEAD sent after append i sees at least append i: it was answered after it.
          String tail = head.header("stream-next-offset");
          assertThat(tail).as("head %d after append %d", i, i).isEqualTo(append.header("stream-next-offset"));
          long offset = Long.parseLong(tail.replaceAll("[^0-9]", ""));
          assertThat(offset).isGreaterThan(lastOffset);
          lastOffset = offset;
        }
        Response all = responses.get(41);
        assertThat(all.status()).isEqualTo(200);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 20; i++) expected.append("m").append(i).append(';');
        assertThat(all.body()).isEqualTo(expected.toString());
        assertThat(responses.get(42).status()).isEqualTo(404);
      }
    }
  }

  private static String request(String method, String path, String type, String body) {
    StringBuilder r = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    if (type != null) r.append("Content-Type: ").append(type).append("\r\n");
    if (body != null) r.append("Content-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n");
    return r.append("\r\n").append(body == null ? "" : body).toString();
  }

  record Response(int status, String head, String body) {
    String header(String name) {
      Matcher m = Pattern.compile("(?im)^" + Pattern.quote(name) + ":\\s*(.*?)\\s*$").matcher(head);
      return m.find() ? m.group(1) : null;
    }
  }

  /** Reads {@code n} responses, each with Content-Length framing (HEAD and 204/201 without a body). */
  private static List<Response> read(InputStream in, int n) throws IOException {
    List<Response> out = new ArrayList<>();
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    List<Boolean> heads = new ArrayList<>();
    // Which responses answer a HEAD (no body even with Content-Length): request 2, 4, ..., 40.
    for (int i = 0; i < n; i++) heads.add(i >= 2 && i <= 40 && i % 2 == 0);
    while (out.size() < n) {
      String text = buf.toString(StandardCharsets.ISO_8859_1);
      int end = text.indexOf("\r\n\r\n");
      if (end >= 0) {
        String head = text.substring(0, end);
        Matcher cl = Pattern.compile("(?im)^content-length:\\s*(\\d+)").matcher(head);
        int len = cl.find() && !heads.get(out.size()) ? Integer.parseInt(cl.group(1)) : 0;
        if (text.length() >= end + 4 + len) {
          int status = Integer.parseInt(head.substring(9, 12));
          out.add(new Response(status, head, text.substring(end + 4, end + 4 + len)));
          byte[] rest = text.substring(end + 4 + len).getBytes(StandardCharsets.ISO_8859_1);
          buf.reset();
          buf.write(rest);
          continue;
        }
      }
      int r = in.read(chunk);
      if (r < 0) throw new IOException("connection closed after " + out.size() + " of " + n + " responses");
      buf.write(chunk, 0, r);
    }
    return out;
  }
}
