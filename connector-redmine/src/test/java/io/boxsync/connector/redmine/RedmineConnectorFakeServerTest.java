package io.boxsync.connector.redmine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.boxsync.connector.ConnectionKind;
import io.boxsync.connector.ConnectionSettings;
import io.boxsync.connector.ConnectorException;
import io.boxsync.connector.ConnectorException.Kind;
import io.boxsync.connector.Cursor;
import io.boxsync.connector.FieldMapping;
import io.boxsync.connector.IssueKey;
import io.boxsync.connector.IterationRef;
import io.boxsync.connector.Page;
import io.boxsync.connector.RemoteAccount;
import io.boxsync.connector.RemoteIssue;
import io.boxsync.connector.RemoteWrite;
import io.boxsync.connector.ScopeQuery;
import io.boxsync.connector.Secret;
import io.boxsync.connector.http.ConnectorHttpClient;
import io.boxsync.connector.http.RetryPolicy;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The connector against a tiny Redmine stand-in over real HTTP (JDK HttpServer): the requests it sends and what it
 * makes of Redmine's answers, for developers without a real Redmine. The real behaviour is covered by the *IT tests.
 */
class RedmineConnectorFakeServerTest {
    private static final RemoteAccount ACCOUNT = new RemoteAccount("5", "dev", Secret.of("dev-key"));

    private record Answer(int status, String body) {
    }

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Function<String, Answer>> routes = new ConcurrentHashMap<>();
    private RedmineConnector connector;

    @BeforeEach
    void startFakeRedmine() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery() == null ? ""
                    : URLDecoder.decode(exchange.getRequestURI().getRawQuery(), StandardCharsets.UTF_8);
            String line = exchange.getRequestMethod() + " " + path + (query.isEmpty() ? "" : "?" + query)
                    + " key=" + exchange.getRequestHeaders().getFirst(RedmineApi.KEY_HEADER);
            requests.add(line);
            Function<String, Answer> route = routes.get(exchange.getRequestMethod() + " " + path);
            Answer answer = route == null ? new Answer(404, "") : route.apply(query);
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        ConnectionSettings settings = new ConnectionSettings(ConnectionKind.REDMINE, url,
                new RemoteAccount("1", "bot", Secret.of("bot-key")), null,
                new FieldMapping("", "", false, "", Map.of(), IterationRef.Kind.VERSION), Duration.ofSeconds(5), 0);
        connector = new RedmineConnector(settings, ConnectorHttpClient.builder().retryPolicy(RetryPolicy.none()).build(),
                Clock.systemUTC(), 2);
        routes.put("GET /projects/1.json", q -> new Answer(200, "{\"project\":{\"id\":1,\"identifier\":\"probe\"}}"));
        routes.put("GET /trackers.json", q -> new Answer(200,
                "{\"trackers\":[{\"id\":1,\"name\":\"Bug\",\"default_status\":{\"id\":1,\"name\":\"New\"}}]}"));
    }

    @AfterEach
    void stopFakeRedmine() {
        server.stop(0);
    }

    private static String issue(long id, String updated) {
        return "{\"id\":" + id + ",\"project\":{\"id\":1,\"name\":\"probe\"},\"tracker\":{\"id\":1,\"name\":\"Bug\"},"
                + "\"status\":{\"id\":1,\"name\":\"New\",\"is_closed\":false},\"subject\":\"s" + id + "\","
                + "\"start_date\":\"2026-04-01\",\"due_date\":\"2026-04-03\",\"updated_on\":\"" + updated + "\"}";
    }

    private static Answer list(long total, String... issues) {
        return new Answer(200, "{\"issues\":[" + String.join(",", issues) + "],\"total_count\":" + total
                + ",\"offset\":0,\"limit\":2}");
    }

    @Test
    void aSnapshotAsksForEveryStatusSortedByIdAndContinuesAfterTheLastIdWithTheAccountsKey() {
        routes.put("GET /issues.json", q -> q.contains("issue_id=>=3")
                ? list(1, issue(5, "2026-01-01T00:00:00Z"))
                : list(3, issue(1, "2026-01-01T00:00:00Z"), issue(2, "2026-01-01T00:00:00Z")));

        Page<RemoteIssue> first = connector.snapshot(ScopeQuery.ofProjects("probe"), ACCOUNT, Optional.empty());
        Page<RemoteIssue> second = connector.snapshot(ScopeQuery.ofProjects("probe"), ACCOUNT, first.next());

        assertThat(requests).filteredOn(r -> r.startsWith("GET /issues.json")).first().asString()
                .contains("project_id=probe", "status_id=*", "sort=id", "limit=2", "include=relations", "key=dev-key");
        assertThat(first.items()).extracting(i -> i.key().value()).containsExactly("1", "2");
        assertThat(first.total()).hasValue(3);
        assertThat(second.items()).extracting(i -> i.key().value()).containsExactly("5");
        assertThat(second.isLast()).isTrue();
        assertThat(second.items().get(0).projectKey()).isEqualTo("probe");
    }

    @Test
    void anIncrementalContinuationDropsTheSecondBeforeItAndIssuesAlreadyReadInIt() {
        routes.put("GET /issues.json", q -> q.contains("updated_on=>=2026-01-01T00:00:05Z")
                ? list(3, issue(1, "2026-01-01T00:00:04Z"), issue(2, "2026-01-01T00:00:05Z"),
                        issue(3, "2026-01-01T00:00:05Z"))
                : list(3, issue(1, "2026-01-01T00:00:04Z"), issue(2, "2026-01-01T00:00:05Z")));

        Cursor since = new Cursor(Instant.parse("2026-01-01T00:00:04Z"), "");
        Page<RemoteIssue> first = connector.incremental(ScopeQuery.ofProjects("probe"), ACCOUNT, since, Duration.ZERO,
                Optional.empty());
        Page<RemoteIssue> second = connector.incremental(ScopeQuery.ofProjects("probe"), ACCOUNT, since, Duration.ZERO,
                first.next());

        assertThat(requests).filteredOn(r -> r.startsWith("GET /issues.json")).first().asString()
                .contains("updated_on=>=2026-01-01T00:00:04Z", "sort=updated_on,id");
        assertThat(first.items()).extracting(i -> i.key().value()).containsExactly("1", "2");
        assertThat(second.items()).extracting(i -> i.key().value()).containsExactly("3");
        assertThat(second.isLast()).isTrue();
    }

    @Test
    void aProjectRedmineDoesNotShowIsNotFoundAndARefusedFilterValueIsAConfigurationError() {
        routes.put("GET /issues.json", q -> q.contains("project_id=gone") ? new Answer(404, "")
                : new Answer(422, "{\"errors\":[\"Due date is invalid\"]}"));

        assertThatThrownBy(() -> connector.snapshot(ScopeQuery.ofProjects("gone"), ACCOUNT, Optional.empty()))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND))
                .hasMessageContaining("Redmine project 'gone'");
        assertThatThrownBy(() -> connector.snapshot(new ScopeQuery(List.of(new ScopeQuery.Source(
                ScopeQuery.SourceKind.PROJECT, "probe")), "due_date=>=soon"), ACCOUNT, Optional.empty()))
                .isInstanceOfSatisfying(ConnectorException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.CONFIGURATION))
                .hasMessageContaining("Due date is invalid");
    }

    @Test
    void datesRedmineSilentlyIgnoredAreReportedAsRefused() {
        permitEverything();
        routes.put("PUT /issues/7.json", q -> new Answer(204, ""));
        routes.put("GET /issues/7.json", q -> new Answer(200, "{\"issue\":" + issue(7, "2026-01-01T00:00:00Z") + "}"));

        assertThatThrownBy(() -> connector.apply(new RemoteWrite.SetDates("w", IssueKey.of("7"),
                LocalDate.of(2026, 5, 1), LocalDate.of(2026, 5, 2)), ACCOUNT))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.PERMISSION))
                .hasMessageContaining("ignored");
        assertThat(requests).anyMatch(r -> r.startsWith("PUT /issues/7.json") && r.endsWith("key=dev-key"));
    }

    @Test
    void aValidationRefusalCarriesRedminesMessageAsAConflict() {
        permitEverything();
        routes.put("PUT /issues/7.json", q -> new Answer(422,
                "{\"errors\":[\"Start date cannot be earlier than 04/06/2026 because of preceding issues\"]}"));

        assertThatThrownBy(() -> connector.apply(new RemoteWrite.SetDates("w", IssueKey.of("7"),
                LocalDate.of(2026, 4, 1), LocalDate.of(2026, 4, 2)), ACCOUNT))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.CONFLICT);
                    assertThat(e.status()).isEqualTo(422);
                })
                .hasMessageContaining("because of preceding issues");
    }

    @Test
    void aWriteWithoutTheRolePermissionIsRefusedBeforeAnythingIsSent() {
        routes.put("GET /users/current.json", q -> new Answer(200, "{\"user\":{\"id\":5,\"admin\":false,"
                + "\"memberships\":[{\"project\":{\"id\":1},\"roles\":[{\"id\":5,\"name\":\"Reporter\"}]}]}}"));
        routes.put("GET /roles/5.json", q -> new Answer(200,
                "{\"role\":{\"id\":5,\"permissions\":[\"view_issues\",\"add_issue_notes\"]}}"));
        routes.put("GET /issues.json", q -> list(1, issue(7, "2026-01-01T00:00:00Z")));

        assertThatThrownBy(() -> connector.apply(new RemoteWrite.CreateLink("w", IssueKey.of("7"), IssueKey.of("8"),
                "precedes", 2), ACCOUNT))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.PERMISSION))
                .hasMessageContaining("manage_issue_relations");
        assertThat(requests).noneMatch(r -> r.startsWith("POST"));
    }

    private void permitEverything() {
        routes.put("GET /users/current.json", q -> new Answer(200, "{\"user\":{\"id\":5,\"admin\":false,"
                + "\"memberships\":[{\"project\":{\"id\":1},\"roles\":[{\"id\":4,\"name\":\"Developer\"}]}]}}"));
        routes.put("GET /roles/4.json", q -> new Answer(200, Fixtures.json("debian-5.0.4-role-developer.json").toString()));
        routes.put("GET /issues.json", q -> list(1, issue(7, "2026-01-01T00:00:00Z")));
    }
}
