package io.boxsync.simulator.trello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TrelloSimulatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private TrelloSimulator sim;
    private TrelloSimulator.Seed seed;
    private Receiver receiver;

    @BeforeEach
    void start() throws IOException {
        sim = TrelloSimulator.start(0).webhookRetries(3, Duration.ofMillis(20));
        seed = sim.seed(42, 25);
        receiver = new Receiver();
    }

    @AfterEach
    void stop() {
        sim.close();
        receiver.close();
    }

    @Test
    void membersMeAnswersWithQueryKeyAndTokenAndWithTheOAuthHeader() throws Exception {
        HttpResponse<String> byQuery = get("/1/members/me", seed.adminToken());
        assertThat(byQuery.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(byQuery.body()).get("id").asText()).isEqualTo(seed.adminId());

        HttpResponse<String> byHeader = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/1/members/me"))
                .header("Authorization", "OAuth oauth_consumer_key=\"" + TrelloSimulator.SEED_API_KEY
                        + "\", oauth_token=\"" + seed.normalToken() + "\"").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(byHeader.body()).get("id").asText()).isEqualTo(seed.normalId());
    }

    @Test
    void wrongCredentialsGetTrellosPlainTextErrors() throws Exception {
        HttpResponse<String> badToken = get("/1/members/me", "nope");
        assertThat(badToken.statusCode()).isEqualTo(401);
        assertThat(badToken.body()).isEqualTo("invalid token");

        HttpResponse<String> badKey = send("GET", "/1/members/me?key=wrong&token=" + seed.adminToken());
        assertThat(badKey.statusCode()).isEqualTo(401);
        assertThat(badKey.body()).isEqualTo("invalid key");
    }

    @Test
    void unknownIdsAre404ModelNotFoundAndMalformedIdsAre400InvalidId() throws Exception {
        HttpResponse<String> unknown = get("/1/cards/0123456789abcdef01234567", seed.adminToken());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("model not found");

        HttpResponse<String> malformed = get("/1/cards/not-an-id", seed.adminToken());
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).isEqualTo("invalid id");
    }

    @Test
    void aMemberWhoIsNotOnTheBoardCannotReadIt() throws Exception {
        HttpResponse<String> answer = get("/1/boards/" + seed.boardId() + "/cards", seed.outsiderToken());
        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.body()).isEqualTo("unauthorized permission requested");
        assertThat(get("/1/cards/" + seed.cardIds().get(0), seed.outsiderToken()).statusCode()).isEqualTo(401);
    }

    @Test
    void boardCardsPageNewestFirstWithLimitAndBeforeAndCoverEveryCardOnce() throws Exception {
        Set<String> seen = new HashSet<>();
        List<String> order = new ArrayList<>();
        String before = null;
        int pages = 0;
        while (true) {
            String path = "/1/boards/" + seed.boardId() + "/cards?limit=10" + (before == null ? "" : "&before=" + before);
            JsonNode page = JSON.readTree(get(path, seed.adminToken()).body());
            pages++;
            if (page.isEmpty()) {
                break;
            }
            for (JsonNode card : page) {
                assertThat(seen.add(card.get("id").asText())).isTrue();
                order.add(card.get("id").asText());
            }
            before = page.get(page.size() - 1).get("id").asText();
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(seed.cardIds());
        assertThat(pages).isEqualTo(4);
        assertThat(order).isSortedAccordingTo((a, b) -> b.compareTo(a));
    }

    @Test
    void aLimitAboveOneThousandIsRefused() throws Exception {
        HttpResponse<String> answer = get("/1/boards/" + seed.boardId() + "/cards?limit=1001", seed.adminToken());
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).isEqualTo("invalid value for limit");
    }

    @Test
    void cardsCarryTheFieldsTrelloDocuments() throws Exception {
        JsonNode card = JSON.readTree(get("/1/cards/" + seed.cardIds().get(0), seed.adminToken()).body());
        for (String field : List.of("id", "name", "due", "start", "idList", "idBoard", "idMembers", "idLabels",
                "labels", "closed", "dateLastActivity", "shortLink", "badges", "idShort")) {
            assertThat(card.has(field)).as(field).isTrue();
        }
        assertThat(card.get("due").asText()).matches("\\d{4}-\\d\\d-\\d\\dT12:00:00\\.000Z");
        JsonNode projected = JSON.readTree(get("/1/cards/" + seed.cardIds().get(0) + "?fields=name,due&list=true",
                seed.adminToken()).body());
        assertThat(projected.has("idList")).isFalse();
        assertThat(projected.get("list").get("name").asText()).isIn("To Do", "Doing", "Done");
    }

    @Test
    void anObserverCannotEditButANormalMemberCan() throws Exception {
        String card = seed.cardIds().get(3);
        HttpResponse<String> refused = send("PUT", "/1/cards/" + card + "?due=2026-09-01T12:00:00.000Z&"
                + auth(seed.observerToken()));
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).isEqualTo("unauthorized permission requested");

        HttpResponse<String> done = send("PUT", "/1/cards/" + card + "?due=2026-09-01T12:00:00.000Z&start=null&"
                + "idList=" + seed.listIds().get(2) + "&" + auth(seed.normalToken()));
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(sim.cardFields(card).orElseThrow())
                .containsEntry("due", "2026-09-01T12:00:00.000Z")
                .containsEntry("start", null)
                .containsEntry("idList", seed.listIds().get(2));
    }

    @Test
    void movingACardToAListOfAnotherBoardWithoutIdBoardIsRefused() throws Exception {
        sim.addBoard("b2", "Other").addList("l2", "b2", "Elsewhere").addBoardMember("b2", seed.normalId(), BoardRole.NORMAL);
        HttpResponse<String> refused = send("PUT", "/1/cards/" + seed.cardIds().get(0) + "?idList=l2&"
                + auth(seed.normalToken()));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).isEqualTo("invalid value for idList");
    }

    @Test
    void labelsMembershipsAndChecklistsAreServed() throws Exception {
        String checklist = sim.addChecklist(seed.cardIds().get(0), "Definition of done", List.of("tests", "docs"));
        JsonNode labels = JSON.readTree(get("/1/boards/" + seed.boardId() + "/labels", seed.adminToken()).body());
        assertThat(labels).extracting(l -> l.get("name").asText()).containsExactly("backend", "frontend", "urgent");
        JsonNode memberships = JSON.readTree(get("/1/boards/" + seed.boardId() + "/memberships",
                seed.adminToken()).body());
        assertThat(memberships).extracting(m -> m.get("memberType").asText())
                .containsExactly("admin", "normal", "observer");
        JsonNode checklists = JSON.readTree(get("/1/cards/" + seed.cardIds().get(0) + "/checklists",
                seed.adminToken()).body());
        assertThat(checklists.get(0).get("id").asText()).isEqualTo(checklist);
        assertThat(checklists.get(0).get("checkItems")).hasSize(2);
    }

    @Test
    void aWebhookIsRefusedWhenItsCallbackDoesNotAnswerHeadWith200() throws Exception {
        receiver.headStatus = 404;
        HttpResponse<String> answer = createWebhook(seed.adminToken(), seed.boardId());
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("did not return 200 status code, got 404");
        assertThat(sim.webhookIds()).isEmpty();
        assertThat(receiver.heads.get()).isEqualTo(1);
    }

    @Test
    void webhookDeliveriesAreSignedOverBodyPlusCallbackUrl() throws Exception {
        HttpResponse<String> created = createWebhook(seed.adminToken(), seed.boardId());
        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(created.body()).get("callbackURL").asText()).isEqualTo(receiver.url());

        sim.updateCard(seed.normalId(), seed.cardIds().get(1), Map.of("due", "2026-10-01T12:00:00.000Z"));
        Delivery d = receiver.awaitDeliveries(1).get(0);
        assertThat(d.signature).isEqualTo(TrelloWebhookSigner.sign(sim.appSecret(), d.body, receiver.url()));
        JsonNode payload = JSON.readTree(d.body);
        assertThat(payload.get("action").get("type").asText()).isEqualTo("updateCard");
        assertThat(payload.get("action").get("memberCreator").get("id").asText()).isEqualTo(seed.normalId());
        assertThat(payload.get("action").get("data").get("old").has("due")).isTrue();
        assertThat(payload.get("action").get("display").get("translationKey").asText())
                .isEqualTo("action_changed_a_due_date");
        assertThat(payload.get("model").get("id").asText()).isEqualTo(seed.boardId());
    }

    @Test
    void theSignatureMatchesTheKnownTestVector() {
        assertThat(TrelloWebhookSigner.sign("secret", "{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8),
                "https://example.com/webhooks")).isEqualTo("FwPAcuGe9EP/+SbXFWjnEVTa0zw=");
    }

    @Test
    void aDeleteCardPayloadNamesOnlyTheCardsIds() throws Exception {
        createWebhook(seed.adminToken(), seed.boardId());
        sim.deleteCard(seed.adminId(), seed.cardIds().get(2));
        JsonNode card = JSON.readTree(receiver.awaitDeliveries(1).get(0).body).get("action").get("data").get("card");
        assertThat(card.size()).isEqualTo(3);
        assertThat(card.get("id").asText()).isEqualTo(seed.cardIds().get(2));
    }

    @Test
    void aFailedDeliveryIsRetriedUntilTheReceiverAccepts() throws Exception {
        createWebhook(seed.adminToken(), seed.boardId());
        receiver.failNextPosts.set(2);
        sim.updateCard(null, seed.cardIds().get(1), Map.of("name", "Renamed"));
        List<Delivery> got = receiver.awaitDeliveries(3);
        assertThat(got).extracting(Delivery::actionId).containsOnly(got.get(0).actionId());
        assertThat(JSON.readTree(got.get(0).body).get("action").get("memberCreator").isNull()).isTrue();
    }

    @Test
    void duplicatedAndReorderedDeliveriesCanBeInjected() throws Exception {
        createWebhook(seed.adminToken(), seed.boardId());
        sim.faults().duplicateNextWebhooks(1);
        sim.updateCard(seed.adminId(), seed.cardIds().get(1), Map.of("name", "One"));
        List<Delivery> twice = receiver.awaitDeliveries(2);
        assertThat(twice.get(0).actionId()).isEqualTo(twice.get(1).actionId());

        receiver.deliveries.clear();
        sim.faults().reorderNextWebhooks(2);
        sim.updateCard(seed.adminId(), seed.cardIds().get(1), Map.of("name", "Two"));
        sim.updateCard(seed.adminId(), seed.cardIds().get(1), Map.of("name", "Three"));
        List<Delivery> reordered = receiver.awaitDeliveries(2);
        assertThat(JSON.readTree(reordered.get(0).body).get("action").get("data").get("card").get("name").asText())
                .isEqualTo("Three");
    }

    @Test
    void rateLimitFailureAndResetFaultsAnswerAsTrelloAndThenRecover() throws Exception {
        sim.faults().rateLimitNext(1, 2);
        HttpResponse<String> limited = get("/1/members/me", seed.adminToken());
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(JSON.readTree(limited.body()).get("error").asText()).isEqualTo("API_TOKEN_LIMIT_EXCEEDED");
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("2");

        sim.faults().failNext(1, 503);
        assertThat(get("/1/members/me", seed.adminToken()).statusCode()).isEqualTo(503);

        sim.faults().resetNext(1);
        assertThatThrownBy(() -> get("/1/members/me", seed.adminToken())).isInstanceOf(IOException.class);

        assertThat(get("/1/members/me", seed.adminToken()).statusCode()).isEqualTo(200);
        assertThat(sim.requestCount("/1/members")).isEqualTo(4);
    }

    @Test
    void thePerTokenRateLimitAnswers429WithTrellosBodyOncePassed() throws Exception {
        sim.tokenRateLimit(3);
        for (int i = 0; i < 3; i++) {
            assertThat(get("/1/members/me", seed.adminToken()).statusCode()).isEqualTo(200);
        }
        HttpResponse<String> limited = get("/1/members/me", seed.adminToken());
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.body()).isEqualTo("{\"error\":\"API_TOKEN_LIMIT_EXCEEDED\",\"message\":\"Rate limit exceeded\"}");
        assertThat(get("/1/members/me", seed.normalToken()).statusCode()).as("another token").isEqualTo(200);
    }

    @Test
    void boardActionsAreNewestFirstAndFilterByTypeAndSince() throws Exception {
        String card = seed.cardIds().get(4);
        sim.updateCard(seed.normalId(), card, Map.of("due", "2026-12-24T12:00:00.000Z"));
        sim.deleteCard(seed.adminId(), card);

        JsonNode actions = JSON.readTree(get("/1/boards/" + seed.boardId()
                + "/actions?filter=updateCard,deleteCard&limit=2", seed.adminToken()).body());
        assertThat(actions).extracting(a -> a.get("type").asText()).containsExactly("deleteCard", "updateCard");
        String since = actions.get(0).get("date").asText();
        JsonNode none = JSON.readTree(get("/1/boards/" + seed.boardId() + "/actions?since=" + since,
                seed.adminToken()).body());
        assertThat(none).isEmpty();
    }

    @Test
    void cardsCanBePagedBeforeADateAsTrelloAllows() throws Exception {
        JsonNode all = JSON.readTree(get("/1/boards/" + seed.boardId() + "/cards?before=2100-01-01&limit=1000",
                seed.adminToken()).body());
        JsonNode none = JSON.readTree(get("/1/boards/" + seed.boardId() + "/cards?before=2000-01-01",
                seed.adminToken()).body());
        assertThat(all).hasSize(25);
        assertThat(none).isEmpty();
    }

    @Test
    void theSameSeedGivesTheSameCards() {
        try (TrelloSimulator other = TrelloSimulator.start(0)) {
            TrelloSimulator.Seed again = other.seed(42, 25);
            assertThat(again.boardId()).isEqualTo(seed.boardId());
            for (int i = 0; i < 25; i++) {
                Map<String, Object> a = sim.cardFields(seed.cardIds().get(i)).orElseThrow();
                Map<String, Object> b = other.cardFields(again.cardIds().get(i)).orElseThrow();
                assertThat(List.of(b.get("name"), b.get("due"), b.get("start"), b.get("idList"), b.get("idLabels")))
                        .isEqualTo(List.of(a.get("name"), a.get("due"), a.get("start"), a.get("idList"),
                                a.get("idLabels")));
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private HttpResponse<String> createWebhook(String token, String idModel) throws Exception {
        return send("POST", "/1/webhooks?callbackURL=" + receiver.url() + "&idModel=" + idModel + "&" + auth(token));
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return send("GET", path + (path.contains("?") ? "&" : "?") + auth(token));
    }

    private HttpResponse<String> send(String method, String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + pathAndQuery)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String auth(String token) {
        return "key=" + TrelloSimulator.SEED_API_KEY + "&token=" + token;
    }

    record Delivery(byte[] body, String signature) {
        String actionId() {
            try {
                return JSON.readTree(body).get("action").get("id").asText();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A webhook receiver on a JDK HttpServer that records POSTs and can fail them. */
    static final class Receiver implements AutoCloseable {
        final HttpServer server;
        final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
        final AtomicInteger heads = new AtomicInteger();
        final AtomicInteger failNextPosts = new AtomicInteger();
        volatile int headStatus = 200;

        Receiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/hooks/trello", exchange -> {
                if (exchange.getRequestMethod().equals("HEAD")) {
                    heads.incrementAndGet();
                    exchange.sendResponseHeaders(headStatus, -1);
                } else {
                    byte[] body = exchange.getRequestBody().readAllBytes();
                    deliveries.add(new Delivery(body, exchange.getRequestHeaders().getFirst("X-Trello-Webhook")));
                    int status = failNextPosts.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 500 : 200;
                    exchange.sendResponseHeaders(status, -1);
                }
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/trello?board=main";
        }

        List<Delivery> awaitDeliveries(int n) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (deliveries.size() < n && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(deliveries).hasSizeGreaterThanOrEqualTo(n);
            return List.copyOf(deliveries);
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
