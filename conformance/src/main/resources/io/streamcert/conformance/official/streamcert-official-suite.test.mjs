// Written by streamcert (io.streamcert.conformance.official.OfficialSuite) and rewritten when it
// changes; edits here are lost.
//
// Runs the pinned official Durable Streams server conformance suite through its programmatic entry
// point, because the package's own CLI can neither pass these options nor find its test file when
// installed from npm. Every setting arrives through the environment:
//   CONFORMANCE_TEST_URL             origin of the server under test, e.g. http://127.0.0.1:4437
//   STREAMCERT_LONG_POLL_TIMEOUT_MS  the server's long-poll timeout; unset means the suite default
//   STREAMCERT_SUBSCRIPTIONS         "1" to include the opt-in reserved subscription tests
import { runConformanceTests } from "@durable-streams/server-conformance-tests"

const baseUrl = process.env.CONFORMANCE_TEST_URL
if (!baseUrl) {
  throw new Error("CONFORMANCE_TEST_URL is not set; streamcert sets it to the server's origin")
}

const longPollTimeout = process.env.STREAMCERT_LONG_POLL_TIMEOUT_MS

runConformanceTests({
  baseUrl,
  longPollTimeoutMs: longPollTimeout ? Number(longPollTimeout) : undefined,
  subscriptions: process.env.STREAMCERT_SUBSCRIPTIONS === "1",
})
