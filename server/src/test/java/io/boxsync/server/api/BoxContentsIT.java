package io.boxsync.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxsync.core.domain.BoxId;
import io.boxsync.core.domain.Task;
import io.boxsync.core.port.Stores;
import io.boxsync.server.e2e.TestWorld;
import io.boxsync.server.http.JsonMapping;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/boxes/{id}/contents} on the real server: the document written straight from the rows is the one the
 * views give through the API's mapper, and its ETag lets a re-open be answered 304 until something in the Box changes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BoxContentsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dataDir;

    private TestWorld world;
    private long boxId;
    private String aliceToken;
    private String carolToken;

    @BeforeAll
    void start() throws Exception {
        world = TestWorld.start(dataDir, 5);
        world.jira.linkIssues("tech-1", "Blocks", world.keys.get(0), world.keys.get(1));
        boxId = world.createProgramBox("Contents");
        world.openAndAwaitSync(world.alice, boxId);
        aliceToken = token("alice", "alice-password-1");
        TestWorld.expect(world.admin.post("/api/users", Map.of("login", "carol", "displayName", "Carol",
                "password", "carol-password-1", "admin", false)), 201);
        carolToken = token("carol", "carol-password-1");
    }

    @AfterAll
    void stop() {
        if (world != null) {
            world.close();
        }
    }

    @Test
    void theStreamedContentsAreTheDocumentTheDomainRecordsMappedToViewsGive() throws Exception {
        HttpResponse<String> response = get(aliceToken, null);
        JsonNode viaViews = JSON.readTree(JsonMapping.newMapper().writeValueAsString(world.server.application()
                .storage().transactor().inTransaction(stores -> domainContents(stores, BoxId.of(boxId)))));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode streamed = JSON.readTree(response.body());
        assertThat(streamed.get("tasks")).hasSize(5);
        assertThat(streamed.get("dependencies")).as("the Jira link").hasSize(1);
        assertThat(streamed.get("iterations")).as("the sprints").isNotEmpty();
        assertThat(streamed.get("tasks").get(0).get("iterations")).isNotEmpty();
        assertThat(streamed).isEqualTo(viaViews);
        assertThat(JSON.writeValueAsString(streamed)).as("same field order too")
                .isEqualTo(JSON.writeValueAsString(viaViews));
        String opened = JsonMapping.newMapper().writeValueAsString(world.server.application().storage().transactor()
                .inTransaction(stores -> BoxResources.contentsOf(stores, BoxId.of(boxId))));
        assertThat(JSON.readTree(opened)).as("what opening the Box embeds").isEqualTo(viaViews);
        JsonNode open = JSON.readTree(world.alice.post("/api/boxes/" + boxId + "/open", Map.of("module", "gantt"))
                .body());
        assertThat(open.get("contents")).as("POST open embeds the same document").isEqualTo(viaViews);
    }

    @Test
    void aReopenWithTheETagIsNotModifiedUntilATaskOfTheBoxMoves() throws Exception {
        HttpResponse<String> first = get(aliceToken, null);
        String etag = first.headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> again = get(aliceToken, etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.headers().firstValue("ETag")).hasValue(etag);
        assertThat(get(aliceToken, "\"other\", W/" + etag).statusCode()).as("weak form in a list").isEqualTo(304);
        assertThat(get(aliceToken, "\"other\"").statusCode()).isEqualTo(200);

        long taskId = first(first).get("id").asLong();
        TestWorld.expect(world.alice.post("/api/boxes/" + boxId + "/tasks/" + taskId + "/dates",
                Map.of("start", "2027-02-01", "end", "2027-02-05")), 200);

        HttpResponse<String> moved = get(aliceToken, etag);
        assertThat(moved.statusCode()).isEqualTo(200);
        assertThat(moved.headers().firstValue("ETag")).isPresent().get().isNotEqualTo(etag);
        assertThat(first(moved).get("start").asText()).isEqualTo("2027-02-01");
    }

    @Test
    void aCallerWithoutARoleInTheBoxGetsNotFoundEvenWithAMatchingETag() {
        String etag = get(aliceToken, null).headers().firstValue("ETag").orElseThrow();

        assertThat(get(carolToken, etag).statusCode()).isEqualTo(404);
        assertThat(get(carolToken, "*").statusCode()).isEqualTo(404);
    }

    /** The contents as the API built them before the read path: domain records mapped to views. */
    private static DomainContents domainContents(Stores stores, BoxId id) {
        List<Task> tasks = stores.contents().tasks(id);
        return new DomainContents(tasks.stream().map(Views.TaskView::of).toList(),
                stores.contents().wbs(id).stream().map(Views.WbsNodeView::of).toList(),
                stores.dependencies().ofBox(id).stream().map(Views.DependencyView::of).toList(),
                tasks.stream().map(Task::connection).filter(Objects::nonNull).distinct().sorted()
                        .flatMap(c -> stores.iterations().of(c).stream()).map(Views.IterationView::of).toList());
    }

    private record DomainContents(List<Views.TaskView> tasks, List<Views.WbsNodeView> wbs,
                                  List<Views.DependencyView> dependencies, List<Views.IterationView> iterations) {
    }

    private static JsonNode first(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).get("tasks").get(0);
    }

    private HttpResponse<String> get(String token, String ifNoneMatch) {
        HttpRequest.Builder request = HttpRequest.newBuilder(world.base.resolve("/api/boxes/" + boxId + "/contents"))
                .header("Authorization", "Bearer " + token).GET();
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String token(String login, String password) throws Exception {
        URI base = world.base;
        HttpResponse<String> session = HTTP.send(HttpRequest.newBuilder(base.resolve("/api/session"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                        Map.of("login", login, "password", password)))).build(), HttpResponse.BodyHandlers.ofString());
        String cookie = session.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(base.resolve("/api/tokens"))
                .header("Content-Type", "application/json").header("Cookie", cookie)
                .header("X-CSRF-Token", JSON.readTree(session.body()).path("csrfToken").asText())
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"contents-it\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(created.body()).get("token").asText();
    }
}
