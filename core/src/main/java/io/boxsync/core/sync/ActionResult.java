package io.boxsync.core.sync;

import io.boxsync.core.domain.Change;

import java.util.List;
import java.util.Objects;

/**
 * How a person's action in Boxsync (S5) ended.
 *
 * @param applied whether it was written to the tool (where the task mirrors one) and stored
 * @param reason  why it was refused, else empty
 * @param changes the changes it recorded, empty when refused
 */
public record ActionResult(boolean applied, String reason, List<Change> changes) {
    public ActionResult {
        reason = reason == null ? "" : reason;
        changes = List.copyOf(changes == null ? List.of() : changes);
    }

    public static ActionResult applied(List<Change> changes) {
        return new ActionResult(true, "", changes);
    }

    public static ActionResult refused(String reason) {
        return new ActionResult(false, Objects.requireNonNull(reason, "reason"), List.of());
    }

    public boolean isRefused() {
        return !applied;
    }
}
