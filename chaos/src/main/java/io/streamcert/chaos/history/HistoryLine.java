package io.streamcert.chaos.history;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One line of {@code history.jsonl}; the {@code type} property says which. The first line is the
 * header, the last (after a clean close) the end marker; in between, invocations, completed
 * operations and fault events in the order they happened.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = HistoryHeader.class, name = "history"),
    @JsonSubTypes.Type(value = Invocation.class, name = "invoke"),
    @JsonSubTypes.Type(value = Operation.class, name = "op"),
    @JsonSubTypes.Type(value = FaultEvent.class, name = "fault"),
    @JsonSubTypes.Type(value = HistoryEnd.class, name = "end")})
sealed interface HistoryLine permits HistoryHeader, Invocation, Operation, FaultEvent, HistoryEnd {}
