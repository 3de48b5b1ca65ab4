package io.boxsync.core.domain;

import io.boxsync.connector.IssueKey;
import io.boxsync.connector.IterationRef;
import io.boxsync.connector.StatusCategory;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * A task. It either mirrors one remote issue ({@code connection} and {@code key} set) or is a basic task that lives
 * only in Boxsync (both {@code null}). A task exists once, whatever the number of Boxes holding it, so it has the
 * same dates in every Box.
 *
 * @param id             storage id; {@code null} before the task is first stored
 * @param connection     the connection of the mirrored issue, {@code null} for a basic task
 * @param key            the mirrored issue's key, {@code null} for a basic task
 * @param summary        title
 * @param projectKey     the remote project / board / Redmine project
 * @param issueType      type name
 * @param status         the tool's status name
 * @param statusCategory coarse status; Done tasks are never moved by automation
 * @param assigneeId     remote account id of the assignee, or {@code null}
 * @param assigneeName   assignee display name, or {@code null}
 * @param start          start date, or {@code null}
 * @param end            end date, or {@code null}
 * @param estimateSeconds original estimate, or {@code null}
 * @param storyPoints    story points, or {@code null}
 * @param iterations     cadences the issue belongs to
 * @param components     components
 * @param labels         labels
 * @param parentKey      parent issue, or {@code null}
 * @param epicKey        epic, or {@code null}
 * @param mode           how automation may move it
 * @param remoteUpdated  the tool's update stamp of the state mirrored, {@code null} for basic tasks
 */
public record Task(
        TaskId id,
        ConnectionId connection,
        IssueKey key,
        String summary,
        String projectKey,
        String issueType,
        String status,
        StatusCategory statusCategory,
        String assigneeId,
        String assigneeName,
        LocalDate start,
        LocalDate end,
        Long estimateSeconds,
        Double storyPoints,
        List<IterationRef> iterations,
        List<String> components,
        List<String> labels,
        IssueKey parentKey,
        IssueKey epicKey,
        TaskMode mode,
        Instant remoteUpdated) {

    public Task {
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(mode, "mode");
        if ((connection == null) != (key == null)) {
            throw new IllegalArgumentException("a task mirrors an issue with both connection and key, or neither");
        }
        statusCategory = statusCategory == null ? StatusCategory.TO_DO : statusCategory;
        iterations = List.copyOf(iterations == null ? List.of() : iterations);
        components = List.copyOf(components == null ? List.of() : components);
        labels = List.copyOf(labels == null ? List.of() : labels);
    }

    public boolean isBasic() {
        return key == null;
    }

    public boolean isDone() {
        return statusCategory == StatusCategory.DONE;
    }

    public Task withId(TaskId newId) {
        return new Task(newId, connection, key, summary, projectKey, issueType, status, statusCategory, assigneeId,
                assigneeName, start, end, estimateSeconds, storyPoints, iterations, components, labels, parentKey,
                epicKey, mode, remoteUpdated);
    }

    public Task withDates(LocalDate newStart, LocalDate newEnd) {
        return new Task(id, connection, key, summary, projectKey, issueType, status, statusCategory, assigneeId,
                assigneeName, newStart, newEnd, estimateSeconds, storyPoints, iterations, components, labels,
                parentKey, epicKey, mode, remoteUpdated);
    }

    public Task withMode(TaskMode newMode) {
        return new Task(id, connection, key, summary, projectKey, issueType, status, statusCategory, assigneeId,
                assigneeName, start, end, estimateSeconds, storyPoints, iterations, components, labels, parentKey,
                epicKey, newMode, remoteUpdated);
    }
}
