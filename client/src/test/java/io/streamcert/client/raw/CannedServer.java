package io.streamcert.client.raw;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A one-connection server on a loopback port that runs a script against the first client, then
 * records every byte the client sent until it closes.
 *
 * <p>The script sees the request head before it answers, so replies can be canned bytes; the
 * recorded request lets tests assert what went over the wire.
 */
final class CannedServer implements AutoCloseable {

  /** What the server does with an accepted connection. */
  interface Script {
    void run(Connection connection) throws Exception;
  }

  private final ServerSocket server;
  private final CompletableFuture<byte[]> received = new CompletableFuture<>();

  private CannedServer(Script script) throws IOException {
    this.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    Thread t = new Thread(() -> serve(script), "canned-server");
    t.setDaemon(true);
    t.start();
  }

  static CannedServer start(Script script) throws IOException {
    return new CannedServer(script);
  }

  /** Answers the request with these bytes (ISO-8859-1) and leaves the connection open. */
  static CannedServer replying(String response) throws IOException {
    return start(c -> {
      c.readHead();
      c.write(response);
    });
  }

  /** Answers with these bytes, then ends the server's side of the connection. */
  static CannedServer replyingThenClosing(String response) throws IOException {
    return start(c -> {
      c.readHead();
      c.write(response);
      c.endOutput();
    });
  }

  RawHttp client() {
    return RawHttp.to("127.0.0.1", server.getLocalPort());
  }

  int port() {
    return server.getLocalPort();
  }

  /** The bytes the client sent, available once it has closed the connection. */
  byte[] received() throws Exception {
    return received.get(10, TimeUnit.SECONDS);
  }

  String receivedText() throws Exception {
    return new String(received(), StandardCharsets.ISO_8859_1);
  }

  private void serve(Script script) {
    try (Socket socket = server.accept()) {
      Connection c = new Connection(socket);
      try {
        script.run(c);
        c.drain();
      } finally {
        received.complete(c.seen.toByteArray());
      }
    } catch (Exception e) {
      received.completeExceptionally(e);
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }

  /** The server's side of the accepted connection. */
  static final class Connection {
    private final Socket socket;
    private final InputStream in;
    final ByteArrayOutputStream seen = new ByteArrayOutputStream();

    Connection(Socket socket) throws IOException {
      this.socket = socket;
      this.in = socket.getInputStream();
      // The client always closes or times out well before this; it only keeps a broken test from hanging.
      socket.setSoTimeout(10_000);
    }

    /** Reads up to and including the blank line that ends the request head. */
    String readHead() throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int last4 = 0;
      while (last4 != 0x0d0a0d0a) {
        int b = in.read();
        if (b < 0) break;
        seen.write(b);
        head.write(b);
        last4 = (last4 << 8) | b;
      }
      return head.toString(StandardCharsets.ISO_8859_1);
    }

    void write(String latin1) throws IOException {
      socket.getOutputStream().write(latin1.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
    }

    /** Half-closes: the client sees end of stream while the server still reads. */
    void endOutput() throws IOException {
      socket.shutdownOutput();
    }

    /** Resets the connection (RST, not FIN), as a server does that stops reading mid-request. */
    void abort() throws IOException {
      socket.setSoLinger(true, 0);
      socket.close();
    }

    private void drain() throws IOException {
      if (socket.isClosed()) return;
      byte[] buf = new byte[8192];
      try {
        int n;
        while ((n = in.read(buf)) >= 0) seen.write(buf, 0, n);
      } catch (IOException e) {
        // A reset at the end is how some clients close; what was read is kept.
      }
    }
  }
}
