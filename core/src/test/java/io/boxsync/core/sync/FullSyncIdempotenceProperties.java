package io.boxsync.core.sync;

import io.boxsync.connector.IssueKey;
import io.boxsync.connector.RemoteLink;
import io.boxsync.core.domain.Box;
import io.boxsync.core.domain.SyncRun;
import io.boxsync.core.domain.Task;
import io.boxsync.core.domain.TaskMode;
import io.boxsync.core.fakes.FakeConnector;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever the tree, the dates, the task modes and the finish-to-start links, a full sync repeated with nothing
 * changed in the tool records no change and leaves every task as it was, although automation may keep tasks at
 * dates that differ from the tool's.
 */
class FullSyncIdempotenceProperties {

    /** One generated issue: its parent (an earlier issue, or none), dates, mode in Boxsync, and whether it blocks the next. */
    record Spec(int parentOffset, int startDay, int length, boolean dated, TaskMode mode, boolean blocksNext) {
    }

    @Provide
    Arbitrary<List<Spec>> issues() {
        Arbitrary<Spec> spec = Combinators.combine(Arbitraries.integers().between(0, 4),
                Arbitraries.integers().between(0, 20), Arbitraries.integers().between(0, 6),
                Arbitraries.of(true, true, false), Arbitraries.of(TaskMode.class), Arbitraries.of(true, false, false))
                .as(Spec::new);
        return spec.list().ofMinSize(1).ofMaxSize(14);
    }

    @Property(tries = 150)
    void aRepeatedFullSyncWithNothingChangedRecordsNothingAndChangesNoTask(@ForAll("issues") List<Spec> specs) {
        Fixture f = new Fixture();
        FullSync sync = new FullSync(f.env());
        LocalDate base = LocalDate.of(2026, 12, 1);
        for (int i = 0; i < specs.size(); i++) {
            Spec spec = specs.get(i);
            String key = "P-" + (i + 1);
            f.jira.create(key, "P", "Issue " + (i + 1));
            if (spec.dated()) {
                LocalDate start = base.plusDays(spec.startDay());
                f.jira.update(key, issue -> FakeConnector.withDates(issue, start, start.plusDays(spec.length())));
            }
            int parent = i - spec.parentOffset();
            if (spec.parentOffset() > 0 && parent >= 0) {
                f.jira.update(key, issue -> FakeConnector.withParent(issue, IssueKey.of("P-" + (parent + 1))));
            }
        }
        for (int i = 0; i + 1 < specs.size(); i++) {
            if (specs.get(i).blocksNext()) {
                RemoteLink link = new RemoteLink("L" + i, "Blocks", IssueKey.of("P-" + (i + 1)),
                        IssueKey.of("P-" + (i + 2)), 0);
                f.jira.update("P-" + (i + 1), issue -> FakeConnector.withLinks(issue, List.of(link)));
                f.jira.update("P-" + (i + 2), issue -> FakeConnector.withLinks(issue, List.of(link)));
            }
        }
        Box box = f.ownBox("Program", "P");
        sync.run(FullSyncRequest.of(box.id(), f.admin, "first"));
        List<Task> withModes = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            withModes.add(f.task("P-" + (i + 1)).withMode(specs.get(i).mode()));
        }
        f.tx.run(s -> s.tasks().updateAll(withModes));
        sync.run(FullSyncRequest.of(box.id(), f.admin, "automation applies the modes"));
        Map<String, Task> before = tasks(f, specs.size());
        int changesBefore = f.allChanges().size();

        SyncRun again = sync.run(FullSyncRequest.of(box.id(), f.admin, "nothing changed")).run().orElseThrow();

        assertThat(again.counts()).isEqualTo(new SyncRun.Counts(0, 0, 0, specs.size()));
        assertThat(f.allChanges()).hasSize(changesBefore);
        assertThat(tasks(f, specs.size())).isEqualTo(before);
    }

    private static Map<String, Task> tasks(Fixture f, int n) {
        Map<String, Task> out = new TreeMap<>();
        for (int i = 1; i <= n; i++) {
            out.put("P-" + i, f.task("P-" + i));
        }
        return out;
    }
}
