package io.boxsync.connector.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.boxsync.connector.Connector;
import io.boxsync.connector.ConnectorException;
import io.boxsync.connector.ConnectorException.Kind;
import io.boxsync.connector.Cursor;
import io.boxsync.connector.IssueKey;
import io.boxsync.connector.IterationRef;
import io.boxsync.connector.Page;
import io.boxsync.connector.PageToken;
import io.boxsync.connector.RemoteAccount;
import io.boxsync.connector.RemoteIssue;
import io.boxsync.connector.RemoteLink;
import io.boxsync.connector.RemotePermission;
import io.boxsync.connector.RemoteWrite;
import io.boxsync.connector.Secret;
import io.boxsync.connector.WriteResult;
import io.boxsync.connector.contract.ToolFixture.FixtureScope;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The behaviour every {@link Connector} must show against its tool, whatever the tool. A connector's test extends
 * this class and supplies a {@link ToolFixture}; the cases run over real HTTP against the tool or its simulator.
 *
 * <p>Cases: paging at the boundaries (0, 1, a full page, a full page + 1), issues changing between pages, cursor
 * resume with the lookback overlap, fetch, membership, permissions, check and bad credentials, every write as a
 * permitted and as a forbidden account (forbidden: PERMISSION and nothing changed), and the fault cases (429,
 * 5xx, resets, timeouts), which are skipped when the fixture has no {@link ToolFixture.Faults}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ConnectorContract {
    /** A lookback comfortably above the minute precision of the coarsest tool query (Jira JQL). */
    protected static final Duration LOOKBACK = Duration.ofMinutes(2);

    private ToolFixture fixture;

    /** Starts the tool (or simulator) and builds the fixture; called once per test class. */
    protected abstract ToolFixture createFixture();

    /** The fixture of the running test class. */
    protected final ToolFixture fixture() {
        return fixture;
    }

    @BeforeAll
    final void startTool() {
        fixture = createFixture();
    }

    @AfterAll
    final void stopTool() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @AfterEach
    final void clearFaults() {
        fixture.faults().ifPresent(ToolFixture.Faults::clear);
    }

    private Connector connector() {
        return fixture.connector();
    }

    private RemoteAccount permitted() {
        return fixture.permittedAccount();
    }

    private RemoteAccount forbidden() {
        return fixture.forbiddenAccount();
    }

    private static String writeId() {
        return "w-" + UUID.randomUUID();
    }

    // ------------------------------------------------------------------ paging

    @Test
    void an_empty_scope_reads_as_one_empty_last_page() {
        assertSnapshotReadsExactly(fixture.createScope(0));
    }

    @Test
    void a_scope_of_one_issue_reads_as_one_page() {
        assertSnapshotReadsExactly(fixture.createScope(1));
    }

    @Test
    void a_scope_of_exactly_one_full_page_reads_every_issue_once() {
        assertSnapshotReadsExactly(fixture.createScope(fixture.pageSize()));
    }

    @Test
    void a_scope_of_one_full_page_plus_one_reads_every_issue_once_over_two_pages() {
        List<Page<RemoteIssue>> pages = assertSnapshotReadsExactly(fixture.createScope(fixture.pageSize() + 1));

        assertThat(pages.stream().filter(p -> !p.items().isEmpty())).hasSize(2);
    }

    @Test
    void issues_changing_between_pages_are_still_all_read() {
        FixtureScope scope = fixture.createScope(fixture.pageSize() + 2);
        Page<RemoteIssue> first = connector().snapshot(scope.query(), permitted(), Optional.empty());
        assertThat(first.next()).isPresent();

        fixture.touch(first.items().get(0).key());
        fixture.touch(scope.keys().get(scope.keys().size() - 1));
        List<RemoteIssue> all = new ArrayList<>(first.items());
        all.addAll(readAll(from -> connector().snapshot(scope.query(), permitted(), from), first.next()));

        assertThat(keys(all)).containsAll(scope.keys());
        assertThat(keys(all)).isSubsetOf(scope.keys());
    }

    private List<Page<RemoteIssue>> assertSnapshotReadsExactly(FixtureScope scope) {
        List<Page<RemoteIssue>> pages = readPages(from -> connector().snapshot(scope.query(), permitted(), from),
                Optional.empty());
        List<RemoteIssue> issues = pages.stream().flatMap(p -> p.items().stream()).toList();
        int n = scope.keys().size();
        int fullPages = Math.max(1, (n + fixture.pageSize() - 1) / fixture.pageSize());

        assertThat(pages).allSatisfy(p -> assertThat(p.items().size()).isLessThanOrEqualTo(fixture.pageSize()));
        assertThat(keys(issues)).as("every issue exactly once").hasSize(n).containsExactlyInAnyOrderElementsOf(scope.keys());
        assertThat(pages.size()).as("pages for %d issues", n).isBetween(fullPages, fullPages + 1);
        if (pages.size() > fullPages) {
            assertThat(pages.get(pages.size() - 1).items()).as("a trailing page may only be empty").isEmpty();
        }
        assertThat(pages.get(pages.size() - 1).isLast()).isTrue();
        pages.get(0).total().ifPresent(total -> assertThat(total).isEqualTo(n));
        return pages;
    }

    // ------------------------------------------------------------------ incremental

    @Test
    void an_incremental_read_from_a_cursor_returns_the_issue_at_the_cursor_again_because_of_the_lookback() {
        FixtureScope scope = fixture.createScope(3);
        Cursor cursor = cursorAfter(readAll(from -> connector().snapshot(scope.query(), permitted(), from),
                Optional.empty()));

        List<RemoteIssue> again = readAll(from -> connector().incremental(scope.query(), permitted(), cursor, LOOKBACK,
                from), Optional.empty());

        assertThat(keys(again)).contains(IssueKey.of(cursor.key()));
        assertUpdatedNeverDecreases(again);
    }

    @Test
    void an_issue_changed_after_the_cursor_is_read_incrementally_with_a_later_stamp() {
        FixtureScope scope = fixture.createScope(2);
        Cursor cursor = cursorAfter(readAll(from -> connector().snapshot(scope.query(), permitted(), from),
                Optional.empty()));
        IssueKey changed = scope.keys().get(0);

        fixture.touch(changed);
        List<RemoteIssue> changes = readAll(from -> connector().incremental(scope.query(), permitted(), cursor, LOOKBACK,
                from), Optional.empty());

        assertThat(changes).filteredOn(i -> i.key().equals(changed)).singleElement()
                .satisfies(i -> assertThat(i.updated()).isAfter(cursor.updated()));
    }

    @Test
    void an_incremental_read_resumed_from_the_cursor_of_its_first_page_misses_nothing() {
        FixtureScope scope = fixture.createScope(fixture.pageSize() + 2);
        Page<RemoteIssue> first = connector().incremental(scope.query(), permitted(), Cursor.beginning(), LOOKBACK,
                Optional.empty());
        assertUpdatedNeverDecreases(first.items());
        Cursor resumeAt = cursorAfter(first.items());

        List<RemoteIssue> resumed = readAll(from -> connector().incremental(scope.query(), permitted(), resumeAt,
                LOOKBACK, from), Optional.empty());

        Set<IssueKey> seen = new HashSet<>(keys(first.items()));
        seen.addAll(keys(resumed));
        assertThat(seen).containsExactlyInAnyOrderElementsOf(scope.keys());
        assertThat(keys(resumed)).as("the lookback overlaps the cursor").contains(IssueKey.of(resumeAt.key()));
        assertUpdatedNeverDecreases(resumed);
    }

    @Test
    void an_issue_changed_between_incremental_pages_moves_to_the_end_without_pushing_another_one_out() {
        FixtureScope scope = fixture.createScope(fixture.pageSize() + 3);
        Page<RemoteIssue> first = connector().incremental(scope.query(), permitted(), Cursor.beginning(), LOOKBACK,
                Optional.empty());
        assertThat(first.next()).isPresent();

        fixture.touch(first.items().get(0).key());
        List<RemoteIssue> rest = readAll(from -> connector().incremental(scope.query(), permitted(), Cursor.beginning(),
                LOOKBACK, from), first.next());

        Set<IssueKey> seen = new HashSet<>(keys(first.items()));
        seen.addAll(keys(rest));
        assertThat(seen).as("no issue skipped").containsExactlyInAnyOrderElementsOf(scope.keys());
    }

    @Test
    void a_rate_limited_write_is_retried_because_the_tool_did_not_process_it() {
        ToolFixture.Faults faults = faults();
        IssueKey key = fixture.createScope(1).keys().get(0);
        LocalDate start = LocalDate.of(2027, 6, 1);
        faults.rateLimitNext(1, 1);

        WriteResult result = connector().apply(new RemoteWrite.SetDates(writeId(), key, start, start.plusDays(2)),
                permitted());

        assertThat(result.issue().start()).isEqualTo(start);
    }

    private static Cursor cursorAfter(List<RemoteIssue> issues) {
        return issues.stream().map(i -> new Cursor(i.updated(), i.key().value()))
                .reduce(Cursor.beginning(), Cursor::max);
    }

    private static void assertUpdatedNeverDecreases(List<RemoteIssue> issues) {
        for (int i = 1; i < issues.size(); i++) {
            assertThat(issues.get(i).updated()).as("oldest first").isAfterOrEqualTo(issues.get(i - 1).updated());
        }
    }

    // ------------------------------------------------------------------ fetch, membership, permissions, check

    @Test
    void fetch_returns_the_issue_and_nothing_for_a_key_that_does_not_exist() {
        FixtureScope scope = fixture.createScope(1);
        IssueKey key = scope.keys().get(0);

        assertThat(connector().fetch(key, permitted())).hasValueSatisfying(i -> assertThat(i.key()).isEqualTo(key));
        assertThat(connector().fetch(fixture.missingKey(), permitted())).isEmpty();
    }

    @Test
    void membership_names_exactly_the_keys_in_the_scope() {
        FixtureScope scope = fixture.createScope(2);
        FixtureScope other = fixture.createScope(1);
        List<IssueKey> asked = List.of(scope.keys().get(0), scope.keys().get(1), other.keys().get(0),
                fixture.missingKey());

        assertThat(connector().membership(scope.query(), asked, permitted()))
                .containsExactlyInAnyOrderElementsOf(scope.keys());
    }

    @Test
    void permissions_tell_a_permitted_from_a_forbidden_account_and_a_missing_issue_has_none() {
        FixtureScope scope = fixture.createScope(1);
        IssueKey key = scope.keys().get(0);
        List<RemotePermission> writes = fixture.linkType().isPresent()
                ? List.of(RemotePermission.EDIT, RemotePermission.SCHEDULE, RemotePermission.LINK)
                : List.of(RemotePermission.EDIT, RemotePermission.SCHEDULE);

        Map<IssueKey, Set<RemotePermission>> allowed = connector().permissions(permitted(), List.of(key, fixture.missingKey()));
        Map<IssueKey, Set<RemotePermission>> refused = connector().permissions(forbidden(), List.of(key));

        assertThat(allowed.get(key)).contains(RemotePermission.BROWSE).containsAll(writes);
        assertThat(allowed.get(fixture.missingKey())).isEmpty();
        assertThat(refused.get(key)).contains(RemotePermission.BROWSE).doesNotContainAnyElementsOf(writes);
    }

    @Test
    void check_names_the_account_and_wrong_credentials_are_an_auth_failure() {
        RemoteAccount account = permitted();
        RemoteAccount impostor = new RemoteAccount(account.accountId(), account.login(), Secret.of("not-the-token"));

        assertThat(connector().check(account).id()).isEqualTo(account.accountId());
        assertThatThrownBy(() -> connector().check(impostor))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.AUTH));
    }

    // ------------------------------------------------------------------ writes

    @Test
    void set_dates_as_a_permitted_account_writes_both_dates_and_returns_the_issue_read_again() {
        IssueKey key = fixture.createScope(1).keys().get(0);
        LocalDate start = LocalDate.of(2027, 3, 1);
        LocalDate end = LocalDate.of(2027, 3, 5);
        String writeId = writeId();

        WriteResult result = connector().apply(new RemoteWrite.SetDates(writeId, key, start, end), permitted());

        assertThat(result.writeId()).isEqualTo(writeId);
        assertThat(result.issue().start()).isEqualTo(start);
        assertThat(result.issue().end()).isEqualTo(end);
        assertThat(connector().fetch(key, permitted())).hasValueSatisfying(i -> {
            assertThat(i.start()).isEqualTo(start);
            assertThat(i.end()).isEqualTo(end);
        });
    }

    @Test
    void set_dates_with_no_dates_clears_them() {
        IssueKey key = fixture.createScope(1).keys().get(0);
        connector().apply(new RemoteWrite.SetDates(writeId(), key, LocalDate.of(2027, 1, 4), LocalDate.of(2027, 1, 8)),
                permitted());

        WriteResult result = connector().apply(new RemoteWrite.SetDates(writeId(), key, null, null), permitted());

        assertThat(result.issue().start()).isNull();
        assertThat(result.issue().end()).isNull();
    }

    @Test
    void set_dates_as_a_forbidden_account_is_a_permission_failure_and_changes_nothing() {
        IssueKey key = fixture.createScope(1).keys().get(0);
        RemoteIssue before = connector().fetch(key, permitted()).orElseThrow();

        assertPermissionRefused(() -> connector().apply(new RemoteWrite.SetDates(writeId(), key,
                LocalDate.of(2027, 5, 3), LocalDate.of(2027, 5, 7)), forbidden()));

        RemoteIssue after = connector().fetch(key, permitted()).orElseThrow();
        assertThat(after.start()).isEqualTo(before.start());
        assertThat(after.end()).isEqualTo(before.end());
    }

    @Test
    void a_write_to_an_issue_that_does_not_exist_is_not_found() {
        assertThatThrownBy(() -> connector().apply(new RemoteWrite.SetDates(writeId(), fixture.missingKey(),
                LocalDate.of(2027, 1, 1), LocalDate.of(2027, 1, 2)), permitted()))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
    }

    @Test
    void move_to_iteration_as_a_permitted_account_puts_the_issue_in_it() {
        FixtureScope scope = fixture.createScope(1);
        Optional<IterationRef> target = fixture.iterationFor(scope);
        assumeTrue(target.isPresent(), "the tool has no cadence to move into");
        IssueKey key = scope.keys().get(0);

        WriteResult result = connector().apply(new RemoteWrite.MoveToIteration(writeId(), key, target.get()), permitted());

        assertThat(result.issue().iterations()).extracting(IterationRef::id).contains(target.get().id());
    }

    @Test
    void move_to_iteration_as_a_forbidden_account_is_a_permission_failure_and_changes_nothing() {
        FixtureScope scope = fixture.createScope(1);
        Optional<IterationRef> target = fixture.iterationFor(scope);
        assumeTrue(target.isPresent(), "the tool has no cadence to move into");
        IssueKey key = scope.keys().get(0);
        RemoteIssue before = connector().fetch(key, permitted()).orElseThrow();

        assertPermissionRefused(() -> connector().apply(new RemoteWrite.MoveToIteration(writeId(), key, target.get()),
                forbidden()));

        assertThat(connector().fetch(key, permitted()).orElseThrow().iterations())
                .containsExactlyInAnyOrderElementsOf(before.iterations());
    }

    @Test
    void create_and_delete_link_as_a_permitted_account() {
        assumeTrue(fixture.linkType().isPresent(), "the tool has no issue links");
        FixtureScope scope = fixture.createScope(2);
        IssueKey from = scope.keys().get(0);
        IssueKey to = scope.keys().get(1);
        String type = fixture.linkType().get();

        WriteResult created = connector().apply(new RemoteWrite.CreateLink(writeId(), from, to, type, 0), permitted());

        assertThat(created.createdId()).isNotBlank();
        assertThat(created.issue().links()).filteredOn(l -> l.linkId().equals(created.createdId())).singleElement()
                .satisfies(l -> {
                    assertThat(l.from()).as("outward side").isEqualTo(from);
                    assertThat(l.to()).as("inward side").isEqualTo(to);
                    assertThat(l.type()).isEqualToIgnoringCase(type);
                });
        assertThat(connector().fetch(to, permitted()).orElseThrow().links()).extracting(RemoteLink::linkId)
                .contains(created.createdId());

        WriteResult deleted = connector().apply(new RemoteWrite.DeleteLink(writeId(), from, created.createdId()),
                permitted());

        assertThat(deleted.issue().links()).extracting(RemoteLink::linkId).doesNotContain(created.createdId());
    }

    @Test
    void create_and_delete_link_as_a_forbidden_account_are_permission_failures_and_change_nothing() {
        assumeTrue(fixture.linkType().isPresent(), "the tool has no issue links");
        FixtureScope scope = fixture.createScope(2);
        IssueKey from = scope.keys().get(0);
        IssueKey to = scope.keys().get(1);
        String type = fixture.linkType().get();
        String existing = connector().apply(new RemoteWrite.CreateLink(writeId(), from, to, type, 0), permitted())
                .createdId();

        assertPermissionRefused(() -> connector().apply(new RemoteWrite.CreateLink(writeId(), to, from, type, 0),
                forbidden()));
        assertPermissionRefused(() -> connector().apply(new RemoteWrite.DeleteLink(writeId(), from, existing),
                forbidden()));

        assertThat(connector().fetch(from, permitted()).orElseThrow().links()).extracting(RemoteLink::linkId)
                .containsExactly(existing);
    }

    @Test
    void create_link_where_the_tool_has_no_links_is_a_conflict() {
        assumeTrue(fixture.linkType().isEmpty(), "the tool has issue links");
        FixtureScope scope = fixture.createScope(2);

        assertThatThrownBy(() -> connector().apply(new RemoteWrite.CreateLink(writeId(), scope.keys().get(0),
                scope.keys().get(1), "Blocks", 0), permitted()))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CONFLICT));
    }

    private static void assertPermissionRefused(Runnable write) {
        ConnectorException refused = catchThrowableOfType(ConnectorException.class, write::run);
        assertThat(refused).as("the write must be refused").isNotNull();
        assertThat(refused.kind()).as(refused.getMessage()).isEqualTo(Kind.PERMISSION);
    }

    // ------------------------------------------------------------------ faults

    @Test
    void a_rate_limited_read_is_retried_after_the_retry_after_and_succeeds() {
        ToolFixture.Faults faults = faults();
        FixtureScope scope = fixture.createScope(1);
        faults.rateLimitNext(1, 1);

        assertThat(keys(connector().snapshot(scope.query(), permitted(), Optional.empty()).items()))
                .containsExactlyElementsOf(scope.keys());
    }

    @Test
    void a_read_answered_503_once_is_retried_and_succeeds() {
        ToolFixture.Faults faults = faults();
        FixtureScope scope = fixture.createScope(1);
        faults.failNext(1, 503);

        assertThat(connector().fetch(scope.keys().get(0), permitted())).isPresent();
    }

    @Test
    void a_read_whose_connection_is_reset_once_is_retried_and_succeeds() {
        ToolFixture.Faults faults = faults();
        FixtureScope scope = fixture.createScope(1);
        faults.resetNext(1);

        assertThat(connector().fetch(scope.keys().get(0), permitted())).isPresent();
    }

    @Test
    void a_server_error_either_heals_by_a_retry_or_surfaces_as_a_retryable_failure() {
        ToolFixture.Faults faults = faults();
        FixtureScope scope = fixture.createScope(1);
        faults.failNext(1, 500);

        try {
            assertThat(connector().fetch(scope.keys().get(0), permitted())).isPresent();
        } catch (ConnectorException e) {
            assertThat(e.isRetryable()).as(e.getMessage()).isTrue();
        }
    }

    @Test
    void a_tool_slower_than_the_call_timeout_is_a_transient_failure() {
        ToolFixture.Faults faults = faults();
        FixtureScope scope = fixture.createScope(1);
        faults.latency(fixture.callTimeout().plusMillis(fixture.callTimeout().toMillis() / 2 + 200));

        assertThatThrownBy(() -> connector().fetch(scope.keys().get(0), permitted()))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TRANSIENT));
    }

    private ToolFixture.Faults faults() {
        assumeTrue(fixture.faults().isPresent(), "the tool cannot inject faults");
        return fixture.faults().get();
    }

    // ------------------------------------------------------------------ helpers

    private List<Page<RemoteIssue>> readPages(Function<Optional<PageToken>, Page<RemoteIssue>> read,
                                              Optional<PageToken> from) {
        List<Page<RemoteIssue>> pages = new ArrayList<>();
        Optional<PageToken> token = from;
        int guard = 1000;
        do {
            Page<RemoteIssue> page = read.apply(token);
            pages.add(page);
            token = page.next();
            assertThat(--guard).as("paging must end").isPositive();
        } while (token.isPresent());
        return pages;
    }

    private List<RemoteIssue> readAll(Function<Optional<PageToken>, Page<RemoteIssue>> read, Optional<PageToken> from) {
        return readPages(read, from).stream().flatMap(p -> p.items().stream()).collect(Collectors.toList());
    }

    private static List<IssueKey> keys(List<RemoteIssue> issues) {
        return issues.stream().map(RemoteIssue::key).toList();
    }
}
