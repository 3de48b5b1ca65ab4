package io.boxsync.connector.redmine;

import static org.assertj.core.api.Assertions.assertThat;

import io.boxsync.connector.Connector;
import io.boxsync.connector.Cursor;
import io.boxsync.connector.Page;
import io.boxsync.connector.PageToken;
import io.boxsync.connector.RemoteIssue;
import io.boxsync.connector.ScopeQuery;
import io.boxsync.connector.http.ConnectorHttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Paging against a real Redmine at the page-size boundary (Redmine caps {@code limit} at 100): 0, 1, 100 and 101
 * issues, and issues changing between pages. One project of 100 bugs and 1 feature serves every count through
 * narrowing filters; the tests that change it run last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedminePagingIT {
    private RedmineAdmin redmine;
    private Connector connector;
    private String project;
    private String emptyProject;
    private List<Long> bugs;
    private long feature;
    private long bugTracker;
    private long featureTracker;

    @BeforeAll
    void createOneHundredAndOneIssues() {
        redmine = RedmineAdmin.connectOrSkip();
        connector = new RedmineConnector(redmine.settings(), ConnectorHttpClient.builder().build());
        project = RedmineAdmin.unique("bxp");
        emptyProject = RedmineAdmin.unique("bxe");
        redmine.createProject(project, false);
        redmine.createProject(emptyProject, false);
        bugTracker = redmine.trackerId("Bug");
        featureTracker = redmine.trackerId("Feature");
        bugs = redmine.createIssues(project, "bug", 100, Map.of("tracker_id", bugTracker));
        feature = redmine.createIssue(project, "the feature", Map.of("tracker_id", featureTracker));
    }

    @AfterAll
    void removeProjects() {
        if (connector != null) {
            connector.close();
        }
        if (redmine != null && project != null) {
            redmine.deleteProject(project);
            redmine.deleteProject(emptyProject);
        }
    }

    private ScopeQuery scope(String narrowing) {
        return new ScopeQuery(List.of(new ScopeQuery.Source(ScopeQuery.SourceKind.PROJECT, project)), narrowing);
    }

    @Test
    @Order(1)
    void anEmptyProjectIsOneEmptyLastPage() {
        Page<RemoteIssue> page = connector.snapshot(ScopeQuery.ofProjects(emptyProject), redmine.adminAccount(),
                Optional.empty());

        assertThat(page.items()).isEmpty();
        assertThat(page.isLast()).isTrue();
        assertThat(page.total()).hasValue(0);
    }

    @Test
    @Order(1)
    void oneIssueIsOneLastPage() {
        Page<RemoteIssue> page = connector.snapshot(scope("tracker_id=" + featureTracker), redmine.adminAccount(),
                Optional.empty());

        assertThat(page.items()).extracting(i -> i.key().value()).containsExactly(Long.toString(feature));
        assertThat(page.isLast()).isTrue();
        assertThat(page.total()).hasValue(1);
    }

    @Test
    @Order(1)
    void exactlyOneHundredIssuesFitOneLastPage() {
        Page<RemoteIssue> page = connector.snapshot(scope("tracker_id=" + bugTracker), redmine.adminAccount(),
                Optional.empty());

        assertThat(page.items()).hasSize(100);
        assertThat(page.isLast()).isTrue();
        assertThat(page.total()).hasValue(100);
    }

    @Test
    @Order(1)
    void oneHundredAndOneIssuesTakeTwoPagesInIdOrder() {
        Page<RemoteIssue> first = connector.snapshot(ScopeQuery.ofProjects(project), redmine.adminAccount(),
                Optional.empty());
        Page<RemoteIssue> second = connector.snapshot(ScopeQuery.ofProjects(project), redmine.adminAccount(),
                first.next());

        assertThat(first.items()).hasSize(100);
        assertThat(first.total()).hasValue(101);
        assertThat(first.next()).isPresent();
        assertThat(second.items()).extracting(i -> i.key().value()).containsExactly(Long.toString(feature));
        assertThat(second.isLast()).isTrue();
        assertThat(second.total()).hasValue(101);
        List<Long> ids = new ArrayList<>();
        first.items().forEach(i -> ids.add(Long.parseLong(i.key().value())));
        assertThat(ids).isSorted().containsExactlyInAnyOrderElementsOf(bugs);
    }

    @Test
    @Order(2)
    void incrementalFromTheBeginningPagesThroughAllIssuesOldestFirst() {
        List<RemoteIssue> all = readIncremental(Cursor.beginning(), null);

        assertThat(all).hasSize(101);
        assertThat(all).extracting(RemoteIssue::updated).isSorted();
        assertThat(all).extracting(i -> i.key().value()).doesNotHaveDuplicates();
    }

    @Test
    @Order(3)
    void anIssueUpdatedBetweenIncrementalPagesIsStillRead() {
        List<String> seen = new ArrayList<>();
        Page<RemoteIssue> first = connector.incremental(ScopeQuery.ofProjects(project), redmine.adminAccount(),
                Cursor.beginning(), Duration.ZERO, Optional.empty());
        first.items().forEach(i -> seen.add(i.key().value()));
        long moved = Long.parseLong(first.items().get(0).key().value());
        redmine.updateIssue(moved, Map.of("subject", "updated between pages"));

        Optional<PageToken> next = first.next();
        List<RemoteIssue> rest = new ArrayList<>();
        while (next.isPresent()) {
            Page<RemoteIssue> page = connector.incremental(ScopeQuery.ofProjects(project), redmine.adminAccount(),
                    Cursor.beginning(), Duration.ZERO, next);
            rest.addAll(page.items());
            next = page.next();
        }
        rest.forEach(i -> seen.add(i.key().value()));

        assertThat(first.items()).hasSize(100);
        assertThat(rest).extracting(i -> i.key().value()).contains(Long.toString(moved));
        assertThat(rest).filteredOn(i -> i.key().value().equals(Long.toString(moved)))
                .extracting(RemoteIssue::summary).containsExactly("updated between pages");
        assertThat(seen).containsAll(allKeys());
    }

    @Test
    @Order(4)
    void issuesChangingOrVanishingBetweenSnapshotPagesShiftNoOtherIssueOutOfTheRead() {
        Page<RemoteIssue> first = connector.snapshot(ScopeQuery.ofProjects(project), redmine.adminAccount(),
                Optional.empty());
        redmine.deleteIssue(bugs.get(0));
        redmine.deleteIssue(bugs.get(1));
        redmine.updateIssue(bugs.get(2), Map.of("subject", "changed between pages"));

        Page<RemoteIssue> second = connector.snapshot(ScopeQuery.ofProjects(project), redmine.adminAccount(),
                first.next());

        assertThat(second.items()).extracting(i -> i.key().value()).containsExactly(Long.toString(feature));
        assertThat(second.isLast()).isTrue();
    }

    private List<String> allKeys() {
        List<String> keys = new ArrayList<>();
        bugs.forEach(id -> keys.add(Long.toString(id)));
        keys.add(Long.toString(feature));
        return keys;
    }

    private List<RemoteIssue> readIncremental(Cursor since, String narrowing) {
        List<RemoteIssue> all = new ArrayList<>();
        Optional<PageToken> token = Optional.empty();
        int pages = 0;
        do {
            Page<RemoteIssue> page = connector.incremental(scope(narrowing), redmine.adminAccount(), since,
                    Duration.ZERO, token);
            all.addAll(page.items());
            token = page.next();
            pages++;
        } while (token.isPresent() && pages < 10);
        assertThat(pages).isEqualTo(2);
        return all;
    }
}
