package io.boxsync.core.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One applied difference, with everything needed to say who, why and what (S6).
 *
 * @param id        storage id; {@code null} before it is stored
 * @param at        when it was applied
 * @param origin    the sync path
 * @param kind      what it did
 * @param box       the Box it concerns; {@code null} for changes of a task itself (seen by every Box holding it)
 * @param task      the task it concerns, or {@code null}
 * @param field     the changed field for updates ({@code "start"}, {@code "summary"}...), else empty
 * @param oldValue  the value before, as text, {@code null} when none
 * @param newValue  the value after, as text, {@code null} when none
 * @param author    who it is attributed to
 * @param requester the Boxsync user who asked for the run or action, {@code null} for tool events
 * @param run       the sync run that applied it, {@code null} for actions and events
 * @param cause     a readable cause: {@code "full sync #12"}, {@code "action a1b2"}, {@code "event 5f3e…"}
 */
public record Change(
        ChangeId id,
        Instant at,
        ChangeOrigin origin,
        ChangeKind kind,
        BoxId box,
        TaskId task,
        String field,
        String oldValue,
        String newValue,
        Author author,
        UserId requester,
        SyncRunId run,
        String cause) {

    public Change {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(author, "author");
        field = field == null ? "" : field;
        cause = cause == null ? "" : cause;
    }
}
