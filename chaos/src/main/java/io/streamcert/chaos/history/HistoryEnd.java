package io.streamcert.chaos.history;

/** The last line of a history whose recorder was closed cleanly. */
record HistoryEnd(long atNanos) implements HistoryLine {}
