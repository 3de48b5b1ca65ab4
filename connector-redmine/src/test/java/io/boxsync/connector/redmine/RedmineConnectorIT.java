package io.boxsync.connector.redmine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.boxsync.connector.ConnectionKind;
import io.boxsync.connector.Connector;
import io.boxsync.connector.ConnectorException;
import io.boxsync.connector.ConnectorException.Kind;
import io.boxsync.connector.ConnectorFactory;
import io.boxsync.connector.Cursor;
import io.boxsync.connector.IssueKey;
import io.boxsync.connector.IterationRef;
import io.boxsync.connector.Page;
import io.boxsync.connector.RemoteAccount;
import io.boxsync.connector.RemoteIssue;
import io.boxsync.connector.RemoteLink;
import io.boxsync.connector.RemoteMetadata;
import io.boxsync.connector.RemotePermission;
import io.boxsync.connector.RemoteWrite;
import io.boxsync.connector.ScopeQuery;
import io.boxsync.connector.Secret;
import io.boxsync.connector.WriteResult;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Redmine connector against a real Redmine (Debian's 5.0 package): reads, permissions and every write, as a
 * permitted Developer, a Reporter who may only browse, and an outsider of the private project. Each run creates its
 * own projects, users and issues.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedmineConnectorIT {
    private RedmineAdmin redmine;
    private Connector connector;
    private String project;
    private String otherProject;
    private RemoteAccount developer;
    private RemoteAccount reporter;
    private RemoteAccount outsider;
    private long v1;
    private long v2;
    private long parent;
    private long child;
    private long predecessor;
    private long follower;
    private long untouched;
    private long otherIssue;
    private long relation;

    @BeforeAll
    void createProjectUsersAndIssues() {
        redmine = RedmineAdmin.connectOrSkip();
        connector = ServiceLoader.load(ConnectorFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.supports(ConnectionKind.REDMINE)).findFirst().orElseThrow()
                .create(redmine.settings());
        project = RedmineAdmin.unique("bx");
        otherProject = RedmineAdmin.unique("bxo");
        redmine.createProject(project, false);
        redmine.createProject(otherProject, false);
        developer = redmine.createUser(RedmineAdmin.unique("dev"));
        reporter = redmine.createUser(RedmineAdmin.unique("rep"));
        outsider = redmine.createUser(RedmineAdmin.unique("out"));
        redmine.addMember(project, developer, "Developer");
        redmine.addMember(project, reporter, "Reporter");
        redmine.addMember(otherProject, outsider, "Developer");
        v1 = redmine.createVersion(project, "v1");
        v2 = redmine.createVersion(project, "v2");
        parent = redmine.createIssue(project, "parent", null, null);
        child = redmine.createIssue(project, "child", Map.of("parent_issue_id", parent,
                "start_date", "2026-03-02", "due_date", "2026-03-06"));
        predecessor = redmine.createIssue(project, "predecessor", Map.of("start_date", "2026-03-02",
                "due_date", "2026-03-04", "fixed_version_id", v1, "estimated_hours", 4));
        follower = redmine.createIssue(project, "follower", LocalDate.of(2026, 3, 10), LocalDate.of(2026, 3, 12));
        relation = redmine.createRelation(predecessor, follower, "precedes", 1);
        untouched = redmine.createIssue(project, "untouched", null, null);
        otherIssue = redmine.createIssue(otherProject, "elsewhere", null, null);
    }

    @AfterAll
    void removeProjects() {
        if (connector != null) {
            connector.close();
        }
        if (redmine != null && project != null) {
            redmine.deleteProject(project);
            redmine.deleteProject(otherProject);
        }
    }

    private IssueKey key(long id) {
        return IssueKey.of(Long.toString(id));
    }

    private long newIssue(String subject, LocalDate start, LocalDate due) {
        return redmine.createIssue(project, subject, start, due);
    }

    // ------------------------------------------------------------------ reads

    @Test
    void redmineHasNoIndexHealthAndNoWebhooks() {
        assertThat(connector.indexHealth().state()).isEqualTo(io.boxsync.connector.IndexHealth.State.NOT_APPLICABLE);
        assertThatThrownBy(() -> connector.webhooks().verifyAndDecode(new io.boxsync.connector.WebhookRequest(
                Map.of(), new byte[0], ""))).isInstanceOf(io.boxsync.connector.WebhookException.class);
    }

    @Test
    void checkNamesTheAccountAndAWrongKeyIsAnAuthFailure() {
        RemoteMetadata.Item me = connector.check(developer);
        assertThat(me.id()).isEqualTo(developer.accountId());
        assertThat(me.key()).isEqualTo(developer.login());

        RemoteAccount wrong = new RemoteAccount("0", "", Secret.of("0123456789abcdef0123456789abcdef01234567"));
        assertThatThrownBy(() -> connector.check(wrong)).isInstanceOfSatisfying(ConnectorException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.AUTH));
    }

    @Test
    void aSnapshotOfTheProjectMapsParentRelationsVersionsDatesAndEstimates() {
        Page<RemoteIssue> page = connector.snapshot(ScopeQuery.ofProjects(project), developer, Optional.empty());

        assertThat(page.isLast()).isTrue();
        Map<String, RemoteIssue> byKey = new java.util.HashMap<>();
        page.items().forEach(i -> byKey.put(i.key().value(), i));
        assertThat(byKey).containsKeys(Long.toString(parent), Long.toString(child), Long.toString(predecessor),
                Long.toString(follower), Long.toString(untouched));
        assertThat(byKey).doesNotContainKey(Long.toString(otherIssue));
        RemoteIssue pre = byKey.get(Long.toString(predecessor));
        assertThat(pre.projectKey()).isEqualTo(project);
        assertThat(pre.start()).isEqualTo(LocalDate.of(2026, 3, 2));
        assertThat(pre.end()).isEqualTo(LocalDate.of(2026, 3, 4));
        assertThat(pre.estimateSeconds()).isEqualTo(4 * 3600L);
        assertThat(pre.iterations()).containsExactly(new IterationRef(IterationRef.Kind.VERSION, Long.toString(v1), "v1"));
        assertThat(pre.links()).contains(
                new RemoteLink(Long.toString(relation), "precedes", key(predecessor), key(follower), 1));
        assertThat(byKey.get(Long.toString(follower)).links()).contains(
                new RemoteLink(Long.toString(relation), "precedes", key(predecessor), key(follower), 1));
        assertThat(byKey.get(Long.toString(child)).parentKey()).isEqualTo(key(parent));
        assertThat(byKey.get(Long.toString(parent)).start()).isEqualTo(LocalDate.of(2026, 3, 2));
        assertThat(page.total()).hasValue(page.items().size());
    }

    @Test
    void closedIssuesAreInTheSnapshotUnlessTheNarrowingSetsAStatus() {
        long closed = redmine.createIssue(project, "closed one", Map.of());
        // Redmine ignores a status on creation; closing is a transition.
        redmine.updateIssue(closed, Map.of("status_id", 5));

        List<String> all = keys(connector.snapshot(ScopeQuery.ofProjects(project), developer, Optional.empty()));
        List<String> open = keys(connector.snapshot(new ScopeQuery(
                List.of(new ScopeQuery.Source(ScopeQuery.SourceKind.PROJECT, project)), "status_id=o"),
                developer, Optional.empty()));

        assertThat(all).contains(Long.toString(closed));
        assertThat(open).doesNotContain(Long.toString(closed)).contains(Long.toString(untouched));
    }

    @Test
    void aQuerySourceAndANarrowingFilterTheIssues() {
        String featureTracker = Long.toString(redmine.trackerId("Feature"));
        long feature = redmine.createIssue(project, "zebra feature", Map.of("tracker_id", Long.parseLong(featureTracker)));
        long bug = redmine.createIssue(project, "zebra filed as bug", Map.of());

        List<String> narrowed = keys(connector.snapshot(new ScopeQuery(
                List.of(new ScopeQuery.Source(ScopeQuery.SourceKind.PROJECT, project)),
                "tracker_id=" + featureTracker + "&subject=~zebra"),
                developer, Optional.empty()));
        List<String> byQuery = keys(connector.snapshot(new ScopeQuery(List.of(new ScopeQuery.Source(
                ScopeQuery.SourceKind.QUERY, "tracker_id=" + featureTracker + "&subject=~zebra")), ""),
                developer, Optional.empty()));

        assertThat(narrowed).containsExactly(Long.toString(feature));
        assertThat(byQuery).contains(Long.toString(feature)).doesNotContain(Long.toString(untouched),
                Long.toString(bug));
    }

    @Test
    void badScopesAreNamedForTheAdminToFix() {
        assertThatThrownBy(() -> connector.snapshot(ScopeQuery.ofProjects("no-such-project-" + project), developer,
                Optional.empty())).isInstanceOfSatisfying(ConnectorException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND)).hasMessageContaining("no-such-project");
        assertThatThrownBy(() -> connector.snapshot(new ScopeQuery(List.of(new ScopeQuery.Source(
                ScopeQuery.SourceKind.PROJECT, project)), "due_date=>=not-a-date"), developer, Optional.empty()))
                .isInstanceOfSatisfying(ConnectorException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.CONFIGURATION));
        assertThatThrownBy(() -> connector.snapshot(new ScopeQuery(List.of(new ScopeQuery.Source(
                ScopeQuery.SourceKind.BOARD, "7")), ""), developer, Optional.empty()))
                .isInstanceOfSatisfying(ConnectorException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.CONFIGURATION));
    }

    @Test
    void anOutsiderCannotReadThePrivateProject() {
        assertThatThrownBy(() -> connector.snapshot(ScopeQuery.ofProjects(project), outsider, Optional.empty()))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isIn(Kind.NOT_FOUND,
                        Kind.PERMISSION));
        assertThat(connector.fetch(key(predecessor), outsider)).isEmpty();
    }

    @Test
    void fetchReturnsTheIssueAsTheAccountSeesItAndNothingForUnknownOrForeignKeys() {
        RemoteIssue issue = connector.fetch(key(child), reporter).orElseThrow();

        assertThat(issue.parentKey()).isEqualTo(key(parent));
        assertThat(issue.summary()).isEqualTo("child");
        assertThat(connector.fetch(IssueKey.of("999999999"), developer)).isEmpty();
        assertThat(connector.fetch(IssueKey.of("PRJ-1"), developer)).isEmpty();
        assertThat(connector.fetch(key(otherIssue), developer)).isEmpty();
    }

    @Test
    void membershipAnswersForTheWholeBatchAsTheAccountSeesIt() {
        List<IssueKey> keys = List.of(key(child), key(untouched), key(otherIssue), IssueKey.of("999999999"),
                IssueKey.of("not-a-number"));

        assertThat(connector.membership(ScopeQuery.ofProjects(project), keys, redmine.adminAccount()))
                .containsExactlyInAnyOrder(key(child), key(untouched));
        assertThat(connector.membership(ScopeQuery.ofProjects(project, otherProject), keys, redmine.adminAccount()))
                .containsExactlyInAnyOrder(key(child), key(untouched), key(otherIssue));
        assertThat(connector.membership(new ScopeQuery(List.of(new ScopeQuery.Source(ScopeQuery.SourceKind.PROJECT,
                project)), "subject=~child"), keys, developer)).containsExactly(key(child));
    }

    @Test
    void aSavedQueryScopeUsesTheQuerysOwnFiltersAndIsNarrowedPerPage() {
        long queryId = redmine.savedQueryId("Boxsync IT: bugs");
        org.junit.jupiter.api.Assumptions.assumeTrue(queryId > 0,
                "the saved query 'Boxsync IT: bugs' is missing: rerun `sudo bash .ci/redmine-setup.sh start`");
        long feature = redmine.createIssue(project, "feature outside the bug query",
                Map.of("tracker_id", redmine.trackerId("Feature")));
        ScopeQuery bugsOfProject = new ScopeQuery(List.of(new ScopeQuery.Source(ScopeQuery.SourceKind.SAVED_FILTER,
                Long.toString(queryId))), "subject=~untouched");

        List<String> read = new ArrayList<>();
        Optional<io.boxsync.connector.PageToken> token = Optional.empty();
        do {
            Page<RemoteIssue> page = connector.snapshot(bugsOfProject, redmine.adminAccount(), token);
            page.items().forEach(i -> read.add(i.key().value()));
            token = page.next();
        } while (token.isPresent());

        assertThat(read).contains(Long.toString(untouched)).doesNotContain(Long.toString(feature),
                Long.toString(child));
        assertThat(connector.membership(bugsOfProject, List.of(key(untouched), key(child), key(feature)),
                redmine.adminAccount())).containsExactly(key(untouched));

        long twin = redmine.createIssue(project, "untouched twin", Map.of());
        List<RemoteIssue> changed = connector.incremental(bugsOfProject, redmine.adminAccount(),
                new Cursor(Instant.now().minusSeconds(120), ""), Duration.ZERO, Optional.empty()).items();
        assertThat(changed).extracting(i -> i.key().value()).contains(Long.toString(twin))
                .doesNotContain(Long.toString(feature));
        assertThat(changed).extracting(RemoteIssue::updated).isSorted();
    }

    @Test
    void incrementalReturnsIssuesUpdatedSinceTheCursorWithTheLookback() throws Exception {
        long changed = newIssue("to change", null, null);
        Thread.sleep(1100);
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        redmine.updateIssue(changed, Map.of("subject", "changed"));
        ScopeQuery scope = ScopeQuery.ofProjects(project);

        List<String> since = keys(connector.incremental(scope, developer, new Cursor(before, ""), Duration.ZERO,
                Optional.empty()));
        Cursor later = new Cursor(before.plusSeconds(30), Long.toString(changed));
        List<String> withoutLookback = keys(connector.incremental(scope, developer, later, Duration.ZERO,
                Optional.empty()));
        List<String> withLookback = keys(connector.incremental(scope, developer, later, Duration.ofMinutes(1),
                Optional.empty()));

        assertThat(since).contains(Long.toString(changed)).doesNotContain(Long.toString(untouched));
        assertThat(withoutLookback).isEmpty();
        assertThat(withLookback).contains(Long.toString(changed));
        RemoteIssue read = connector.fetch(key(changed), developer).orElseThrow();
        assertThat(read.updated()).isAfterOrEqualTo(before);
    }

    @Test
    void incrementalIsOldestFirst() {
        List<RemoteIssue> all = connector.incremental(ScopeQuery.ofProjects(project), developer, Cursor.beginning(),
                Duration.ZERO, Optional.empty()).items();

        assertThat(all).extracting(RemoteIssue::updated).isSorted();
    }

    @Test
    void metadataListsProjectsVersionsRelationTypesTrackersAndUsers() {
        RemoteMetadata metadata = connector.metadata();

        assertThat(metadata.projects()).extracting(RemoteMetadata.Item::key).contains(project, otherProject);
        assertThat(metadata.iterations()).contains(
                new IterationRef(IterationRef.Kind.VERSION, Long.toString(v1), "v1"),
                new IterationRef(IterationRef.Kind.VERSION, Long.toString(v2), "v2"));
        assertThat(metadata.linkTypes()).extracting(RemoteMetadata.LinkType::name).contains("precedes", "blocks");
        assertThat(metadata.fields()).extracting(RemoteMetadata.Item::detail).contains("tracker", "date");
        assertThat(metadata.users()).extracting(RemoteMetadata.Item::key).contains(developer.login());
    }

    // ------------------------------------------------------------------ permissions

    @Test
    void permissionsFollowTheAccountsRolesInTheIssuesProject() {
        List<IssueKey> keys = List.of(key(untouched), key(otherIssue));

        Map<IssueKey, Set<RemotePermission>> dev = connector.permissions(developer, keys);
        Map<IssueKey, Set<RemotePermission>> rep = connector.permissions(reporter, keys);
        Map<IssueKey, Set<RemotePermission>> out = connector.permissions(outsider, keys);
        Map<IssueKey, Set<RemotePermission>> admin = connector.permissions(redmine.adminAccount(), keys);

        assertThat(dev.get(key(untouched))).contains(RemotePermission.BROWSE, RemotePermission.SCHEDULE,
                RemotePermission.EDIT, RemotePermission.LINK);
        assertThat(dev.get(key(otherIssue))).isEmpty();
        assertThat(rep.get(key(untouched))).containsExactly(RemotePermission.BROWSE);
        assertThat(out.get(key(untouched))).isEmpty();
        assertThat(out.get(key(otherIssue))).contains(RemotePermission.SCHEDULE);
        assertThat(admin.get(key(untouched))).containsExactlyInAnyOrder(RemotePermission.values());
    }

    // ------------------------------------------------------------------ writes

    @Test
    void aDeveloperSetsDatesAndGetsTheIssueBack() {
        long id = newIssue("dates by developer", LocalDate.of(2026, 4, 1), LocalDate.of(2026, 4, 3));

        WriteResult result = connector.apply(new RemoteWrite.SetDates("w-1", key(id), LocalDate.of(2026, 4, 6),
                LocalDate.of(2026, 4, 9)), developer);

        assertThat(result.writeId()).isEqualTo("w-1");
        assertThat(result.issue().start()).isEqualTo(LocalDate.of(2026, 4, 6));
        assertThat(result.issue().end()).isEqualTo(LocalDate.of(2026, 4, 9));
        JsonNode stored = redmine.issue(id);
        assertThat(stored.path("start_date").asText()).isEqualTo("2026-04-06");
        assertThat(stored.path("due_date").asText()).isEqualTo("2026-04-09");
    }

    @Test
    void clearingTheDueDateWritesNull() {
        long id = newIssue("clear due", LocalDate.of(2026, 4, 1), LocalDate.of(2026, 4, 3));

        connector.apply(new RemoteWrite.SetDates("w-2", key(id), LocalDate.of(2026, 4, 1), null), developer);

        assertThat(redmine.issue(id).path("due_date").isNull()).isTrue();
    }

    @Test
    void aReporterCannotSetDatesAndNothingChanges() {
        long id = newIssue("dates by reporter", LocalDate.of(2026, 4, 1), LocalDate.of(2026, 4, 3));

        assertThatThrownBy(() -> connector.apply(new RemoteWrite.SetDates("w-3", key(id), LocalDate.of(2026, 5, 1),
                LocalDate.of(2026, 5, 2)), reporter)).isInstanceOfSatisfying(ConnectorException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.PERMISSION)).hasMessageContaining("edit_issues");

        assertThat(redmine.issue(id).path("start_date").asText()).isEqualTo("2026-04-01");
        assertThat(redmine.issue(id).path("due_date").asText()).isEqualTo("2026-04-03");
    }

    @Test
    void anOutsiderWritingToAnInvisibleIssueGetsNotFound() {
        long id = newIssue("invisible", LocalDate.of(2026, 4, 1), LocalDate.of(2026, 4, 3));

        assertThatThrownBy(() -> connector.apply(new RemoteWrite.SetDates("w-4", key(id), LocalDate.of(2026, 5, 1),
                LocalDate.of(2026, 5, 2)), outsider)).isInstanceOfSatisfying(ConnectorException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
        assertThat(redmine.issue(id).path("start_date").asText()).isEqualTo("2026-04-01");
    }

    @Test
    void startingAFollowerBeforeItsPredecessorEndsIsRefusedByRedmineAsAConflictWithItsMessage() {
        // Redmine already moved the follower to the first day after the predecessor plus the delay (03-06).
        String startBefore = redmine.issue(follower).path("start_date").asText();
        assertThatThrownBy(() -> connector.apply(new RemoteWrite.SetDates("w-5", key(follower),
                LocalDate.of(2026, 3, 3), LocalDate.of(2026, 3, 12)), developer))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.CONFLICT);
                    assertThat(e.status()).isEqualTo(422);
                })
                .hasMessageContaining("preceding issues");
        assertThat(redmine.issue(follower).path("start_date").asText()).isEqualTo(startBefore);
    }

    @Test
    void theDatesOfAParentDerivedFromItsChildrenCannotBeSet() {
        assertThatThrownBy(() -> connector.apply(new RemoteWrite.SetDates("w-6", key(parent),
                LocalDate.of(2026, 6, 1), LocalDate.of(2026, 6, 5)), developer))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CONFLICT))
                .hasMessageContaining("subtasks");
        assertThat(redmine.issue(parent).path("start_date").asText()).isEqualTo("2026-03-02");
    }

    @Test
    void aDeveloperMovesAnIssueToAnotherVersionAndOutOfIt() {
        long id = redmine.createIssue(project, "versioned", Map.of("fixed_version_id", v1));

        WriteResult moved = connector.apply(new RemoteWrite.MoveToIteration("w-7", key(id),
                new IterationRef(IterationRef.Kind.VERSION, Long.toString(v2), "v2")), developer);
        assertThat(moved.issue().iterations()).containsExactly(
                new IterationRef(IterationRef.Kind.VERSION, Long.toString(v2), "v2"));

        WriteResult removed = connector.apply(new RemoteWrite.MoveToIteration("w-8", key(id),
                new IterationRef(IterationRef.Kind.VERSION, "", "")), developer);
        assertThat(removed.issue().iterations()).isEmpty();
    }

    @Test
    void aReporterCannotMoveAnIssueToAnotherVersion() {
        long id = redmine.createIssue(project, "versioned for reporter", Map.of("fixed_version_id", v1));

        assertThatThrownBy(() -> connector.apply(new RemoteWrite.MoveToIteration("w-9", key(id),
                new IterationRef(IterationRef.Kind.VERSION, Long.toString(v2), "v2")), reporter))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.PERMISSION));
        assertThat(redmine.issue(id).path("fixed_version").path("id").asLong()).isEqualTo(v1);
    }

    @Test
    void aVersionOfAnotherProjectIsRefusedByRedmine() {
        long foreignVersion = redmine.createVersion(otherProject, "foreign");
        long id = newIssue("wrong version", null, null);

        assertThatThrownBy(() -> connector.apply(new RemoteWrite.MoveToIteration("w-10", key(id),
                new IterationRef(IterationRef.Kind.VERSION, Long.toString(foreignVersion), "foreign")), developer))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CONFLICT))
                .hasMessageContaining("Target version");
        assertThatThrownBy(() -> connector.apply(new RemoteWrite.MoveToIteration("w-11", key(id),
                new IterationRef(IterationRef.Kind.SPRINT, "3", "Sprint 3")), developer))
                .isInstanceOfSatisfying(ConnectorException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.CONFIGURATION));
    }

    @Test
    void aDeveloperCreatesAPrecedesRelationWithADelayAndDeletesIt() {
        long a = newIssue("link a", LocalDate.of(2026, 7, 1), LocalDate.of(2026, 7, 2));
        long b = newIssue("link b", LocalDate.of(2026, 7, 10), LocalDate.of(2026, 7, 11));

        WriteResult created = connector.apply(new RemoteWrite.CreateLink("w-12", key(a), key(b), "precedes", 3),
                developer);

        assertThat(created.createdId()).isNotEmpty();
        assertThat(created.issue().links()).containsExactly(
                new RemoteLink(created.createdId(), "precedes", key(a), key(b), 3));
        assertThat(redmine.relationsOf(a).get(0).path("delay").asInt()).isEqualTo(3);

        WriteResult deleted = connector.apply(new RemoteWrite.DeleteLink("w-13", key(b), created.createdId()),
                developer);

        assertThat(deleted.issue().links()).isEmpty();
        assertThat(redmine.relationsOf(a)).isEmpty();
    }

    @Test
    void aBlocksLinkHasNoDelayAndAFollowsLinkIsStoredFlipped() {
        long a = newIssue("blocker", null, null);
        long b = newIssue("blocked", null, null);
        long c = newIssue("after", LocalDate.of(2026, 8, 10), LocalDate.of(2026, 8, 11));
        long d = newIssue("before", LocalDate.of(2026, 8, 1), LocalDate.of(2026, 8, 2));

        WriteResult blocks = connector.apply(new RemoteWrite.CreateLink("w-14", key(a), key(b), "blocks", 5), developer);
        WriteResult follows = connector.apply(new RemoteWrite.CreateLink("w-15", key(c), key(d), "follows", 0),
                developer);

        assertThat(blocks.issue().links()).containsExactly(
                new RemoteLink(blocks.createdId(), "blocks", key(a), key(b), 0));
        assertThat(follows.issue().links()).containsExactly(
                new RemoteLink(follows.createdId(), "precedes", key(d), key(c), 0));
    }

    @Test
    void aReporterCannotCreateOrDeleteRelationsAndNothingChanges() {
        long a = newIssue("rep link a", null, null);
        long b = newIssue("rep link b", null, null);
        long existing = redmine.createRelation(a, b, "relates", null);

        assertThatThrownBy(() -> connector.apply(new RemoteWrite.CreateLink("w-16", key(a), key(b), "blocks", 0),
                reporter)).isInstanceOfSatisfying(ConnectorException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.PERMISSION)).hasMessageContaining("manage_issue_relations");
        assertThatThrownBy(() -> connector.apply(new RemoteWrite.DeleteLink("w-17", key(a), Long.toString(existing)),
                reporter)).isInstanceOfSatisfying(ConnectorException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.PERMISSION));

        assertThat(redmine.relationsOf(a)).hasSize(1);
        assertThat(redmine.relationsOf(a).get(0).path("id").asLong()).isEqualTo(existing);
    }

    @Test
    void invalidRelationsAreRefusedByRedmineOrBeforeAsking() {
        long a = newIssue("self", null, null);

        assertThatThrownBy(() -> connector.apply(new RemoteWrite.CreateLink("w-18", key(a), key(a), "blocks", 0),
                developer)).isInstanceOfSatisfying(ConnectorException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.CONFLICT));
        assertThatThrownBy(() -> connector.apply(new RemoteWrite.CreateLink("w-19", key(a), key(untouched),
                "Cloners", 0), developer)).isInstanceOfSatisfying(ConnectorException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.CONFIGURATION));
        assertThatThrownBy(() -> connector.apply(new RemoteWrite.DeleteLink("w-20", key(untouched),
                Long.toString(relation)), developer)).isInstanceOfSatisfying(ConnectorException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.CONFLICT));
        assertThat(redmine.relationsOf(predecessor)).hasSize(1);
    }

    private static List<String> keys(Page<RemoteIssue> page) {
        return page.items().stream().map(i -> i.key().value()).toList();
    }
}
