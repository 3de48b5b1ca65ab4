package io.boxsync.core.sync;

import io.boxsync.connector.IterationRef;
import io.boxsync.connector.RemoteIssue;
import io.boxsync.core.domain.ConnectionId;
import io.boxsync.core.domain.Task;
import io.boxsync.core.domain.TaskId;
import io.boxsync.core.domain.TaskMode;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** Maps remote issues to tasks and compares tasks field by field. Pure; thread-safe. */
public final class TaskFields {

    /** One changed field of a task, values as text ({@code null} when none). */
    public record FieldChange(String field, String oldValue, String newValue) {
    }

    private TaskFields() {
    }

    /** A task mirroring the issue; keeps the id and mode of {@code stored} when given, else uses {@code mode}. */
    public static Task fromRemote(ConnectionId connection, RemoteIssue issue, Task stored, TaskMode mode) {
        TaskId id = stored == null ? null : stored.id();
        TaskMode taskMode = stored == null ? mode : stored.mode();
        return new Task(id, connection, issue.key(), issue.summary() == null ? "" : issue.summary(),
                issue.projectKey(), issue.issueType(), issue.status(), issue.statusCategory(), issue.assigneeId(),
                issue.assigneeName(), issue.start(), issue.end(), issue.estimateSeconds(), issue.storyPoints(),
                issue.iterations(), issue.components(), issue.labels(), issue.parentKey(), issue.epicKey(), taskMode,
                issue.updated());
    }

    /** The incoming remote state of a task, keeping the stored task's id and mode. */
    public static Task fromRemoteTask(Task incoming, Task stored) {
        return new Task(stored.id(), incoming.connection(), incoming.key(), incoming.summary(), incoming.projectKey(),
                incoming.issueType(), incoming.status(), incoming.statusCategory(), incoming.assigneeId(),
                incoming.assigneeName(), incoming.start(), incoming.end(), incoming.estimateSeconds(),
                incoming.storyPoints(), incoming.iterations(), incoming.components(), incoming.labels(),
                incoming.parentKey(), incoming.epicKey(), stored.mode(), incoming.remoteUpdated());
    }

    /** The mirrored fields that differ, in a fixed order; the update stamp and the mode are not fields. */
    public static List<FieldChange> changes(Task before, Task after) {
        List<FieldChange> out = new ArrayList<>();
        add(out, "summary", before.summary(), after.summary());
        add(out, "projectKey", before.projectKey(), after.projectKey());
        add(out, "issueType", before.issueType(), after.issueType());
        add(out, "status", before.status(), after.status());
        add(out, "statusCategory", before.statusCategory(), after.statusCategory());
        add(out, "assignee", before.assigneeId(), after.assigneeId());
        add(out, "start", before.start(), after.start());
        add(out, "end", before.end(), after.end());
        add(out, "estimateSeconds", before.estimateSeconds(), after.estimateSeconds());
        add(out, "storyPoints", before.storyPoints(), after.storyPoints());
        add(out, "iterations", iterationsText(before.iterations()), iterationsText(after.iterations()));
        add(out, "components", before.components(), after.components());
        add(out, "labels", before.labels(), after.labels());
        add(out, "parentKey", before.parentKey(), after.parentKey());
        add(out, "epicKey", before.epicKey(), after.epicKey());
        return out;
    }

    /** A task's value of one field as text, as {@link #changes} reports it. */
    public static String valueOf(Task task, String field) {
        return switch (field) {
            case "start" -> text(task.start());
            case "end" -> text(task.end());
            case "iterations" -> iterationsText(task.iterations());
            case "summary" -> task.summary();
            case "status" -> task.status();
            case "assignee" -> task.assigneeId();
            default -> changes(blankLike(task), task).stream().filter(c -> c.field().equals(field))
                    .map(FieldChange::newValue).findFirst().orElse(null);
        };
    }

    /** Copies the named fields' values of {@code source} into {@code target} (the fields {@link #changes} names). */
    public static Task withFields(Task target, Task source, java.util.Set<String> fields) {
        return new Task(target.id(), target.connection(), target.key(),
                pick(fields, "summary", target.summary(), source.summary()),
                pick(fields, "projectKey", target.projectKey(), source.projectKey()),
                pick(fields, "issueType", target.issueType(), source.issueType()),
                pick(fields, "status", target.status(), source.status()),
                pick(fields, "statusCategory", target.statusCategory(), source.statusCategory()),
                pick(fields, "assignee", target.assigneeId(), source.assigneeId()),
                pick(fields, "assignee", target.assigneeName(), source.assigneeName()),
                pick(fields, "start", target.start(), source.start()),
                pick(fields, "end", target.end(), source.end()),
                pick(fields, "estimateSeconds", target.estimateSeconds(), source.estimateSeconds()),
                pick(fields, "storyPoints", target.storyPoints(), source.storyPoints()),
                pick(fields, "iterations", target.iterations(), source.iterations()),
                pick(fields, "components", target.components(), source.components()),
                pick(fields, "labels", target.labels(), source.labels()),
                pick(fields, "parentKey", target.parentKey(), source.parentKey()),
                pick(fields, "epicKey", target.epicKey(), source.epicKey()),
                target.mode(), source.remoteUpdated());
    }

    /** Iterations as text: {@code "SPRINT:12,VERSION:3"}, sorted. */
    public static String iterationsText(List<IterationRef> refs) {
        return refs.stream().map(r -> r.kind() + ":" + r.id()).sorted().collect(Collectors.joining(","));
    }

    static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static <T> T pick(java.util.Set<String> fields, String field, T keep, T take) {
        return fields.contains(field) ? take : keep;
    }

    private static Task blankLike(Task task) {
        return new Task(task.id(), task.connection(), task.key(), "", null, null, null, null, null, null, null, null,
                null, null, List.of(), List.of(), List.of(), null, null, task.mode(), task.remoteUpdated());
    }

    private static void add(List<FieldChange> out, String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            out.add(new FieldChange(field, text(before), text(after)));
        }
    }
}
