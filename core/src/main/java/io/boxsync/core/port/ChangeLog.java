package io.boxsync.core.port;

import io.boxsync.core.domain.BoxId;
import io.boxsync.core.domain.Change;
import io.boxsync.core.domain.ChangeId;
import io.boxsync.core.domain.TaskId;
import java.util.List;
import java.util.Optional;

/** The append-only history of changes (S6). */
public interface ChangeLog {

    /** Appends changes (ids {@code null}) in order. */
    void append(List<Change> changes);

    /**
     * A Box's history, newest first: changes recorded for the Box and changes of tasks it holds now.
     *
     * @param before only changes older than this one (paging); empty for the newest
     */
    List<Change> ofBox(BoxId box, int limit, Optional<ChangeId> before);

    /** A task's history, newest first. */
    List<Change> ofTask(TaskId task, int limit, Optional<ChangeId> before);
}
