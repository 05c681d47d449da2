package io.streamcert.reference.subs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pinned transport over https: the connection goes to the approved address, the URL's host name
 * is the TLS server name (SNI) and the certificate must match it. The receiver's certificate is a
 * self-signed one for {@code localhost}, made by the JDK's keytool for this test run.
 */
class PinnedWebhookTlsTest {

  private static final char[] PASSWORD = "changeit".toCharArray();
  private static final byte[] BODY = "{}".getBytes(StandardCharsets.UTF_8);

  @TempDir static Path dir;
  private static Receiver receiver;
  /** Trusts exactly the receiver's certificate. */
  private static SSLContext trustsReceiver;

  @BeforeAll
  static void start() throws Exception {
    Path p12 = dir.resolve("localhost.p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Process kt = new ProcessBuilder(keytool, "-genkeypair", "-alias", "hook", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=localhost", "-ext", "SAN=dns:localhost", "-validity", "2", "-storetype", "PKCS12",
        "-keystore", p12.toString(), "-storepass", "changeit", "-keypass", "changeit")
        .redirectErrorStream(true).start();
    String out = new String(kt.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(kt.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
    assertThat(kt.exitValue()).as("keytool: " + out).isZero();

    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(p12)) {
      keys.load(in, PASSWORD);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, PASSWORD);
    SSLContext server = SSLContext.getInstance("TLS");
    server.init(kmf.getKeyManagers(), null, null);
    receiver = Receiver.https(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), server);

    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry("hook", keys.getCertificate("hook"));
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    trustsReceiver = SSLContext.getInstance("TLS");
    trustsReceiver.init(null, tmf.getTrustManagers(), null);
  }

  @AfterAll
  static void stop() {
    if (receiver != null) receiver.close();
  }

  private static CompletableFuture<WebhookTransport.Response> post(PinnedWebhookTransport t, String host) throws Exception {
    ApprovedTarget target = new ApprovedTarget(URI.create("https://" + host + ":" + receiver.port() + "/hook"),
        List.of(InetAddress.getByName("127.0.0.1")));
    return t.post(target, Map.of("Content-Type", "application/json"), BODY);
  }

  @Test
  void sendsTheHostNameAsSniAndAcceptsACertificateForIt() throws Exception {
    int before = receiver.got.size();
    try (PinnedWebhookTransport t = new PinnedWebhookTransport(trustsReceiver)) {
      WebhookTransport.Response r = post(t, "localhost").get(30, TimeUnit.SECONDS);
      assertThat(r.status()).isEqualTo(200);
    }
    assertThat(receiver.got).hasSize(before + 1);
    Receiver.Got g = receiver.got.get(before);
    assertThat(g.sni()).isEqualTo("localhost");
    assertThat(g.header("Host")).isEqualTo("localhost:" + receiver.port());
    assertThat(g.body()).isEqualTo(BODY);
  }

  @Test
  void refusesACertificateForAnotherName() throws Exception {
    int before = receiver.got.size();
    try (PinnedWebhookTransport t = new PinnedWebhookTransport(trustsReceiver)) {
      // trusted issuer, right address, but the certificate names localhost, not hooks.invalid
      assertThatThrownBy(() -> post(t, "hooks.invalid").get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasRootCauseInstanceOf(java.security.cert.CertificateException.class)
          .satisfies(e -> assertThat(causes(e)).anyMatch(c -> c instanceof SSLHandshakeException));
    }
    assertThat(receiver.got).hasSize(before);
  }

  @Test
  void refusesAnIpAddressURLWhoseCertificateNamesOnlyAHost() throws Exception {
    int before = receiver.got.size();
    try (PinnedWebhookTransport t = new PinnedWebhookTransport(trustsReceiver)) {
      assertThatThrownBy(() -> post(t, "127.0.0.1").get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .satisfies(e -> assertThat(causes(e)).anyMatch(c -> c instanceof SSLHandshakeException));
    }
    assertThat(receiver.got).hasSize(before);
  }

  @Test
  void theDefaultTrustStoreRefusesTheSelfSignedCertificate() throws Exception {
    int before = receiver.got.size();
    try (PinnedWebhookTransport t = new PinnedWebhookTransport()) {
      assertThatThrownBy(() -> post(t, "localhost").get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .satisfies(e -> assertThat(causes(e)).anyMatch(c -> c instanceof SSLHandshakeException));
    }
    assertThat(receiver.got).hasSize(before);
  }

  private static List<Throwable> causes(Throwable t) {
    java.util.ArrayList<Throwable> all = new java.util.ArrayList<>();
    for (Throwable c = t; c != null && !all.contains(c); c = c.getCause()) all.add(c);
    return all;
  }
}
