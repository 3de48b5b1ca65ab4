package io.boxsync.core.domain;

import java.util.Objects;

/**
 * A dependency between two tasks, mirrored to a remote issue link where the connection maps one.
 *
 * @param id           storage id; {@code null} before it is stored
 * @param from         the predecessor
 * @param to           the successor
 * @param type         FS, SS, FF or SF
 * @param strong       whether scheduling enforces it (soft ones are only drawn)
 * @param lagDays      days between the two ends
 * @param remoteLinkId the tool's link id when mirrored, else {@code null}
 */
public record Dependency(DependencyId id, TaskId from, TaskId to, DependencyType type, boolean strong, int lagDays,
                         String remoteLinkId) {
    public Dependency {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(type, "type");
        if (from.equals(to)) {
            throw new IllegalArgumentException("a task cannot depend on itself");
        }
    }
}
