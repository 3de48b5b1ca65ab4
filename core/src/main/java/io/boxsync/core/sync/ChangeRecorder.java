package io.boxsync.core.sync;

import io.boxsync.core.domain.Author;
import io.boxsync.core.domain.BoxId;
import io.boxsync.core.domain.Change;
import io.boxsync.core.domain.ChangeKind;
import io.boxsync.core.domain.ChangeOrigin;
import io.boxsync.core.domain.SyncRunId;
import io.boxsync.core.domain.TaskId;
import io.boxsync.core.domain.UserId;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Collects the changes of one run, event or action, all with the same origin, author, requester and cause. */
final class ChangeRecorder {
    private final Instant at;
    private final ChangeOrigin origin;
    private final Author author;
    private final UserId requester;
    private final SyncRunId run;
    private final String cause;
    private final List<Change> changes = new ArrayList<>();

    ChangeRecorder(Instant at, ChangeOrigin origin, Author author, UserId requester, SyncRunId run, String cause) {
        this.at = at;
        this.origin = origin;
        this.author = author;
        this.requester = requester;
        this.run = run;
        this.cause = cause;
    }

    void add(ChangeKind kind, BoxId box, TaskId task, String field, String oldValue, String newValue) {
        changes.add(new Change(null, at, origin, kind, box, task, field, oldValue, newValue, author, requester, run,
                cause));
    }

    /** Task-level field changes: seen by every Box holding the task, so recorded without a Box. */
    void fields(TaskId task, List<TaskFields.FieldChange> diff) {
        for (TaskFields.FieldChange c : diff) {
            add(ChangeKind.TASK_UPDATED, null, task, c.field(), c.oldValue(), c.newValue());
        }
    }

    List<Change> changes() {
        return List.copyOf(changes);
    }

    boolean isEmpty() {
        return changes.isEmpty();
    }
}
