package io.streamcert.chaos.network;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A line client for tests: every read has a timeout, so no test can hang on it. */
final class Client implements AutoCloseable {

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private Client(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  static Client connect(InetSocketAddress address, Duration readTimeout) throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(address, 2000);
      socket.setSoTimeout((int) readTimeout.toMillis());
      return new Client(socket);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  void send(String line) throws IOException {
    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  void sendBytes(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  void readTimeout(Duration timeout) throws IOException {
    socket.setSoTimeout((int) timeout.toMillis());
  }

  /** Reads one line without its newline; null at end of stream. */
  String readLine() throws IOException {
    StringBuilder line = new StringBuilder();
    while (true) {
      int b = in.read();
      if (b < 0) return line.length() == 0 ? null : line.toString();
      if (b == '\n') return line.toString();
      line.append((char) b);
    }
  }

  /** Reads exactly {@code n} bytes, or fewer at end of stream. */
  int readFully(int n) throws IOException {
    byte[] buffer = new byte[8192];
    int total = 0;
    while (total < n) {
      int r = in.read(buffer, 0, Math.min(buffer.length, n - total));
      if (r < 0) break;
      total += r;
    }
    return total;
  }

  /** One byte, or -1 at end of stream. */
  int read() throws IOException {
    return in.read();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
