package io.boxsync.core.sync;

import io.boxsync.connector.IssueKey;
import io.boxsync.core.domain.Box;
import io.boxsync.core.domain.BoxStatus;
import io.boxsync.core.domain.ChangeKind;
import io.boxsync.core.domain.ChangeOrigin;
import io.boxsync.core.domain.FlagReason;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StartupAndOpeningTest {
    private final Fixture f = new Fixture();
    private final SyncService service = new SyncService(f.env(), "node-1");

    @Test
    void theFirstStartRecordsTheInstallationAndLoadsMetadataButSynchronizesNoBox() {
        f.jira.create("PRJ-1", "PRJ", "One");
        Box box = f.ownBox("Program", "PRJ");

        StartupSync.StartReport report = service.onStart("1.0.0");

        assertThat(report.firstStart()).isTrue();
        assertThat(report.metadataLoaded()).containsExactly(f.connection);
        boolean installed = f.read(s -> s.system().installation().isPresent());
        boolean metadata = f.read(s -> s.metadata().load(f.connection).isPresent());
        assertThat(installed).isTrue();
        assertThat(metadata).isTrue();
        assertThat(f.jira.calls("snapshot")).isZero();
        assertThat(f.runs(box.id())).isEmpty();
        assertThat(f.allChanges()).singleElement().satisfies(c -> {
            assertThat(c.origin()).isEqualTo(ChangeOrigin.INITIAL);
            assertThat(c.kind()).isEqualTo(ChangeKind.METADATA_LOADED);
        });
    }

    @Test
    void aRestartFlagsOwnScopeBoxesAndTheFirstOpenReSyncsOnlyThatBox() {
        f.jira.create("PRJ-1", "PRJ", "One");
        f.jira.create("OPS-1", "OPS", "Two");
        service.onStart("1.0.0");
        Box a = f.ownBox("A", "PRJ");
        Box b = f.ownBox("B", "OPS");
        Box closed = f.ownBox("Closed", "PRJ");
        service.openBox(a.id(), f.editor, BoxModule.GANTT);
        service.openBox(b.id(), f.editor, BoxModule.GANTT);
        f.updateBox(closed.id(), x -> x.withStatus(BoxStatus.CLOSED));
        int snapshotsBefore = f.jira.calls("snapshot");

        StartupSync.StartReport restart = service.onStart("1.0.0");

        assertThat(restart.firstStart()).isFalse();
        assertThat(restart.flagReason()).isEqualTo(FlagReason.RESTART);
        assertThat(restart.boxesFlagged()).isEqualTo(2);
        assertThat(f.jira.calls("snapshot")).isEqualTo(snapshotsBefore);
        assertThat(f.box(a.id()).syncState().flagReason()).isEqualTo(FlagReason.RESTART);

        BoxOpening.OpenResult opened = service.openBox(a.id(), f.viewer, BoxModule.ROADMAP);

        assertThat(opened.sync()).hasValueSatisfying(r -> assertThat(r.isCompleted()).isTrue());
        assertThat(f.box(a.id()).syncState().flagged()).isFalse();
        assertThat(f.box(b.id()).syncState().flagged()).isTrue();
        assertThat(f.runs(b.id())).hasSize(1);
        assertThat(f.runs(closed.id())).isEmpty();
    }

    @Test
    void anUpgradeFlagsWithUpgradeAndRecordsTheNewVersion() {
        service.onStart("1.0.0");
        Box a = f.ownBox("A", "PRJ");

        StartupSync.StartReport report = service.onStart("1.1.0");

        assertThat(report.flagReason()).isEqualTo(FlagReason.UPGRADE);
        assertThat(f.box(a.id()).syncState().flagReason()).isEqualTo(FlagReason.UPGRADE);
        String version = f.read(s -> s.system().installation().orElseThrow().installedVersion());
        assertThat(version).isEqualTo("1.1.0");
    }

    @Test
    void aCacheClearFlagsOwnScopeBoxesWithoutSynchronizingThem() {
        service.onStart("1.0.0");
        Box a = f.ownBox("A", "PRJ");
        service.openBox(a.id(), f.editor, BoxModule.GANTT);

        assertThat(service.clearCache()).isEqualTo(1);

        assertThat(f.box(a.id()).syncState().flagReason()).isEqualTo(FlagReason.CACHE_CLEAR);
        assertThat(f.runs(a.id())).hasSize(1);
    }

    @Test
    void thereIsNoReSyncOfAllBoxes() {
        FullSyncResult result = service.resyncAll();

        assertThat(result.status()).isEqualTo(FullSyncResult.Status.REFUSED);
        assertThat(result.reason()).contains("does not re-sync all Boxes").contains("when someone enters it");
    }

    @Test
    void openingAFreshBoxRunsNothingButAnExpiredOneReSyncs() {
        Box a = f.ownBox("A", "PRJ");
        service.openBox(a.id(), f.editor, BoxModule.GANTT);

        f.clock.advance(Duration.ofHours(23));
        assertThat(service.openBox(a.id(), f.editor, BoxModule.RESOURCES).sync()).isEmpty();

        f.clock.advance(Duration.ofHours(2));
        assertThat(service.openBox(a.id(), f.editor, BoxModule.RESOURCES).sync()).isPresent();
        assertThat(f.runs(a.id())).hasSize(2);
        assertThat(f.box(a.id()).syncState().lastVisited()).isEqualTo(f.clock.now());
    }

    @Test
    void aNonMemberCannotOpenABox() {
        Box a = f.ownBox("A", "PRJ");
        var stranger = f.user("sam", "acc-sam");

        assertThat(service.openBox(a.id(), stranger, BoxModule.GANTT).allowed()).isFalse();
        assertThat(f.runs(a.id())).isEmpty();
    }

    @Test
    void openingAnIssuesWbsPanelReSyncsTheFlaggedBoxesHoldingItAndShowsWhereItSits() {
        f.jira.create("PRJ-1", "PRJ", "One");
        Box a = f.ownBox("A", "PRJ");
        Box b = f.ownBox("B", "PRJ");
        service.openBox(a.id(), f.editor, BoxModule.GANTT);
        service.openBox(b.id(), f.editor, BoxModule.GANTT);
        f.updateBox(b.id(), x -> x.withSyncState(x.syncState().flag(FlagReason.NEW_SCOPE)));

        List<BoxOpening.IssuePlacement> placements = service.openIssue(f.connection, IssueKey.of("PRJ-1"), f.viewer);

        assertThat(placements).extracting(BoxOpening.IssuePlacement::box).containsExactly(a.id(), b.id());
        assertThat(placements.get(0).sync()).isEmpty();
        assertThat(placements.get(1).sync()).isPresent();
        assertThat(placements.get(1).path()).last().satisfies(n -> assertThat(n.task())
                .isEqualTo(f.task("PRJ-1").id()));
        assertThat(f.runs(a.id())).hasSize(1);
        assertThat(f.runs(b.id())).hasSize(2);
    }

    @Test
    void onlyABoxAdminMayReSyncAndItAlwaysRuns() {
        Box a = f.ownBox("A", "PRJ");
        service.openBox(a.id(), f.editor, BoxModule.GANTT);

        assertThat(service.resync(a.id(), f.editor, false).status()).isEqualTo(FullSyncResult.Status.REFUSED);
        assertThat(service.resync(a.id(), f.admin, false).status()).isEqualTo(FullSyncResult.Status.COMPLETED);
        assertThat(f.runs(a.id())).hasSize(2);
    }
}
