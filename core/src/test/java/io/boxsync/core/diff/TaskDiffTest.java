package io.boxsync.core.diff;

import static org.assertj.core.api.Assertions.assertThat;

import io.boxsync.connector.IssueKey;
import io.boxsync.connector.RemoteIssue;
import io.boxsync.connector.StatusCategory;
import io.boxsync.core.domain.ConnectionId;
import io.boxsync.core.domain.Task;
import io.boxsync.core.domain.TaskId;
import io.boxsync.core.domain.TaskMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskDiffTest {

    static final ConnectionId JIRA = ConnectionId.of(1);
    static final Instant T1 = Instant.parse("2030-01-01T00:00:00Z");

    static RemoteIssue issue(String key, String summary, LocalDate end, Instant updated) {
        return new RemoteIssue(IssueKey.of(key), "PRJ", "Story", summary, "Open", StatusCategory.TO_DO, null, null,
                null, end, null, 3.0, List.of(), List.of(), List.of(), null, null, List.of(), updated);
    }

    @Test
    void aChangedIssueIsAnUpdateWithOldAndNewValuesAsTextAndKeepsTheStoredModeAndId() {
        Task stored = TaskDiff.toTask(JIRA, issue("PRJ-1", "Old", null, T1), TaskMode.LOCKED).withId(TaskId.of(9));
        TaskDiff diff = TaskDiff.against(JIRA, Map.of(IssueKey.of("PRJ-1"), stored), TaskMode.AUTO_BASIC);

        PageDiff page = diff.page(List.of(issue("PRJ-1", "New", LocalDate.of(2030, 2, 1), T1.plusSeconds(1))));

        assertThat(page.updated()).singleElement().satisfies(update -> {
            assertThat(update.changes()).containsExactly(new FieldChange("summary", "Old", "New"),
                    new FieldChange("end", null, "2030-02-01"));
            assertThat(update.after().id()).isEqualTo(TaskId.of(9));
            assertThat(update.after().mode()).isEqualTo(TaskMode.LOCKED);
        });
    }

    @Test
    void aNewIssueGetsTheDefaultTaskModeOfTheBox() {
        TaskDiff diff = TaskDiff.against(JIRA, Map.of(), TaskMode.AUTO_TOP_DOWN);

        assertThat(diff.page(List.of(issue("PRJ-1", "x", null, T1))).added()).singleElement()
                .satisfies(task -> assertThat(task.mode()).isEqualTo(TaskMode.AUTO_TOP_DOWN));
    }

    @Test
    void aHundredThousandUnchangedIssuesWriteNothingAndRemoveOnlyWhatWasNotSeen() {
        Map<IssueKey, Task> stored = new HashMap<>();
        for (int i = 1; i <= 100_001; i++) {
            Task task = TaskDiff.toTask(JIRA, issue("PRJ-" + i, "s" + i, null, T1), TaskMode.AUTO_BASIC);
            stored.put(task.key(), task.withId(TaskId.of(i)));
        }
        TaskDiff diff = TaskDiff.against(JIRA, stored, TaskMode.AUTO_BASIC);

        for (int from = 1; from <= 100_000; from += 1000) {
            List<RemoteIssue> page = new ArrayList<>(1000);
            for (int i = from; i < from + 1000; i++) {
                page.add(issue("PRJ-" + i, "s" + i, null, T1));
            }
            assertThat(diff.page(page).writesNothing()).isTrue();
        }

        assertThat(diff.removed()).extracting(Task::key).containsExactly(IssueKey.of("PRJ-100001"));
        assertThat(diff.counts()).isEqualTo(new DiffCounts(0, 0, 1, 100_000));
    }

    @Test
    void anIssueRepeatedOnALaterPageIsCountedOnce() {
        TaskDiff diff = TaskDiff.against(JIRA, Map.of(), TaskMode.AUTO_BASIC);
        diff.page(List.of(issue("PRJ-1", "x", null, T1)));

        PageDiff second = diff.page(List.of(issue("PRJ-1", "x", null, T1)));

        assertThat(second.added()).isEmpty();
        assertThat(second.duplicates()).isEqualTo(1);
        assertThat(diff.counts().added()).isEqualTo(1);
    }
}
