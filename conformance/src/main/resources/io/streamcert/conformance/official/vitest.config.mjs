// Written by streamcert (io.streamcert.conformance.official.OfficialSuite) and rewritten when it
// changes; edits here are lost.
//
// Names the wrapper explicitly, so vitest's default include and exclude patterns cannot decide
// which tests run, and nothing else in this folder is ever collected.
export default {
  test: {
    include: ["streamcert-official-suite.test.mjs"],
    exclude: [],
    watch: false,
    passWithNoTests: false,
  },
}
