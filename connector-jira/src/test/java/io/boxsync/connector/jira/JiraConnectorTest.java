package io.boxsync.connector.jira;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.boxsync.connector.ConnectionKind;
import io.boxsync.connector.ConnectionSettings;
import io.boxsync.connector.ConnectorException;
import io.boxsync.connector.ConnectorFactory;
import io.boxsync.connector.Cursor;
import io.boxsync.connector.FieldMapping;
import io.boxsync.connector.IndexHealth;
import io.boxsync.connector.IssueKey;
import io.boxsync.connector.Page;
import io.boxsync.connector.PageToken;
import io.boxsync.connector.RemoteAccount;
import io.boxsync.connector.RemoteIssue;
import io.boxsync.connector.RemotePermission;
import io.boxsync.connector.RemoteWrite;
import io.boxsync.connector.ScopeQuery;
import io.boxsync.connector.Secret;
import io.boxsync.connector.WriteResult;
import io.boxsync.connector.jira.FakeJira.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JiraConnectorTest {
    private static final RemoteAccount ANN = new RemoteAccount("acc-ann", "ann@example.com", Secret.of("tok-ann"));
    private static final String ISSUE = "{\"id\":\"100\",\"key\":\"ABC-1\",\"fields\":{\"summary\":\"One\","
            + "\"updated\":\"2026-11-27T10:00:00.000+0000\",\"customfield_10015\":\"2027-03-01\",\"duedate\":\"2027-03-05\","
            + "\"issuelinks\":[{\"id\":\"7001\",\"type\":{\"name\":\"Blocks\"},\"outwardIssue\":{\"key\":\"ABC-2\"}}]}}";
    private FakeJira jira;

    @BeforeEach
    void start() throws Exception {
        jira = new FakeJira();
    }

    @AfterEach
    void stop() {
        jira.close();
    }

    private JiraConnector connector(ConnectionKind kind) {
        return new JiraConnector(new ConnectionSettings(kind, jira.baseUrl(), ANN, null,
                FieldMapping.jiraDefaults("customfield_10015"), Duration.ofSeconds(5), 1),
                JiraConnector.Options.defaults().withPageSize(2));
    }

    @Test
    void the_factory_is_found_by_the_service_loader_and_serves_both_flavours_only() {
        ConnectorFactory factory = ServiceLoader.load(ConnectorFactory.class).stream()
                .map(ServiceLoader.Provider::get).filter(f -> f instanceof JiraConnectorFactory).findFirst().orElseThrow();

        assertThat(factory.supports(ConnectionKind.JIRA_CLOUD)).isTrue();
        assertThat(factory.supports(ConnectionKind.JIRA_DC)).isTrue();
        assertThat(factory.supports(ConnectionKind.TRELLO)).isFalse();
    }

    @Test
    void a_cloud_snapshot_pages_with_next_page_tokens_asking_for_the_mapped_fields() {
        jira.on("POST /rest/api/3/search/jql", r -> !r.field("nextPageToken").isEmpty()
                ? Response.json("{\"issues\":[" + ISSUE.replace("ABC-1", "ABC-3") + "],\"isLast\":true}")
                : Response.json("{\"issues\":[" + ISSUE + "," + ISSUE.replace("ABC-1", "ABC-2") + "],\"nextPageToken\":\"t2\",\"isLast\":false}"));
        JiraConnector connector = connector(ConnectionKind.JIRA_CLOUD);

        Page<RemoteIssue> first = connector.snapshot(ScopeQuery.ofProjects("ABC"), ANN, Optional.empty());
        Page<RemoteIssue> second = connector.snapshot(ScopeQuery.ofProjects("ABC"), ANN, first.next());

        assertThat(first.items()).extracting(i -> i.key().value()).containsExactly("ABC-1", "ABC-2");
        assertThat(first.next()).contains(new PageToken("t2"));
        assertThat(first.total()).isEmpty();
        assertThat(second.isLast()).isTrue();
        FakeJira.Request request = jira.requests("POST /rest/api/3/search/jql").get(1);
        assertThat(request.field("jql")).isEqualTo("project = \"ABC\" ORDER BY key ASC");
        assertThat(request.field("nextPageToken")).isEqualTo("t2");
        assertThat(request.field("fields")).contains("customfield_10015", "duedate", "issuelinks");
        assertThat(request.header("Authorization")).isEqualTo("Basic YW5uQGV4YW1wbGUuY29tOnRvay1hbm4=");
    }

    @Test
    void a_data_center_snapshot_pages_with_start_at_and_reports_the_total() {
        jira.on("POST /rest/api/2/search", r -> "0".equals(r.field("startAt"))
                ? Response.json("{\"startAt\":0,\"maxResults\":2,\"total\":3,\"issues\":[" + ISSUE + "," + ISSUE.replace("ABC-1", "ABC-2") + "]}")
                : Response.json("{\"startAt\":2,\"maxResults\":2,\"total\":3,\"issues\":[" + ISSUE.replace("ABC-1", "ABC-3") + "]}"));
        JiraConnector connector = connector(ConnectionKind.JIRA_DC);

        Page<RemoteIssue> first = connector.snapshot(ScopeQuery.ofProjects("ABC"), ANN, Optional.empty());
        Page<RemoteIssue> second = connector.snapshot(ScopeQuery.ofProjects("ABC"), ANN, first.next());

        assertThat(first.total()).hasValue(3);
        assertThat(first.next()).contains(new PageToken("2"));
        assertThat(second.items()).extracting(i -> i.key().value()).containsExactly("ABC-3");
        assertThat(second.isLast()).isTrue();
        assertThat(jira.requests("POST /rest/api/2/search").get(0).header("Authorization")).isEqualTo("Bearer tok-ann");
    }

    @Test
    void an_incremental_read_writes_the_cursor_minus_lookback_in_the_accounts_time_zone() {
        jira.on("GET /rest/api/3/myself", r -> Response.json(new String(Fixtures.bytes("atlassian-openapi-myself.json"))));
        jira.on("POST /rest/api/3/search/jql", r -> Response.json("{\"issues\":[],\"isLast\":true}"));
        Cursor cursor = new Cursor(Instant.parse("2026-11-27T10:02:30Z"), "ABC-9");

        connector(ConnectionKind.JIRA_CLOUD).incremental(ScopeQuery.ofProjects("ABC"), ANN, cursor, Duration.ofMinutes(2),
                Optional.empty());

        assertThat(jira.requests("POST /rest/api/3/search/jql").get(0).field("jql"))
                .as("Australia/Sydney is UTC+11 in November")
                .isEqualTo("(project = \"ABC\") AND updated >= \"2026-11-27 21:00\" ORDER BY updated ASC, key ASC");
    }

    @Test
    void incremental_pages_continue_by_keyset_from_the_last_minute_leaving_out_keys_already_read() {
        jira.on("GET /rest/api/3/myself", r -> Response.json("{\"accountId\":\"acc-ann\",\"timeZone\":\"UTC\"}"));
        jira.on("POST /rest/api/3/search/jql", r -> Response.json("{\"issues\":["
                + ISSUE.replace("2026-11-27T10:00:00.000", "2026-11-27T10:05:10.000") + ","
                + ISSUE.replace("ABC-1", "ABC-2").replace("2026-11-27T10:00:00.000", "2026-11-27T10:06:20.000")
                + "],\"isLast\":false,\"nextPageToken\":\"ignored\"}"));
        JiraConnector connector = connector(ConnectionKind.JIRA_CLOUD);
        Cursor cursor = new Cursor(Instant.parse("2026-11-27T10:05:00Z"), "");

        Page<RemoteIssue> first = connector.incremental(ScopeQuery.ofProjects("ABC"), ANN, cursor, Duration.ZERO, Optional.empty());
        connector.incremental(ScopeQuery.ofProjects("ABC"), ANN, cursor, Duration.ZERO, first.next());

        assertThat(jira.requests("POST /rest/api/3/search/jql").get(1).field("jql")).isEqualTo("(project = \"ABC\")"
                + " AND updated >= \"2026-11-27 10:06\" AND (updated >= \"2026-11-27 10:07\" OR key not in (\"ABC-2\"))"
                + " ORDER BY updated ASC, key ASC");
        assertThat(jira.requests("POST /rest/api/3/search/jql").get(1).field("nextPageToken")).isEmpty();
    }

    @Test
    void set_dates_puts_both_mapped_fields_with_our_write_id_and_returns_the_issue_read_again() throws Exception {
        jira.on("PUT /rest/api/3/issue/ABC-1", r -> Response.status(204, ""));
        jira.on("GET /rest/api/3/issue/ABC-1", r -> Response.json(ISSUE));

        WriteResult result = connector(ConnectionKind.JIRA_CLOUD).apply(new RemoteWrite.SetDates("w-1", IssueKey.of("ABC-1"),
                LocalDate.of(2027, 3, 1), LocalDate.of(2027, 3, 5)), ANN);

        JsonNode body = Fixtures.parse(jira.requests("PUT /rest/api/3/issue/ABC-1").get(0).body());
        assertThat(body.path("fields").path("customfield_10015").asText()).isEqualTo("2027-03-01");
        assertThat(body.path("fields").path("duedate").asText()).isEqualTo("2027-03-05");
        assertThat(body.path("historyMetadata").path("activityDescription").asText()).isEqualTo("boxsync write w-1");
        assertThat(result.issue().start()).isEqualTo(LocalDate.of(2027, 3, 1));
        assertThat(result.writeId()).isEqualTo("w-1");
    }

    @Test
    void with_end_from_estimate_set_dates_writes_the_start_and_an_original_estimate_in_days() {
        jira.on("PUT /rest/api/2/issue/ABC-1", r -> Response.status(204, ""));
        jira.on("GET /rest/api/2/issue/ABC-1", r -> Response.json(ISSUE));
        JiraConnector estimating = new JiraConnector(new ConnectionSettings(ConnectionKind.JIRA_DC, jira.baseUrl(), ANN, null,
                new FieldMapping("customfield_10015", "", true, "", Map.of(), io.boxsync.connector.IterationRef.Kind.SPRINT),
                Duration.ofSeconds(5), 1));

        estimating.apply(new RemoteWrite.SetDates("w", IssueKey.of("ABC-1"), LocalDate.of(2027, 3, 1),
                LocalDate.of(2027, 3, 3)), ANN);

        JsonNode fields = Fixtures.parse(jira.requests("PUT /rest/api/2/issue/ABC-1").get(0).body()).path("fields");
        assertThat(fields.path("customfield_10015").asText()).isEqualTo("2027-03-01");
        assertThat(fields.path("timetracking").path("originalEstimate").asText()).isEqualTo("3d");
        assertThat(fields.has("duedate")).isFalse();
    }

    @Test
    void a_field_jira_refuses_to_set_for_want_of_schedule_permission_is_a_permission_failure() {
        jira.on("PUT /rest/api/2/issue/ABC-1", r -> Response.status(400, "{\"errorMessages\":[],\"errors\":{\"duedate\":"
                + "\"Field 'duedate' cannot be set. It is not on the appropriate screen, or unknown.\"}}"));
        jira.on("GET /rest/api/2/mypermissions", r -> Response.json("{\"permissions\":{"
                + "\"BROWSE_PROJECTS\":{\"havePermission\":true},\"EDIT_ISSUES\":{\"havePermission\":true},"
                + "\"SCHEDULE_ISSUES\":{\"havePermission\":false}}}"));

        assertThatThrownBy(() -> connector(ConnectionKind.JIRA_DC).apply(new RemoteWrite.SetDates("w", IssueKey.of("ABC-1"),
                LocalDate.of(2027, 3, 1), LocalDate.of(2027, 3, 5)), ANN))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ConnectorException.Kind.PERMISSION);
                    assertThat(e.getMessage()).contains("SCHEDULE");
                });
    }

    @Test
    void create_link_sends_the_from_issue_as_inward_issue_and_reads_the_id_from_location() {
        jira.on("POST /rest/api/3/issueLink", r -> new Response(201, "", Map.of("Location",
                jira.baseUrl() + "/rest/api/3/issueLink/7001")));
        jira.on("GET /rest/api/3/issue/ABC-1", r -> Response.json(ISSUE));

        WriteResult result = connector(ConnectionKind.JIRA_CLOUD).apply(new RemoteWrite.CreateLink("w", IssueKey.of("ABC-1"),
                IssueKey.of("ABC-2"), "Blocks", 0), ANN);

        JsonNode body = Fixtures.parse(jira.requests("POST /rest/api/3/issueLink").get(0).body());
        assertThat(body.path("inwardIssue").path("key").asText()).as("Jira: inwardIssue blocks outwardIssue").isEqualTo("ABC-1");
        assertThat(body.path("outwardIssue").path("key").asText()).isEqualTo("ABC-2");
        assertThat(result.createdId()).isEqualTo("7001");
    }

    @Test
    void a_non_idempotent_link_creation_answered_503_is_not_sent_twice() {
        jira.on("POST /rest/api/3/issueLink", r -> Response.status(503, ""));

        assertThatThrownBy(() -> connector(ConnectionKind.JIRA_CLOUD).apply(new RemoteWrite.CreateLink("w",
                IssueKey.of("ABC-1"), IssueKey.of("ABC-2"), "Blocks", 0), ANN))
                .isInstanceOfSatisfying(ConnectorException.class,
                        e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.TRANSIENT));
        assertThat(jira.requests("POST /rest/api/3/issueLink")).hasSize(1);
    }

    @Test
    void membership_drops_keys_jira_says_do_not_exist_and_asks_again() {
        jira.on("POST /rest/api/2/search", r -> r.field("jql").contains("ABC-99")
                ? Response.status(400, "{\"errorMessages\":[\"An issue with key 'ABC-99' does not exist for field 'key'.\"],\"errors\":{}}")
                : Response.json("{\"startAt\":0,\"total\":1,\"issues\":[{\"id\":\"100\",\"key\":\"ABC-1\"}]}"));

        Set<IssueKey> members = connector(ConnectionKind.JIRA_DC).membership(ScopeQuery.ofProjects("ABC"),
                List.of(IssueKey.of("ABC-1"), IssueKey.of("ABC-99"), IssueKey.of("not a key")), ANN);

        assertThat(members).containsExactly(IssueKey.of("ABC-1"));
        assertThat(jira.requests("POST /rest/api/2/search").get(1).field("jql"))
                .isEqualTo("key in (\"ABC-1\") AND (project = \"ABC\") ORDER BY key ASC");
    }

    @Test
    void cloud_permissions_are_checked_in_bulk_by_issue_id() {
        jira.on("POST /rest/api/3/search/jql", r -> Response.json("{\"issues\":[{\"id\":\"10010\",\"key\":\"ABC-1\"},"
                + "{\"id\":\"10011\",\"key\":\"ABC-2\"}],\"isLast\":true}"));
        jira.on("POST /rest/api/3/permissions/check", r -> Response.json(
                new String(Fixtures.bytes("atlassian-openapi-permissions-check.json"))));

        Map<IssueKey, Set<RemotePermission>> permissions = connector(ConnectionKind.JIRA_CLOUD).permissions(ANN,
                List.of(IssueKey.of("ABC-1"), IssueKey.of("ABC-2"), IssueKey.of("ABC-3")));

        assertThat(permissions.get(IssueKey.of("ABC-1"))).containsExactlyInAnyOrder(RemotePermission.BROWSE, RemotePermission.EDIT);
        assertThat(permissions.get(IssueKey.of("ABC-2"))).containsExactly(RemotePermission.BROWSE);
        assertThat(permissions.get(IssueKey.of("ABC-3"))).isEmpty();
        JsonNode body = Fixtures.parse(jira.requests("POST /rest/api/3/permissions/check").get(0).body());
        assertThat(body.path("projectPermissions").get(0).path("issues").toString()).isEqualTo("[10010,10011]");
    }

    @Test
    void data_center_index_health_reports_an_index_that_lost_issues_and_cloud_has_none() {
        jira.on("GET /rest/api/2/index/summary", r -> Response.json("{\"nodeId\":\"n1\",\"issueIndex\":{\"indexReadable\":true,"
                + "\"countInDatabase\":120,\"countInIndex\":100,\"countInArchive\":0}}"));

        IndexHealth health = connector(ConnectionKind.JIRA_DC).indexHealth();

        assertThat(health.isCorrupted()).isTrue();
        assertThat(health.detail()).contains("100").contains("120");
        assertThat(connector(ConnectionKind.JIRA_CLOUD).indexHealth().state()).isEqualTo(IndexHealth.State.NOT_APPLICABLE);
    }

    @Test
    void fetch_of_an_issue_jira_does_not_show_is_empty() {
        jira.on("GET /rest/api/3/issue/ABC-404", r -> Response.status(404,
                "{\"errorMessages\":[\"Issue does not exist or you do not have permission to see it.\"],\"errors\":{}}"));

        assertThat(connector(ConnectionKind.JIRA_CLOUD).fetch(IssueKey.of("ABC-404"), ANN)).isEmpty();
    }

    @Test
    void metadata_reads_fields_link_types_projects_and_survives_a_jira_without_agile() {
        jira.on("GET /rest/api/2/field", r -> Response.json(new String(Fixtures.bytes("atlassian-openapi-field.json"))));
        jira.on("GET /rest/api/2/issueLinkType", r -> Response.json(new String(Fixtures.bytes("atlassian-openapi-issueLinkType.json"))));
        jira.on("GET /rest/api/2/project", r -> Response.json("[{\"id\":\"10000\",\"key\":\"ABC\",\"name\":\"Alpha\"}]"));
        jira.on("GET /rest/api/2/project/ABC/versions", r -> Response.json("[{\"id\":\"10100\",\"name\":\"1.0\"}]"));

        var metadata = connector(ConnectionKind.JIRA_DC).metadata();

        assertThat(metadata.fields()).extracting(f -> f.id()).containsExactly("description", "summary");
        assertThat(metadata.linkTypes()).extracting(t -> t.name() + ":" + t.outward()).containsExactly("Duplicate:Duplicates", "Blocks:Blocks");
        assertThat(metadata.projects()).extracting(p -> p.key()).containsExactly("ABC");
        assertThat(metadata.iterations()).extracting(i -> i.id()).containsExactly("10100");
    }
}
