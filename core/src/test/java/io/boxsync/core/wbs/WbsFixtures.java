package io.boxsync.core.wbs;

import io.boxsync.connector.IssueKey;
import io.boxsync.connector.IterationRef;
import io.boxsync.core.domain.ConnectionId;
import io.boxsync.core.domain.Task;
import io.boxsync.core.domain.TaskId;
import io.boxsync.core.domain.TaskMode;
import java.util.List;

/** Small builders of test tasks. */
final class WbsFixtures {

    static final ConnectionId JIRA = ConnectionId.of(1);

    private WbsFixtures() {
    }

    static Task issue(long id, String key, String project, String parent, String epic, String sprint) {
        List<IterationRef> iterations = sprint == null ? List.of()
                : List.of(new IterationRef(IterationRef.Kind.SPRINT, sprint, "Sprint " + sprint));
        return new Task(TaskId.of(id), JIRA, IssueKey.of(key), "summary of " + key, project, "Story", "Open", null,
                null, null, null, null, null, null, iterations, List.of(), List.of(),
                parent == null ? null : IssueKey.of(parent), epic == null ? null : IssueKey.of(epic),
                TaskMode.AUTO_BASIC, null);
    }

    static Task basic(long id, String summary) {
        return new Task(TaskId.of(id), null, null, summary, null, null, null, null, null, null, null, null, null, null,
                List.of(), List.of(), List.of(), null, null, TaskMode.MANUAL, null);
    }
}
