package io.boxsync.core.schedule;

import io.boxsync.core.domain.TaskId;
import java.time.LocalDate;

/**
 * What triggers scheduling.
 *
 * @param kind  what happened
 * @param task  the task concerned, {@code null} for {@link Kind#RECALCULATE}
 * @param start its new start
 * @param end   its new end
 */
public record ScheduleChange(Kind kind, TaskId task, LocalDate start, LocalDate end) {

    /** The kinds of trigger. */
    public enum Kind { PERSON_MOVES, REMOTE_DATA, RECALCULATE }

    /** A person moves a task on the timeline; refused when its mode or a rule forbids it. */
    public static ScheduleChange personMoves(TaskId task, LocalDate start, LocalDate end) {
        return new ScheduleChange(Kind.PERSON_MOVES, task, start, end);
    }

    /**
     * The tool reports new dates for a task; a fact, never refused itself, but its cascade may be. The result holds
     * only the changes automation makes on top of the reported dates (see {@link Scheduler}).
     */
    public static ScheduleChange remoteData(TaskId task, LocalDate start, LocalDate end) {
        return new ScheduleChange(Kind.REMOTE_DATA, task, start, end);
    }

    /** Settle every rule on the current dates (after a full sync). */
    public static ScheduleChange recalculate() {
        return new ScheduleChange(Kind.RECALCULATE, null, null, null);
    }
}
