package io.boxsync.core.port;

import io.boxsync.connector.IterationRef;
import io.boxsync.core.domain.BoxId;
import io.boxsync.core.domain.Task;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

/**
 * The read path of opening a Box: its tasks one row at a time with only what the Box's contents show, and a version
 * that changes whenever anything the contents show changes, so a client that already holds them can be answered
 * "not modified" without reading them. Bound to one transaction like the other stores of {@link Stores}; not
 * thread-safe; reads only.
 */
public interface BoxContentsReader {

    /**
     * An opaque version of what the Box's contents show: its tasks, WBS nodes, dependencies and the iterations of its
     * connections. Equal versions mean equal contents; any committed change to one of them gives a different version
     * (a change that restores an earlier state may or may not give the earlier version back). Read it <em>before</em>
     * the contents in the same transaction: then the contents are never older than the version.
     *
     * @return never null; empty Boxes and Boxes that do not exist have a version too
     */
    String version(BoxId box);

    /** Calls {@code each} for every task of the Box in id order, without building {@link Task} records. */
    void tasks(BoxId box, Consumer<TaskRow> each);

    /**
     * One task as the contents show it (the fields of {@link Task} a module needs; components, labels and the
     * remote update time are left out). Nullable exactly where the {@link Task} field is.
     */
    record TaskRow(long id, Long connectionId, String key, String summary, String projectKey, String issueType,
                   String status, String statusCategory, String assigneeId, String assigneeName, LocalDate start,
                   LocalDate end, Long estimateSeconds, Double storyPoints, List<IterationRef> iterations,
                   String parentKey, String epicKey, String mode) {

        /** The row of a task record. */
        public static TaskRow of(Task t) {
            return new TaskRow(t.id().value(), t.connection() == null ? null : t.connection().value(),
                    t.key() == null ? null : t.key().value(), t.summary(), t.projectKey(), t.issueType(), t.status(),
                    t.statusCategory().name(), t.assigneeId(), t.assigneeName(), t.start(), t.end(),
                    t.estimateSeconds(), t.storyPoints(), t.iterations(),
                    t.parentKey() == null ? null : t.parentKey().value(),
                    t.epicKey() == null ? null : t.epicKey().value(), t.mode().name());
        }
    }

    /**
     * The reader of any {@link Stores}: reads the domain records and hashes them for the version. Correct but as slow
     * as the stores it reads; storage implementations answer with a faster reader of their own.
     */
    static BoxContentsReader over(Stores stores) {
        return new BoxContentsReader() {
            @Override
            public String version(BoxId box) {
                try {
                    MessageDigest digest = MessageDigest.getInstance("SHA-256");
                    List<Task> tasks = stores.contents().tasks(box);
                    digest.update(tasks.toString().getBytes(StandardCharsets.UTF_8));
                    digest.update(stores.contents().wbs(box).toString().getBytes(StandardCharsets.UTF_8));
                    digest.update(stores.dependencies().ofBox(box).toString().getBytes(StandardCharsets.UTF_8));
                    tasks.stream().map(Task::connection).filter(java.util.Objects::nonNull).distinct().sorted()
                            .forEach(c -> digest.update(stores.iterations().of(c).toString()
                                    .getBytes(StandardCharsets.UTF_8)));
                    return HexFormat.of().formatHex(digest.digest());
                } catch (NoSuchAlgorithmException e) {
                    throw new IllegalStateException("SHA-256 is part of every Java platform", e);
                }
            }

            @Override
            public void tasks(BoxId box, Consumer<TaskRow> each) {
                stores.contents().tasks(box).forEach(t -> each.accept(TaskRow.of(t)));
            }
        };
    }
}
