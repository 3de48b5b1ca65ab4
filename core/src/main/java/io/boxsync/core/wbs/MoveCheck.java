package io.boxsync.core.wbs;

import java.util.List;
import java.util.Objects;

/**
 * Whether a person may move a task in the WBS by hand.
 *
 * @param allowed whether the move agrees with the Box's builders
 * @param writes  the tool fields to change so the builders keep the task where it was put (empty when allowed
 *                without writes, or refused)
 * @param reason  why the move is refused, for the person; empty when allowed
 */
public record MoveCheck(boolean allowed, List<WbsWrite> writes, String reason) {
    public MoveCheck {
        writes = List.copyOf(writes);
        Objects.requireNonNull(reason, "reason");
    }

    /** The move agrees with the builders once {@code writes} are made in the tool. */
    public static MoveCheck allowed(List<WbsWrite> writes) {
        return new MoveCheck(true, writes, "");
    }

    /** The move contradicts a builder; nothing may be written. */
    public static MoveCheck refused(String reason) {
        return new MoveCheck(false, List.of(), reason);
    }
}
