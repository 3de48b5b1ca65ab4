package io.boxsync.core.schedule;

import java.util.List;
import java.util.Objects;

/**
 * What scheduling decided: the date changes to apply together (one action), or a refusal with a reason for the
 * person, in which case nothing may be written.
 *
 * @param applied whether the change is accepted
 * @param changes the date changes, by task id; empty when refused
 * @param reason  why it was refused; empty when applied
 */
public record ScheduleResult(boolean applied, List<DateChange> changes, String reason) {
    public ScheduleResult {
        changes = List.copyOf(changes);
        Objects.requireNonNull(reason, "reason");
    }

    /** The change is accepted; write these dates. */
    public static ScheduleResult applied(List<DateChange> changes) {
        return new ScheduleResult(true, changes, "");
    }

    /** The change is refused; write nothing. */
    public static ScheduleResult refused(String reason) {
        return new ScheduleResult(false, List.of(), reason);
    }

    /** Whether the change is accepted and moves nothing. */
    public boolean changesNothing() {
        return applied && changes.isEmpty();
    }
}
