package io.streamcert.chaos.network;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ToxiproxyUnreachableTest {

  @Test
  void anUnreachableServerIsAnIOExceptionNamingTheApi() throws IOException {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    URI api = URI.create("http://127.0.0.1:" + port);
    assertThatThrownBy(() -> FaultProxies.toxiproxy(api, new InetSocketAddress("127.0.0.1", 9)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(api.toString())
        .hasMessageContaining("Toxiproxy server running");
  }

  @Test
  void settingsNameTheBadValue() {
    assertThatThrownBy(() -> new ToxiproxySettings(URI.create("http://127.0.0.1:8474"), "bad name!", "0.0.0.0:0",
            "127.0.0.1:80", null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'bad name!'");
    assertThatThrownBy(() -> new ToxiproxySettings(URI.create("http://127.0.0.1:8474"), "ok", "nohostport",
            "127.0.0.1:80", null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("listen was 'nohostport'");
  }
}
