package io.boxsync.connector;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A change Boxsync asks the tool to make, always on behalf of a given account. Each write carries a
 * {@code writeId} that the connector attaches where the tool allows (Jira {@code historyMetadata}), so the echo of
 * the write coming back as a webhook can be recognized.
 */
public sealed interface RemoteWrite {

    /** Correlates this write with its echo; unique per write. */
    String writeId();

    /** The issue written. */
    IssueKey key();

    /** Set start and end dates through the field mapping; a {@code null} date clears the field. */
    record SetDates(String writeId, IssueKey key, LocalDate start, LocalDate end) implements RemoteWrite {
        public SetDates {
            Objects.requireNonNull(writeId, "writeId");
            Objects.requireNonNull(key, "key");
            if (start != null && end != null && end.isBefore(start)) {
                throw new IllegalArgumentException("end " + end + " is before start " + start);
            }
        }
    }

    /** Move the issue into another cadence (sprint, version, list); {@code null} target removes it from one. */
    record MoveToIteration(String writeId, IssueKey key, IterationRef target) implements RemoteWrite {
        public MoveToIteration {
            Objects.requireNonNull(writeId, "writeId");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(target, "target");
        }
    }

    /** Create a link of the given tool link type from {@code key} (outward) to {@code to} (inward). */
    record CreateLink(String writeId, IssueKey key, IssueKey to, String linkType, int lagDays) implements RemoteWrite {
        public CreateLink {
            Objects.requireNonNull(writeId, "writeId");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(linkType, "linkType");
        }
    }

    /** Delete a link by the tool's link id; {@code key} is either end. */
    record DeleteLink(String writeId, IssueKey key, String linkId) implements RemoteWrite {
        public DeleteLink {
            Objects.requireNonNull(writeId, "writeId");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(linkId, "linkId");
        }
    }
}
