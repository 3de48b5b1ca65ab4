package io.boxsync.core.diff;

import io.boxsync.connector.IssueKey;
import io.boxsync.connector.IterationRef;
import io.boxsync.connector.RemoteIssue;
import io.boxsync.core.domain.ConnectionId;
import io.boxsync.core.domain.Task;
import io.boxsync.core.domain.TaskMode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The difference between the stored tasks of one connection in a Box and the issues read by a complete full sync,
 * computed page by page so that 100,000 issues need no more memory than the stored index and the set of keys seen.
 *
 * <p>Use: create one per full sync run with {@link #against}, call {@link #page} for every page in reading order,
 * and only when <em>every</em> page was read successfully, call {@link #removed()} (a partial read must remove
 * nothing). An issue whose fields and tool update stamp equal the stored task is unchanged and writes nothing.
 *
 * <p>Not thread-safe: one run reads its pages in sequence.
 */
public final class TaskDiff {

    private final ConnectionId connection;
    private final Map<IssueKey, Task> stored;
    private final TaskMode defaultMode;
    private final Set<IssueKey> seen = new HashSet<>();
    private long added;
    private long updated;
    private long unchanged;

    private TaskDiff(ConnectionId connection, Map<IssueKey, Task> stored, TaskMode defaultMode) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.stored = Objects.requireNonNull(stored, "stored");
        this.defaultMode = Objects.requireNonNull(defaultMode, "defaultMode");
    }

    /**
     * Starts a diff.
     *
     * @param connection  the connection the issues come from
     * @param stored      the Box's stored tasks of that connection by key; read, never modified
     * @param defaultMode the Box's default task mode, given to new tasks
     */
    public static TaskDiff against(ConnectionId connection, Map<IssueKey, Task> stored, TaskMode defaultMode) {
        return new TaskDiff(connection, stored, defaultMode);
    }

    /** Compares one page of remote issues with the stored tasks. */
    public PageDiff page(List<RemoteIssue> issues) {
        List<Task> newTasks = new ArrayList<>();
        List<TaskUpdate> updates = new ArrayList<>();
        List<Task> restamped = new ArrayList<>();
        int same = 0;
        int duplicates = 0;
        for (RemoteIssue issue : issues) {
            if (!seen.add(issue.key())) {
                duplicates++;
                continue;
            }
            Task before = stored.get(issue.key());
            if (before == null) {
                newTasks.add(toTask(connection, issue, defaultMode));
                continue;
            }
            Task after = toTask(connection, issue, before.mode()).withId(before.id());
            List<FieldChange> changes = compare(before, after);
            if (!changes.isEmpty()) {
                updates.add(new TaskUpdate(before, after, changes));
            } else {
                if (!Objects.equals(before.remoteUpdated(), after.remoteUpdated())) {
                    restamped.add(after);
                }
                same++;
            }
        }
        added += newTasks.size();
        updated += updates.size();
        unchanged += same;
        return new PageDiff(newTasks, updates, restamped, same, duplicates);
    }

    /** The stored tasks whose issue was on no page. Call only after every page of the scope was read. */
    public List<Task> removed() {
        return stored.entrySet().stream().filter(e -> !seen.contains(e.getKey())).map(Map.Entry::getValue).toList();
    }

    /** The counts so far; {@code removed} counts the stored tasks not seen yet. */
    public DiffCounts counts() {
        long removedCount = stored.keySet().stream().filter(key -> !seen.contains(key)).count();
        return new DiffCounts(added, updated, removedCount, unchanged);
    }

    /** Maps a remote issue to a task that is not stored yet (no id). */
    public static Task toTask(ConnectionId connection, RemoteIssue issue, TaskMode mode) {
        return new Task(null, connection, issue.key(), issue.summary() == null ? "" : issue.summary(),
                issue.projectKey(), issue.issueType(), issue.status(), issue.statusCategory(), issue.assigneeId(),
                issue.assigneeName(), issue.start(), issue.end(), issue.estimateSeconds(), issue.storyPoints(),
                issue.iterations(), issue.components(), issue.labels(), issue.parentKey(), issue.epicKey(), mode,
                issue.updated());
    }

    /** The mirrored fields that differ between two tasks, in a fixed order; the update stamp is not a field. */
    public static List<FieldChange> compare(Task before, Task after) {
        List<FieldChange> changes = new ArrayList<>();
        field(changes, "summary", before, after, Task::summary, Function.identity());
        field(changes, "status", before, after, Task::status, Function.identity());
        field(changes, "statusCategory", before, after, Task::statusCategory, Enum::name);
        field(changes, "assignee", before, after, TaskDiff::assignee, Function.identity());
        field(changes, "start", before, after, Task::start, Object::toString);
        field(changes, "end", before, after, Task::end, Object::toString);
        field(changes, "estimate", before, after, Task::estimateSeconds, Object::toString);
        field(changes, "storyPoints", before, after, Task::storyPoints,
                points -> BigDecimal.valueOf(points).stripTrailingZeros().toPlainString());
        field(changes, "iterations", before, after, Task::iterations, TaskDiff::iterationsText);
        field(changes, "components", before, after, Task::components, TaskDiff::listText);
        field(changes, "labels", before, after, Task::labels, TaskDiff::listText);
        field(changes, "parentKey", before, after, Task::parentKey, IssueKey::value);
        field(changes, "epicKey", before, after, Task::epicKey, IssueKey::value);
        field(changes, "projectKey", before, after, Task::projectKey, Function.identity());
        field(changes, "issueType", before, after, Task::issueType, Function.identity());
        return changes;
    }

    private static <V> void field(List<FieldChange> changes, String name, Task before, Task after,
                                  Function<Task, V> getter, Function<V, String> text) {
        V old = getter.apply(before);
        V now = getter.apply(after);
        if (!Objects.equals(old, now)) {
            changes.add(new FieldChange(name, old == null ? null : text.apply(old), now == null ? null : text.apply(now)));
        }
    }

    private static String assignee(Task task) {
        if (task.assigneeId() == null && task.assigneeName() == null) {
            return null;
        }
        return (task.assigneeName() == null ? "" : task.assigneeName()) + " <" + Objects.toString(task.assigneeId(), "")
                + ">";
    }

    private static String listText(List<String> values) {
        return values.isEmpty() ? null : String.join(", ", values);
    }

    private static String iterationsText(List<IterationRef> iterations) {
        return iterations.isEmpty() ? null : iterations.stream()
                .map(i -> i.kind() + " " + i.id() + (i.name().isEmpty() ? "" : " " + i.name()))
                .collect(Collectors.joining(", "));
    }
}
