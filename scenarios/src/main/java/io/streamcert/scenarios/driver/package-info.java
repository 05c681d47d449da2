/**
 * The open-loop measuring driver: runs a {@link io.streamcert.scenarios.driver.Workload} against a
 * Durable Streams server at a constant rate and measures latency the way wrk2 and HdrHistogram
 * taught.
 *
 * <p>Operation {@code i} is intended at {@code t0 + i / rate}; it is sent at that time whether or
 * not earlier responses have arrived, and its latency runs from the intended time to the
 * completion, so a stalled server shows up in every operation that waited for it (the
 * coordinated-omission correction). Service time (completion minus actual send) is recorded
 * beside it. Entry points: {@link io.streamcert.scenarios.driver.Driver#run}, {@link
 * io.streamcert.scenarios.driver.RateSweep#run} and {@link
 * io.streamcert.scenarios.driver.SelfCheck#run}.
 */
package io.streamcert.scenarios.driver;
