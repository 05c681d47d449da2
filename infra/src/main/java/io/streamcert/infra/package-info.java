/**
 * Test infrastructure for tiered storage: {@code io.streamcert.infra.s3} (an in-process S3 behind a
 * fault gateway) and {@code io.streamcert.infra.pg} (PostgreSQL fixtures). Used by the chaos scenarios,
 * the CLI and, in test scope only, by reference-impl.
 */
package io.streamcert.infra;
