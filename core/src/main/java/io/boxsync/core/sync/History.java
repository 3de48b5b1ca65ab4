package io.boxsync.core.sync;

import io.boxsync.core.domain.BoxId;
import io.boxsync.core.domain.Change;
import io.boxsync.core.domain.ChangeId;
import io.boxsync.core.domain.TaskId;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** S6: a Box's and a task's history, newest first, in pages. Thread-safe. */
public final class History {

    /**
     * One page of history.
     *
     * @param changes the changes, newest first
     * @param next    pass as {@code before} to get the next (older) page; empty on the last page
     */
    public record HistoryPage(List<Change> changes, Optional<ChangeId> next) {
        public HistoryPage {
            changes = List.copyOf(changes);
        }
    }

    private static final int MAX_PAGE = 500;
    private final SyncEnvironment env;

    public History(SyncEnvironment env) {
        this.env = Objects.requireNonNull(env, "env");
    }

    /** A page of the Box's history: its own changes and those of the tasks it holds. */
    public HistoryPage ofBox(BoxId box, int limit, Optional<ChangeId> before) {
        int size = clamp(limit);
        return page(env.tx().inTransaction(s -> s.changes().ofBox(box, size + 1, before)), size);
    }

    /** A page of the task's history. */
    public HistoryPage ofTask(TaskId task, int limit, Optional<ChangeId> before) {
        int size = clamp(limit);
        return page(env.tx().inTransaction(s -> s.changes().ofTask(task, size + 1, before)), size);
    }

    private static int clamp(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("a history page holds at least one change, not " + limit);
        }
        return Math.min(limit, MAX_PAGE);
    }

    private static HistoryPage page(List<Change> fetched, int size) {
        if (fetched.size() <= size) {
            return new HistoryPage(fetched, Optional.empty());
        }
        List<Change> page = fetched.subList(0, size);
        return new HistoryPage(page, Optional.of(page.get(size - 1).id()));
    }
}
