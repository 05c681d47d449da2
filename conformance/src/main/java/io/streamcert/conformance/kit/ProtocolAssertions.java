package io.streamcert.conformance.kit;

/** Entry point for protocol-level assertions: {@code assertThat(exchange).hasStatus(409)}. */
public final class ProtocolAssertions {

  private ProtocolAssertions() {}

  public static ExchangeAssert assertThat(Exchange exchange) {
    return new ExchangeAssert(exchange);
  }
}
