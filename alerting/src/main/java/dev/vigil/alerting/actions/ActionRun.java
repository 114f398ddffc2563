package dev.vigil.alerting.actions;

import java.time.Instant;

/**
 * The audit record of one triggered action, whatever happened.
 *
 * @param id a unique id
 * @param action the action's name
 * @param kind {@code exec} or {@code http}
 * @param receiver the receiver that triggered it
 * @param groupKey the alert group that triggered it
 * @param status the alert group's status at the time ({@code firing} or {@code resolved})
 * @param result {@code ok}, {@code failed}, {@code timeout}, {@code rate_limited}, {@code
 *     concurrency_limited} or {@code dry_run}
 * @param startedAt when the run started (or was refused)
 * @param durationMillis how long it ran
 * @param exitCode the process's exit code ({@code exec}), else -1
 * @param httpStatus the answer's status ({@code http}), else 0
 * @param alerts how many alerts the group held
 * @param output the start of the command's output or of the response body
 * @param detail what was run or why not
 */
public record ActionRun(
    String id,
    String action,
    String kind,
    String receiver,
    String groupKey,
    String status,
    String result,
    Instant startedAt,
    long durationMillis,
    int exitCode,
    int httpStatus,
    int alerts,
    String output,
    String detail) {}
