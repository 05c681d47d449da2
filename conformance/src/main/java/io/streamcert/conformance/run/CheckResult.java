package io.streamcert.conformance.run;

import java.util.List;

/**
 * One check's verdict.
 *
 * @param id the check's stable id ({@code [n]} appended for parameterized invocations)
 * @param area the protocol area, such as {@code Create}
 * @param title the check's name as a rule
 * @param requirements the catalog ids it covers
 * @param feature the feature it needs
 * @param durationMillis how long it ran
 * @param message on failure, what was expected and what came; on skip, why
 * @param evidence on failure, the last exchanges (request and response) of the check
 */
public record CheckResult(
    String id,
    String area,
    String title,
    List<String> requirements,
    String feature,
    CheckStatus status,
    long durationMillis,
    String message,
    List<String> evidence) {}
