package io.streamcert.reference.protocol;

/**
 * The idempotent-producer triple of an append (PROTOCOL.md §5.2.1): all three headers or none.
 */
public record ProducerHeaders(String id, long epoch, long seq) {

  /** The largest epoch or sequence number a client can send exactly (2^53 - 1). */
  public static final long MAX_SAFE_INTEGER = 9_007_199_254_740_991L;

  /**
   * Parses the three headers; returns null when none is present.
   *
   * @throws ProtocolException 400 for a partial set, an empty id, or a value that is not a
   *     non-negative integer up to 2^53 - 1
   */
  public static ProducerHeaders parse(String id, String epoch, String seq) {
    if (id == null && epoch == null && seq == null) return null;
    if (id == null || epoch == null || seq == null) {
      throw ProtocolException.badRequest(
          "Producer-Id, Producer-Epoch and Producer-Seq must be sent together (got "
              + (id == null ? "" : "Producer-Id ") + (epoch == null ? "" : "Producer-Epoch ") + (seq == null ? "" : "Producer-Seq ")
              + "only)");
    }
    if (id.isEmpty()) {
      throw ProtocolException.badRequest("Producer-Id must not be empty");
    }
    return new ProducerHeaders(id, number("Producer-Epoch", epoch), number("Producer-Seq", seq));
  }

  private static long number(String name, String text) {
    boolean ok = !text.isEmpty() && text.length() <= 16 && text.chars().allMatch(c -> c >= '0' && c <= '9');
    long v = ok ? Long.parseLong(text) : -1;
    if (!ok || v > MAX_SAFE_INTEGER) {
      throw ProtocolException.badRequest(
          name + " was '" + Offset.abbreviate(text) + "' but must be a non-negative integer no larger than 2^53-1");
    }
    return v;
  }
}
