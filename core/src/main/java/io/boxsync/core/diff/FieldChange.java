package io.boxsync.core.diff;

import java.util.Objects;

/**
 * One field of a task that differs between Boxsync and the tool, as text for the change history (S6).
 *
 * @param field    the field name: {@code summary}, {@code status}, {@code statusCategory}, {@code assignee},
 *                 {@code start}, {@code end}, {@code estimate}, {@code storyPoints}, {@code iterations},
 *                 {@code components}, {@code labels}, {@code parentKey}, {@code epicKey}, {@code projectKey},
 *                 {@code issueType}
 * @param oldValue the stored value, {@code null} when there was none
 * @param newValue the tool's value, {@code null} when there is none
 */
public record FieldChange(String field, String oldValue, String newValue) {
    public FieldChange {
        Objects.requireNonNull(field, "field");
    }
}
