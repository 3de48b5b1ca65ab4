package io.boxsync.core.sync;

import io.boxsync.core.domain.SyncRun;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a full-sync request ended.
 *
 * @param status what happened
 * @param run    the run record, when a run was started (never for {@link Status#REFUSED} or {@link Status#SKIPPED})
 * @param reason why it was refused, skipped, aborted or held; empty when completed
 * @param phases milliseconds per phase of the run (lock wait, remote read, diff, writes, WBS, dates, history...), in
 *               the order they ran; empty when the request did not run (refused, skipped, joined another run)
 */
public record FullSyncResult(Status status, Optional<SyncRun> run, String reason, Map<String, Long> phases) {

    /** What happened to the request. */
    public enum Status {
        /** Read and applied. */
        COMPLETED,
        /** Started but stopped without removing anything (corrupted index, failed read, error). */
        ABORTED,
        /** Read completely but held by the blast-radius guard; a Box admin must confirm or discard. */
        HELD,
        /** Not started: the requester may not, or the Box cannot be synced as asked. */
        REFUSED,
        /** Not started because there is nothing to do (a closed Box is never synchronized). */
        SKIPPED
    }

    public FullSyncResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(run, "run");
        reason = reason == null ? "" : reason;
        phases = phases == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(phases));
    }

    public FullSyncResult(Status status, Optional<SyncRun> run, String reason) {
        this(status, run, reason, Map.of());
    }

    /** This result with the run's phase timings. */
    public FullSyncResult withPhases(Map<String, Long> timings) {
        return new FullSyncResult(status, run, reason, timings);
    }

    /** The result a finished run record stands for. */
    public static FullSyncResult of(SyncRun run) {
        Status status = switch (run.outcome()) {
            case COMPLETED -> Status.COMPLETED;
            case HELD -> Status.HELD;
            case ABORTED, DISCARDED, RUNNING -> Status.ABORTED;
        };
        return new FullSyncResult(status, Optional.of(run), run.reason());
    }

    public static FullSyncResult refused(String reason) {
        return new FullSyncResult(Status.REFUSED, Optional.empty(), Objects.requireNonNull(reason, "reason"));
    }

    public static FullSyncResult skipped(String reason) {
        return new FullSyncResult(Status.SKIPPED, Optional.empty(), Objects.requireNonNull(reason, "reason"));
    }

    public boolean isCompleted() {
        return status == Status.COMPLETED;
    }
}
