package io.streamcert.reference.subs;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;

/** A local webhook receiver (http or https) that records what it gets and answers as told. */
final class Receiver implements AutoCloseable {

  /** One request as received; {@code sni} is the TLS server name asked for, or null. */
  record Got(String method, String target, Map<String, List<String>> headers, byte[] body, String sni) {
    String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) return e.getValue().get(0);
      }
      return null;
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** How the receiver answers. */
  interface Answer {
    void send(HttpExchange ex) throws IOException;
  }

  static Answer status(int status, String body, String... headers) {
    return ex -> {
      for (int i = 0; i < headers.length; i += 2) ex.getResponseHeaders().set(headers[i], headers[i + 1]);
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
      ex.getResponseBody().write(b);
    };
  }

  final List<Got> got = new CopyOnWriteArrayList<>();
  final CompletableFuture<Got> first = new CompletableFuture<>();
  private final HttpServer server;
  private final CountDownLatch stopping = new CountDownLatch(1);
  private volatile Answer answer = status(200, "{}", "Content-Type", "application/json");

  private Receiver(HttpServer server) {
    this.server = server;
    server.createContext("/", ex -> {
      try (ex) {
        String sni = null;
        if (ex instanceof HttpsExchange s && s.getSSLSession() instanceof ExtendedSSLSession e) {
          for (SNIServerName n : e.getRequestedServerNames()) {
            if (n instanceof SNIHostName h) sni = h.getAsciiName();
          }
        }
        Got g = new Got(ex.getRequestMethod(), ex.getRequestURI().toString(), Map.copyOf(ex.getRequestHeaders()),
            ex.getRequestBody().readAllBytes(), sni);
        got.add(g);
        first.complete(g);
        answer.send(ex);
      }
    });
    server.start();
  }

  /** A plain http receiver on {@code address} (port 0 for a free one). */
  static Receiver http(InetSocketAddress address) throws IOException {
    return new Receiver(HttpServer.create(address, 0));
  }

  /** An https receiver on {@code address} with the key and certificate of {@code tls}. */
  static Receiver https(InetSocketAddress address, SSLContext tls) throws IOException {
    HttpsServer s = HttpsServer.create(address, 0);
    s.setHttpsConfigurator(new HttpsConfigurator(tls));
    return new Receiver(s);
  }

  Receiver answering(Answer a) {
    this.answer = a;
    return this;
  }

  /** An answer that never comes (until the receiver stops). */
  Answer silence() {
    return ex -> {
      try {
        stopping.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }

  int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    stopping.countDown();
    server.stop(0);
  }
}
