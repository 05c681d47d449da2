/**
 * Runs the official Node conformance suite, {@code @durable-streams/server-conformance-tests} at a
 * pinned version, against any Durable Streams server, as a second opinion beside streamcert's own
 * checks.
 *
 * <p>{@link io.streamcert.conformance.official.OfficialSuite} installs the suite with npm into a
 * cache, runs it through vitest in a child process bounded by a timeout, and turns vitest's JSON
 * report into an {@link io.streamcert.conformance.official.OfficialSuiteResult}; console output
 * goes to a log file and is never parsed.
 *
 * <p>{@link io.streamcert.conformance.official.OfficialNodeServer} runs the official Node reference
 * server, {@code @durable-streams/server} at a pinned version, installed the same way, as a child
 * process on a loopback port, so other servers can be compared with it.
 */
package io.streamcert.conformance.official;
