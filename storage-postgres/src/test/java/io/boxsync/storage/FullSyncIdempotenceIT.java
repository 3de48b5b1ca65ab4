package io.boxsync.storage;

import io.boxsync.connector.IssueKey;
import io.boxsync.connector.RemoteAccount;
import io.boxsync.connector.RemoteLink;
import io.boxsync.connector.ScopeQuery;
import io.boxsync.connector.Secret;
import io.boxsync.core.domain.Box;
import io.boxsync.core.domain.BoxKind;
import io.boxsync.core.domain.BoxRole;
import io.boxsync.core.domain.BoxScope;
import io.boxsync.core.domain.BoxStatus;
import io.boxsync.core.domain.ConnectionId;
import io.boxsync.core.domain.SyncRun;
import io.boxsync.core.domain.Task;
import io.boxsync.core.domain.TaskMode;
import io.boxsync.core.domain.UserId;
import io.boxsync.core.domain.WbsBuilder;
import io.boxsync.core.fakes.FakeConnector;
import io.boxsync.core.fakes.ManualClock;
import io.boxsync.core.port.Stores;
import io.boxsync.core.port.Transactor;
import io.boxsync.core.sync.FullSync;
import io.boxsync.core.sync.FullSyncRequest;
import io.boxsync.core.sync.FullSyncResult;
import io.boxsync.core.sync.SyncEnvironment;
import io.boxsync.core.sync.SyncSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A full sync on PostgreSQL repeated with nothing changed in the tool writes no task row and records no change, also
 * where automation (Auto bottom-up parents, finish-to-start links) had moved tasks away from the tool's dates.
 */
class FullSyncIdempotenceIT {
    private static PostgresStorage storage;
    private static Transactor tx;

    @BeforeAll
    static void open() {
        storage = TestDatabase.freshStorage();
        tx = storage.transactor();
    }

    @AfterAll
    static void close() {
        storage.close();
    }

    private static String taskRowVersions() {
        return storage.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT md5(string_agg(id || ':' || xmin::text, ',' ORDER BY id)) FROM tasks").mapTo(String.class).one());
    }

    private static long changesOfRun(SyncRun run) {
        return storage.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM changes WHERE run_id = :run")
                .bind("run", run.id().value()).mapTo(Long.class).one());
    }

    @Test
    void aSecondFullSyncWithNothingChangedWritesNoTaskRowAndRecordsNoChange() {
        ManualClock clock = ManualClock.at("2026-11-27T10:00:00Z");
        FakeConnector jira = new FakeConnector(io.boxsync.connector.ConnectionKind.JIRA_CLOUD, clock);
        jira.account("acc-tech").account("acc-olivia");
        ConnectionId connection = StoresIT.connection(tx).id();
        UserId owner = tx.inTransaction((Stores s) -> {
            UserId id = s.users().create("olivia-" + connection.value(), "Olivia", false).id();
            s.accounts().link(id, connection, new RemoteAccount("acc-olivia", "", Secret.of("token")));
            return id;
        });
        LocalDate monday = LocalDate.of(2026, 12, 7);
        for (int i = 1; i <= 200; i++) {
            String key = "IDEM-" + i;
            jira.create(key, "IDEM", "Issue " + i);
            int parent = (i - 1) / 10 * 10 + 1;
            LocalDate start = monday.plusDays(i % 7);
            jira.update(key, issue -> FakeConnector.withDates(issue, start, start.plusDays(2)));
            if (i != parent) {
                jira.update(key, issue -> FakeConnector.withParent(issue, IssueKey.of("IDEM-" + parent)));
            }
        }
        for (int i = 2; i < 200; i += 10) {
            RemoteLink blocks = new RemoteLink("L" + i, "Blocks", IssueKey.of("IDEM-" + i),
                    IssueKey.of("IDEM-" + (i + 1)), 0);
            jira.update("IDEM-" + i, issue -> FakeConnector.withLinks(issue, List.of(blocks)));
            jira.update("IDEM-" + (i + 1), issue -> FakeConnector.withLinks(issue, List.of(blocks)));
        }
        Box box = tx.inTransaction((Stores s) -> {
            Box created = s.boxes().create("Idempotence", BoxKind.PROGRAM, null, BoxStatus.IN_PROGRESS,
                    BoxScope.own(List.of(new BoxScope.Part(connection, ScopeQuery.ofProjects("IDEM")))), owner,
                    List.of(WbsBuilder.of(WbsBuilder.Kind.PARENT)), TaskMode.AUTO_BASIC);
            s.boxes().setRole(created.id(), owner, BoxRole.ADMIN);
            return created;
        });
        FullSync sync = new FullSync(SyncEnvironment.of(tx, c -> jira, storage.boxLocks(), clock,
                SyncSettings.defaults()));
        assertThat(sync.run(FullSyncRequest.of(box.id(), owner, "first")).status())
                .isEqualTo(FullSyncResult.Status.COMPLETED);
        tx.run(s -> {
            List<Task> parents = new ArrayList<>();
            for (int i = 1; i <= 200; i += 10) {
                parents.add(s.tasks().findByKey(connection, IssueKey.of("IDEM-" + i)).orElseThrow()
                        .withMode(TaskMode.AUTO_BOTTOM_UP));
            }
            s.tasks().updateAll(parents);
        });
        SyncRun moving = sync.run(FullSyncRequest.of(box.id(), owner, "automation moves the parents")).run()
                .orElseThrow();
        String versions = taskRowVersions();

        SyncRun again = sync.run(FullSyncRequest.of(box.id(), owner, "nothing changed")).run().orElseThrow();

        assertThat(changesOfRun(moving)).as("automation moved tasks away from the tool's dates").isPositive();
        assertThat(again.counts()).isEqualTo(new SyncRun.Counts(0, 0, 0, 200));
        assertThat(changesOfRun(again)).isZero();
        assertThat(taskRowVersions()).as("no task row rewritten").isEqualTo(versions);
    }
}
