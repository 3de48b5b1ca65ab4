package io.boxsync.core.fakes;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts what the in-memory stores read, so tests can prove that work grows with the change, not with the Box:
 * task and dependency rows returned, store calls made, and WBS rows read (kept apart: the WBS planner reads the
 * whole tree by design). Thread-safe.
 */
public final class StoreMeter {
    private final AtomicLong taskRows = new AtomicLong();
    private final AtomicLong dependencyRows = new AtomicLong();
    private final AtomicLong wbsRows = new AtomicLong();
    private final AtomicLong calls = new AtomicLong();

    void tasks(long rows) {
        calls.incrementAndGet();
        taskRows.addAndGet(rows);
    }

    void dependencies(long rows) {
        calls.incrementAndGet();
        dependencyRows.addAndGet(rows);
    }

    void wbs(long rows) {
        calls.incrementAndGet();
        wbsRows.addAndGet(rows);
    }

    /** Task rows returned by task and Box-content reads since the last reset. */
    public long taskRows() {
        return taskRows.get();
    }

    /** Dependency rows returned since the last reset. */
    public long dependencyRows() {
        return dependencyRows.get();
    }

    /** WBS node rows read since the last reset. */
    public long wbsRows() {
        return wbsRows.get();
    }

    /** Metered store calls (task, content, dependency and WBS reads) since the last reset. */
    public long calls() {
        return calls.get();
    }

    public void reset() {
        taskRows.set(0);
        dependencyRows.set(0);
        wbsRows.set(0);
        calls.set(0);
    }
}
