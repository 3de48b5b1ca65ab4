package io.boxsync.connector;

import java.util.Map;
import java.util.Objects;

/**
 * Which tool fields hold what Boxsync plans with, per connection.
 *
 * @param startField       the field holding the start date (Jira custom field id such as
 *                         {@code customfield_10015}; ignored by tools with a fixed start field)
 * @param endField         the field holding the end date ({@code duedate} by default)
 * @param endFromEstimate  when true, end = start + original estimate instead of a date field
 * @param storyPointsField the story points field, empty for none
 * @param dependencyTypes  tool link type name to dependency type: {@code "Blocks" -> "FS"}
 * @param iterationKind    which cadence the Roadmap moves cards between
 */
public record FieldMapping(
        String startField,
        String endField,
        boolean endFromEstimate,
        String storyPointsField,
        Map<String, String> dependencyTypes,
        IterationRef.Kind iterationKind) {

    public FieldMapping {
        startField = startField == null ? "" : startField;
        endField = endField == null || endField.isBlank() ? "duedate" : endField;
        storyPointsField = storyPointsField == null ? "" : storyPointsField;
        dependencyTypes = Map.copyOf(dependencyTypes == null ? Map.of() : dependencyTypes);
        Objects.requireNonNull(iterationKind, "iterationKind");
    }

    /** Jira's usual mapping: Start date custom field, due date, "Blocks" as finish-to-start, sprints. */
    public static FieldMapping jiraDefaults(String startField) {
        return new FieldMapping(startField, "duedate", false, "", Map.of("Blocks", "FS"), IterationRef.Kind.SPRINT);
    }
}
