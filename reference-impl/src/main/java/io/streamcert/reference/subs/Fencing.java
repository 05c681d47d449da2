package io.streamcert.reference.subs;

/**
 * The fencing decision of §7.3: whether a callback, ack or release belongs to the current wake. A
 * seam: tests replace it to build a server that accepts stale wakes.
 */
@FunctionalInterface
public interface Fencing {

  /**
   * Returns null when the request is admitted, or the reason it is stale.
   *
   * @param current the subscription's current wake, or null when none is in flight
   * @param tokenGeneration the generation the bearer token was issued for
   * @param tokenId the bearer token's id
   * @param requestWakeId the {@code wake_id} the request names, or null
   * @param requestGeneration the {@code generation} the request names, or null
   */
  String check(CurrentWake current, long tokenGeneration, String tokenId, String requestWakeId, Long requestGeneration);

  /** What the subscription currently expects. */
  record CurrentWake(String wakeId, long generation, String tokenId) {}

  /** Token, generation and wake id must all match the current wake. */
  Fencing STRICT = (cur, tokenGen, tokenId, wakeId, gen) -> {
    if (cur == null || cur.wakeId() == null) return "no wake is in flight (it was completed, released or its lease expired)";
    if (tokenGen != cur.generation()) return "the token was issued for generation " + tokenGen + ", the current one is " + cur.generation();
    if (cur.tokenId() == null || !cur.tokenId().equals(tokenId)) return "the token is no longer the current one for this wake";
    if (gen == null || gen != cur.generation()) return "generation " + gen + " is not the current " + cur.generation();
    if (!cur.wakeId().equals(wakeId)) return "wake_id " + wakeId + " is not the current wake";
    return null;
  };
}
