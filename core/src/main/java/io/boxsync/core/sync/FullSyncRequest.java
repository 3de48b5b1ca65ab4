package io.boxsync.core.sync;

import io.boxsync.core.domain.BoxId;
import io.boxsync.core.domain.UserId;

import java.util.Objects;

/**
 * A request for one full sync of one Box.
 *
 * @param box                    the Box
 * @param requester              who asked; {@code null} for the system
 * @param continueWithoutReindex a Box admin's explicit choice to run despite a corrupted tool index (this run only)
 * @param confirmRemovals        a Box admin's confirmation of a held mass removal (overrides the blast-radius guard
 *                               for this run only)
 * @param cause                  a readable cause for the history ({@code "opened in GANTT"}, {@code "re-sync"})
 */
public record FullSyncRequest(BoxId box, io.boxsync.core.domain.UserId requester, boolean continueWithoutReindex,
                              boolean confirmRemovals, String cause) {
    public FullSyncRequest {
        Objects.requireNonNull(box, "box");
        cause = cause == null || cause.isBlank() ? "full sync" : cause;
    }

    /** A plain request, guards in force. */
    public static FullSyncRequest of(BoxId box, UserId requester, String cause) {
        return new FullSyncRequest(box, requester, false, false, cause);
    }
}
