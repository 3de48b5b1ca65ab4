package io.boxsync.core.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * The record of one full or incremental sync of a Box.
 *
 * @param id            storage id
 * @param box           the Box
 * @param origin        {@link ChangeOrigin#FULL} or {@link ChangeOrigin#INCREMENTAL}
 * @param requester     the user who asked, {@code null} for scheduled runs
 * @param startedAt     when it started
 * @param finishedAt    when it ended, {@code null} while running
 * @param outcome       how it ended, {@link Outcome#RUNNING} while running
 * @param reason        why it was aborted or held, empty otherwise
 * @param counts        what it changed
 * @param pagesRead     pages read so far
 * @param pagesTotal    pages expected in all, {@code -1} when the tool does not say
 * @param indexOverride whether a Box admin chose to continue despite a corrupted index for this run
 */
public record SyncRun(
        SyncRunId id,
        BoxId box,
        ChangeOrigin origin,
        UserId requester,
        Instant startedAt,
        Instant finishedAt,
        Outcome outcome,
        String reason,
        Counts counts,
        int pagesRead,
        int pagesTotal,
        boolean indexOverride) {

    /** How a run ended. */
    public enum Outcome {
        /** Still running. */
        RUNNING,
        /** Everything read and applied. */
        COMPLETED,
        /** Stopped before applying anything that removes: a failed read, a corrupted index, an error. */
        ABORTED,
        /** Read completely, but held by a guard (blast radius) until a Box admin confirms or discards it. */
        HELD,
        /** A held run a Box admin discarded. */
        DISCARDED
    }

    /** What a run changed. */
    public record Counts(int added, int updated, int removed, int unchanged) {
        public static final Counts NONE = new Counts(0, 0, 0, 0);

        public int total() {
            return added + updated + removed + unchanged;
        }
    }

    public SyncRun {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(box, "box");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(outcome, "outcome");
        reason = reason == null ? "" : reason;
        counts = counts == null ? Counts.NONE : counts;
    }

    public boolean isFinished() {
        return outcome != Outcome.RUNNING;
    }
}
