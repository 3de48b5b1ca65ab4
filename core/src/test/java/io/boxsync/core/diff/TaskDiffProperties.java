package io.boxsync.core.diff;

import static org.assertj.core.api.Assertions.assertThat;

import io.boxsync.connector.IssueKey;
import io.boxsync.connector.IterationRef;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class TaskDiffProperties {

    static final ConnectionId JIRA = ConnectionId.of(7);
    static final TaskMode DEFAULT_MODE = TaskMode.AUTO_BASIC;

    record Sides(Map<IssueKey, Task> stored, List<RemoteIssue> remote, List<Integer> pageSizes) {
    }

    @Property(tries = 100)
    void applyingTheDiffToTheStoredSideYieldsExactlyTheRemoteSide(@ForAll("sides") Sides sides) {
        TaskDiff diff = TaskDiff.against(JIRA, sides.stored(), DEFAULT_MODE);
        Map<IssueKey, Task> result = new HashMap<>(sides.stored());
        for (List<RemoteIssue> page : pages(sides)) {
            PageDiff pageDiff = diff.page(page);
            pageDiff.added().forEach(t -> assertThat(result.put(t.key(), t)).isNull());
            pageDiff.updated().forEach(u -> assertThat(result.put(u.after().key(), u.after())).isEqualTo(u.before()));
            pageDiff.restamped().forEach(t -> assertThat(result.put(t.key(), t)).isNotNull());
        }
        diff.removed().forEach(t -> assertThat(result.remove(t.key())).isEqualTo(t));

        Map<IssueKey, Task> expected = new HashMap<>();
        for (RemoteIssue issue : sides.remote()) {
            Task before = sides.stored().get(issue.key());
            expected.put(issue.key(), before == null
                    ? TaskDiff.toTask(JIRA, issue, DEFAULT_MODE)
                    : TaskDiff.toTask(JIRA, issue, before.mode()).withId(before.id()));
        }
        assertThat(result).isEqualTo(expected);
        DiffCounts counts = diff.counts();
        assertThat(counts.added() + counts.updated() + counts.unchanged()).isEqualTo(sides.remote().size());
    }

    @Property(tries = 100)
    void theDiffOfIdenticalSidesWritesNothing(@ForAll("sides") Sides sides) {
        Map<IssueKey, Task> stored = new HashMap<>();
        sides.remote().forEach(issue -> stored.put(issue.key(),
                TaskDiff.toTask(JIRA, issue, TaskMode.MANUAL).withId(TaskId.of(1 + stored.size()))));
        TaskDiff diff = TaskDiff.against(JIRA, stored, DEFAULT_MODE);

        for (List<RemoteIssue> page : pages(sides)) {
            assertThat(diff.page(page).writesNothing()).isTrue();
        }
        assertThat(diff.removed()).isEmpty();
        assertThat(diff.counts()).isEqualTo(new DiffCounts(0, 0, 0, sides.remote().size()));
    }

    @Property(tries = 100)
    void noTaskIsBothAddedAndRemoved(@ForAll("sides") Sides sides) {
        TaskDiff diff = TaskDiff.against(JIRA, sides.stored(), DEFAULT_MODE);
        Set<IssueKey> added = pages(sides).stream().flatMap(page -> diff.page(page).added().stream())
                .map(Task::key).collect(Collectors.toSet());

        assertThat(diff.removed()).map(Task::key).noneMatch(added::contains);
    }

    private static List<List<RemoteIssue>> pages(Sides sides) {
        List<List<RemoteIssue>> pages = new ArrayList<>();
        int from = 0;
        int i = 0;
        while (from < sides.remote().size()) {
            int size = sides.pageSizes().get(i++ % sides.pageSizes().size());
            pages.add(sides.remote().subList(from, Math.min(from + size, sides.remote().size())));
            from += size;
        }
        return pages;
    }

    @Provide
    Arbitrary<Sides> sides() {
        Arbitrary<Map<IssueKey, RemoteIssue>> universe = issue().list().ofMaxSize(25).map(issues -> {
            Map<IssueKey, RemoteIssue> byKey = new LinkedHashMap<>();
            issues.forEach(issue -> byKey.putIfAbsent(issue.key(), issue));
            return byKey;
        });
        return universe.flatMap(byKey -> {
            List<RemoteIssue> all = new ArrayList<>(byKey.values());
            int n = all.size();
            Arbitrary<List<Integer>> role = Arbitraries.integers().between(0, 3).list().ofSize(n);
            Arbitrary<List<RemoteIssue>> changed = issue().list().ofSize(n);
            Arbitrary<List<TaskMode>> modes = Arbitraries.of(TaskMode.class).list().ofSize(n);
            Arbitrary<List<Integer>> pageSizes = Arbitraries.integers().between(1, 10).list().ofMinSize(1).ofMaxSize(3);
            return Combinators.combine(role, changed, modes, pageSizes).as((roles, others, taskModes, sizes) -> {
                Map<IssueKey, Task> stored = new HashMap<>();
                List<RemoteIssue> remote = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    RemoteIssue issue = all.get(i);
                    int r = roles.get(i);
                    if (r != 0) {
                        stored.put(issue.key(), TaskDiff.toTask(JIRA, issue, taskModes.get(i)).withId(TaskId.of(i + 1)));
                    }
                    if (r == 0 || r == 1) {
                        remote.add(issue);
                    } else if (r == 2) {
                        remote.add(withKey(others.get(i), issue.key()));
                    }
                }
                return new Sides(stored, remote, sizes);
            });
        });
    }

    private static RemoteIssue withKey(RemoteIssue issue, IssueKey key) {
        return new RemoteIssue(key, issue.projectKey(), issue.issueType(), issue.summary(), issue.status(),
                issue.statusCategory(), issue.assigneeId(), issue.assigneeName(), issue.start(), issue.end(),
                issue.estimateSeconds(), issue.storyPoints(), issue.iterations(), issue.components(), issue.labels(),
                issue.parentKey(), issue.epicKey(), issue.links(), issue.updated());
    }

    static Arbitrary<RemoteIssue> issue() {
        Arbitrary<IssueKey> key = Arbitraries.integers().between(1, 30).map(i -> IssueKey.of("PRJ-" + i));
        Arbitrary<String> small = Arbitraries.of("a", "b");
        Arbitrary<LocalDate> date = Arbitraries.of(LocalDate.of(2030, 1, 1), LocalDate.of(2030, 1, 2)).injectNull(0.3);
        Arbitrary<List<IterationRef>> iterations = Arbitraries.of(
                List.<IterationRef>of(), List.of(new IterationRef(IterationRef.Kind.SPRINT, "1", "S1")));
        Arbitrary<List<String>> names = small.list().ofMaxSize(2);
        Arbitrary<IssueKey> link = key.injectNull(0.5);
        Arbitrary<Instant> updated = Arbitraries.of(Instant.parse("2030-01-01T00:00:00Z"),
                Instant.parse("2030-01-02T00:00:00Z"));
        Arbitrary<Object[]> first = Combinators.combine(key, small, small, small, small,
                Arbitraries.of(StatusCategory.class), small.injectNull(0.5), small.injectNull(0.5))
                .as((k, project, type, summary, status, category, assigneeId, assigneeName) ->
                        new Object[] {k, project, type, summary, status, category, assigneeId, assigneeName});
        Arbitrary<Object[]> second = Combinators.combine(date, date, Arbitraries.of(3600L, 7200L).injectNull(0.5),
                Arbitraries.of(1.0, 2.5).injectNull(0.5), iterations, names, names, link)
                .as((start, end, estimate, points, its, components, labels, parent) ->
                        new Object[] {start, end, estimate, points, its, components, labels, parent});
        return Combinators.combine(first, second, link, updated).as((a, b, epic, stamp) -> new RemoteIssue(
                (IssueKey) a[0], (String) a[1], (String) a[2], (String) a[3], (String) a[4], (StatusCategory) a[5],
                (String) a[6], (String) a[7], (LocalDate) b[0], (LocalDate) b[1], (Long) b[2], (Double) b[3],
                cast(b[4]), cast(b[5]), cast(b[6]), (IssueKey) b[7], epic, List.of(), stamp));
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> cast(Object list) {
        return (List<T>) list;
    }
}
