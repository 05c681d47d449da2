/**
 * Runs the official Node conformance suite, {@code @durable-streams/server-conformance-tests} at a
 * pinned version, against any Durable Streams server, as a second opinion beside streamcert's own
 * checks.
 *
 * <p>{@link io.streamcert.conformance.official.OfficialSuite} installs the suite with npm into a
 * cache, runs it through vitest in a child process bounded by a timeout, and turns vitest's JSON
 * report into an {@link io.streamcert.conformance.official.OfficialSuiteResult}; console output
 * goes to a log file and is never parsed.
 */
package io.streamcert.conformance.official;
