package io.streamcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcert.reference.ServerConfig;
import java.io.IOException;
import java.net.BindException;
import java.net.SocketException;
import java.nio.channels.UnresolvedAddressException;
import org.junit.jupiter.api.Test;

class StartFailureTest {

  private final ServerConfig config = ServerConfig.builder().host("127.0.0.1").port(4437).build();

  @Test
  void portInUseNamesThePortAndTheFix() {
    StartFailure failure = StartFailure.of(config, new BindException("Address already in use"));

    assertThat(failure.usageError()).isTrue();
    assertThat(failure.message())
        .contains("port 4437 on 127.0.0.1 is already in use")
        .contains("--port 0")
        .doesNotContain("\n");
  }

  @Test
  void portInUseIsFoundInsideAWrappingException() {
    IOException wrapped =
        new IOException("could not bind", new BindException("Address already in use"));

    assertThat(StartFailure.of(config, wrapped).message()).contains("port 4437");
  }

  @Test
  void portInUseIsFoundInANativeTransportMessage() {
    IOException nativeBind = new IOException("bind(..) failed: Address already in use");

    assertThat(StartFailure.of(config, nativeBind).message()).contains("already in use");
  }

  @Test
  void privilegedPortSuggestsAnotherPort() {
    StartFailure failure = StartFailure.of(config, new BindException("Permission denied"));

    assertThat(failure.usageError()).isTrue();
    assertThat(failure.message()).contains("above 1023").contains("--port 0");
  }

  @Test
  void foreignAddressNamesTheHost() {
    ServerConfig foreign = config.toBuilder().host("192.0.2.1").build();

    StartFailure failure =
        StartFailure.of(foreign, new BindException("Cannot assign requested address"));

    assertThat(failure.usageError()).isTrue();
    assertThat(failure.message()).startsWith("--host was '192.0.2.1'");
  }

  @Test
  void unresolvableHostNamesTheHost() {
    ServerConfig unknown = config.toBuilder().host("no-such-host.invalid").build();

    StartFailure failure = StartFailure.of(unknown, new UnresolvedAddressException());

    assertThat(failure.usageError()).isTrue();
    assertThat(failure.message()).startsWith("--host was 'no-such-host.invalid'");
  }

  @Test
  void unresolvableHostReportedAsTextNamesTheHost() {
    ServerConfig unknown = config.toBuilder().host("no-such-host.invalid").build();

    StartFailure failure = StartFailure.of(unknown, new SocketException("Unresolved address"));

    assertThat(failure.message()).startsWith("--host was 'no-such-host.invalid'");
  }

  @Test
  void permissionDeniedOutsideABindIsNotBlamedOnThePort() {
    StartFailure failure =
        StartFailure.of(config, new IOException("/var/streams: Permission denied"));

    assertThat(failure.usageError()).isFalse();
    assertThat(failure.message()).contains("/var/streams: Permission denied");
  }

  @Test
  void otherFailuresKeepEveryMessageOfTheChain() {
    IOException failure =
        new IOException("storage failed to open", new IllegalStateException("disk full"));

    StartFailure described = StartFailure.of(config, failure);

    assertThat(described.usageError()).isFalse();
    assertThat(described.message())
        .isEqualTo(
            "could not start the reference server on 127.0.0.1 port 4437: storage failed to open:"
                + " disk full");
  }
}
