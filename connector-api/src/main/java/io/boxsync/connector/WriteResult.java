package io.boxsync.connector;

import java.util.Objects;

/**
 * What the tool made of a write.
 *
 * @param writeId  the write's id
 * @param issue    the issue as the tool holds it after the write (fetched again), so the engine stores the truth
 * @param createdId the id the tool gave a created object (a link), else empty
 */
public record WriteResult(String writeId, RemoteIssue issue, String createdId) {
    public WriteResult {
        Objects.requireNonNull(writeId, "writeId");
        Objects.requireNonNull(issue, "issue");
        createdId = createdId == null ? "" : createdId;
    }
}
