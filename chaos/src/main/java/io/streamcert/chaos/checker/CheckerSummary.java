package io.streamcert.chaos.checker;

/**
 * The numbers behind a checker result. A logical write is one payload id, however many attempts
 * (retries) it took; its outcome is ok if any attempt was acknowledged, info if none was but one
 * is unknown, fail if every attempt definitely failed.
 *
 * @param streams streams in the history
 * @param streamsWithFinalRead streams with a final read (an ok catch-up read from the beginning,
 *     invoked after the heal) against which acknowledged writes were checked for loss
 * @param operations operations of every kind
 * @param ok operations that ended ok
 * @param fail operations that ended fail
 * @param info operations whose outcome is unknown
 * @param unfinished of the info operations, those that never completed (the run ended first)
 * @param writes logical writes
 * @param writesAcknowledged logical writes acknowledged
 * @param writesFailed logical writes that definitely failed
 * @param writesUnknown logical writes with an unknown outcome
 * @param unknownWritesPresent of the unknown ones, those some reader observed
 * @param unknownWritesAbsent of the unknown ones, those no reader observed
 * @param reads read operations
 * @param observations payloads observed over all reads
 * @param faultEvents fault events
 * @param historyComplete whether the history file was closed cleanly
 */
public record CheckerSummary(
    int streams,
    int streamsWithFinalRead,
    int operations,
    int ok,
    int fail,
    int info,
    int unfinished,
    int writes,
    int writesAcknowledged,
    int writesFailed,
    int writesUnknown,
    int unknownWritesPresent,
    int unknownWritesAbsent,
    int reads,
    long observations,
    int faultEvents,
    boolean historyComplete) {}
