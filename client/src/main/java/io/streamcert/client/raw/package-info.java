/**
 * Raw HTTP/1.1 exchanges with full control of the bytes on the wire, for conformance and bad-input
 * checks that a well-behaved HTTP client library would refuse to send.
 *
 * <p>{@link io.streamcert.client.raw.RawHttp} opens one connection per exchange, writes a {@link
 * io.streamcert.client.raw.RawRequest} exactly as built and parses the response leniently enough to
 * report what a misbehaving server did instead of hanging: every wait has a deadline and every
 * failure is a typed {@link io.streamcert.client.raw.RawHttpException}.
 */
package io.streamcert.client.raw;
