package io.streamcert.cli;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A mutant target for the graceful-stop check, run as its own process: it answers {@code GET
 * /health} on 127.0.0.1 at the port given, and on SIGTERM either never exits ({@code hang}: its
 * shutdown hook sleeps far past any stop timeout) or exits at once with code 3 ({@code fail}).
 */
public final class StubbornServer {

  private StubbornServer() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    String mode = args[1];
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext("/health", ex -> {
      byte[] ok = "ok\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, ok.length);
      ex.getResponseBody().write(ok);
      ex.close();
    });
    server.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (mode.equals("fail")) Runtime.getRuntime().halt(3);
      try {
        Thread.sleep(600_000); // ignores SIGTERM in effect: the launcher's SIGKILL ends it
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }));
  }
}
