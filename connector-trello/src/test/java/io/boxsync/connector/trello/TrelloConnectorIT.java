package io.boxsync.connector.trello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.boxsync.connector.ConnectionKind;
import io.boxsync.connector.ConnectionSettings;
import io.boxsync.connector.ConnectorException;
import io.boxsync.connector.Cursor;
import io.boxsync.connector.FieldMapping;
import io.boxsync.connector.IssueKey;
import io.boxsync.connector.IterationRef;
import io.boxsync.connector.Page;
import io.boxsync.connector.PageToken;
import io.boxsync.connector.RemoteAccount;
import io.boxsync.connector.RemoteEvent;
import io.boxsync.connector.RemoteIssue;
import io.boxsync.connector.RemoteMetadata;
import io.boxsync.connector.RemotePermission;
import io.boxsync.connector.RemoteWrite;
import io.boxsync.connector.ScopeQuery;
import io.boxsync.connector.ScopeQuery.Source;
import io.boxsync.connector.ScopeQuery.SourceKind;
import io.boxsync.connector.Secret;
import io.boxsync.connector.WebhookException;
import io.boxsync.connector.WebhookRequest;
import io.boxsync.connector.WriteResult;
import io.boxsync.simulator.trello.BoardRole;
import io.boxsync.simulator.trello.TrelloSimulator;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Trello connector against the Trello simulator over real HTTP. */
class TrelloConnectorIT {
    private static final int PAGE = 5;

    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-11-02T09:00:00Z"));
    private TrelloSimulator sim;
    private TrelloSimulator.Seed seed;
    private TrelloConnector connector;
    private RemoteAccount admin;
    private RemoteAccount normal;
    private RemoteAccount observer;
    private RemoteAccount outsider;

    @BeforeEach
    void start() {
        sim = TrelloSimulator.start(0, clock);
        seed = sim.seed(7, 0);
        admin = account(seed.adminId(), seed.adminToken());
        normal = account(seed.normalId(), seed.normalToken());
        observer = account(seed.observerId(), seed.observerToken());
        outsider = account(seed.outsiderId(), seed.outsiderToken());
        connector = new TrelloConnector(settings(2), PAGE);
    }

    @AfterEach
    void stop() {
        connector.close();
        sim.close();
    }

    @ParameterizedTest(name = "{0} cards")
    @ValueSource(ints = {0, 1, PAGE, PAGE + 1, 2 * PAGE + 3})
    void aSnapshotReturnsEveryCardOnceAcrossPageBoundaries(int cards) {
        List<String> created = createCards(cards, seed.listIds().get(0));

        List<List<RemoteIssue>> pages = readAll(board());

        assertThat(pages.stream().flatMap(List::stream).map(i -> i.key().value()))
                .containsExactlyInAnyOrderElementsOf(created);
        assertThat(pages.stream().allMatch(p -> p.size() <= PAGE)).isTrue();
        assertThat(pages.get(pages.size() - 1)).as("the last page").isNotNull();
    }

    @Test
    void aCardCreatedBetweenPagesDoesNotShiftTheNextPage() {
        List<String> created = createCards(PAGE + 2, seed.listIds().get(0));
        Page<RemoteIssue> first = connector.snapshot(board(), admin, Optional.empty());
        String late = sim.createCard(seed.adminId(), seed.listIds().get(0), "Late", Map.of());
        List<RemoteIssue> rest = new ArrayList<>();
        Optional<PageToken> next = first.next();
        while (next.isPresent()) {
            Page<RemoteIssue> page = connector.snapshot(board(), admin, next);
            rest.addAll(page.items());
            next = page.next();
        }
        Set<String> seen = new HashSet<>();
        first.items().forEach(i -> seen.add(i.key().value()));
        rest.forEach(i -> assertThat(seen.add(i.key().value())).isTrue());
        assertThat(seen).containsAll(created).doesNotContain(late);
    }

    @Test
    void listSourcesAndLabelFiltersNarrowTheScopeWithoutDuplicates() {
        String todo = seed.listIds().get(0);
        String doing = seed.listIds().get(1);
        String urgent = seed.labelIds().get(2);
        String a = sim.createCard(seed.adminId(), todo, "A", Map.of("idLabels", List.of(urgent)));
        sim.createCard(seed.adminId(), todo, "B", Map.of());
        String c = sim.createCard(seed.adminId(), doing, "C", Map.of("idLabels", List.of(urgent)));

        ScopeQuery listOnly = new ScopeQuery(List.of(new Source(SourceKind.LIST, doing)), "");
        assertThat(keys(readAll(listOnly))).containsExactly(c);

        ScopeQuery boardAndListWithLabel = new ScopeQuery(List.of(new Source(SourceKind.BOARD, seed.boardId()),
                new Source(SourceKind.LIST, doing), new Source(SourceKind.LABEL, "urgent")), "");
        assertThat(keys(readAll(boardAndListWithLabel))).containsExactlyInAnyOrder(a, c);
    }

    @Test
    void cardsCarryDatesListStatusAndLabels() {
        String id = sim.createCard(seed.normalId(), seed.listIds().get(1), "Dated", Map.of(
                "start", "2026-12-01T12:00:00.000Z", "due", "2026-12-09T12:00:00.000Z",
                "idLabels", List.of(seed.labelIds().get(0)), "idMembers", List.of(seed.normalId())));

        RemoteIssue issue = connector.fetch(IssueKey.of(id), normal).orElseThrow();

        assertThat(issue.start()).isEqualTo(LocalDate.of(2026, 12, 1));
        assertThat(issue.end()).isEqualTo(LocalDate.of(2026, 12, 9));
        assertThat(issue.status()).isEqualTo("Doing");
        assertThat(issue.iterations()).containsExactly(new IterationRef(IterationRef.Kind.LIST,
                seed.listIds().get(1), "Doing"));
        assertThat(issue.labels()).containsExactly("backend");
        assertThat(issue.assigneeId()).isEqualTo(seed.normalId());
        assertThat(issue.assigneeName()).isEqualTo("Normal Member");
        assertThat(issue.projectKey()).isEqualTo(seed.boardId());
        RemoteIssue inSnapshot = connector.snapshot(board(), observer, Optional.empty()).items().get(0);
        assertThat(inSnapshot).isEqualTo(issue);
    }

    @Test
    void incrementalReturnsCardsActiveSinceTheCursorOldestFirstInPages() {
        List<String> created = createCards(8, seed.listIds().get(0));
        Instant mark = clock.instant();
        clock.step(Duration.ofMinutes(5));
        List<String> touched = new ArrayList<>();
        for (int i = 7; i >= 0; i -= 1) {
            sim.updateCard(seed.normalId(), created.get(i), Map.of("name", "Touched " + i));
            touched.add(created.get(i));
            clock.step(Duration.ofSeconds(1));
        }
        Cursor cursor = new Cursor(mark.plus(Duration.ofMinutes(1)), "");

        List<RemoteIssue> read = new ArrayList<>();
        Optional<PageToken> next = Optional.empty();
        int pages = 0;
        do {
            Page<RemoteIssue> page = connector.incremental(board(), admin, cursor, Duration.ZERO, next);
            read.addAll(page.items());
            next = page.next();
            pages++;
        } while (next.isPresent());

        assertThat(pages).isEqualTo(2);
        assertThat(read).extracting(i -> i.key().value()).containsExactlyElementsOf(touched);
        assertThat(read).extracting(RemoteIssue::updated).isSorted();
    }

    @Test
    void theLookbackRereadsCardsJustBeforeTheCursor() {
        String card = createCards(1, seed.listIds().get(0)).get(0);
        Instant activity = sim.cardFields(card).map(f -> Instant.parse((String) f.get("dateLastActivity")))
                .orElseThrow();
        Cursor cursor = new Cursor(activity.plusSeconds(30), card);

        assertThat(connector.incremental(board(), admin, cursor, Duration.ZERO, Optional.empty()).items()).isEmpty();
        assertThat(connector.incremental(board(), admin, cursor, Duration.ofMinutes(1), Optional.empty()).items())
                .extracting(i -> i.key().value()).containsExactly(card);
    }

    @Test
    void aCardOnABoardTheMemberIsNotOnDoesNotExistForThem() {
        String card = createCards(1, seed.listIds().get(0)).get(0);

        assertThat(connector.fetch(IssueKey.of(card), admin)).isPresent();
        assertThat(connector.fetch(IssueKey.of(card), outsider)).isEmpty();
        assertThat(connector.fetch(IssueKey.of("0123456789abcdef01234567"), admin)).isEmpty();
        assertThat(connector.fetch(IssueKey.of("no-such-card"), admin)).isEmpty();
        assertThatThrownBy(() -> connector.snapshot(board(), outsider, Optional.empty()))
                .isInstanceOf(ConnectorException.class)
                .extracting(e -> ((ConnectorException) e).kind()).isEqualTo(ConnectorException.Kind.PERMISSION);
    }

    @Test
    void membershipKeepsOnlyTheKeysInScope() {
        String todo = sim.createCard(seed.adminId(), seed.listIds().get(0), "In", Map.of());
        String done = sim.createCard(seed.adminId(), seed.listIds().get(2), "Out", Map.of());
        String archived = sim.createCard(seed.adminId(), seed.listIds().get(0), "Gone", Map.of("closed", true));
        ScopeQuery todoList = new ScopeQuery(List.of(new Source(SourceKind.LIST, seed.listIds().get(0))), "");

        assertThat(connector.membership(todoList, List.of(IssueKey.of(todo), IssueKey.of(done),
                IssueKey.of(archived), IssueKey.of("0123456789abcdef01234567")), admin))
                .containsExactly(IssueKey.of(todo));
    }

    @Test
    void permissionsFollowTheBoardRole() {
        IssueKey card = IssueKey.of(createCards(1, seed.listIds().get(0)).get(0));
        Set<RemotePermission> editor = Set.of(RemotePermission.BROWSE, RemotePermission.EDIT, RemotePermission.SCHEDULE);

        assertThat(connector.permissions(admin, List.of(card))).containsEntry(card, editor);
        assertThat(connector.permissions(normal, List.of(card))).containsEntry(card, editor);
        assertThat(connector.permissions(observer, List.of(card))).containsEntry(card, Set.of(RemotePermission.BROWSE));
        assertThat(connector.permissions(outsider, List.of(card))).containsEntry(card, Set.of());
    }

    @Test
    void setDatesWritesStartAndDueAsTheActingMember() {
        IssueKey card = IssueKey.of(createCards(1, seed.listIds().get(0)).get(0));

        WriteResult result = connector.apply(new RemoteWrite.SetDates("w1", card, LocalDate.of(2027, 1, 4),
                LocalDate.of(2027, 1, 8)), normal);

        assertThat(result.writeId()).isEqualTo("w1");
        assertThat(result.issue().start()).isEqualTo(LocalDate.of(2027, 1, 4));
        assertThat(result.issue().end()).isEqualTo(LocalDate.of(2027, 1, 8));
        assertThat(sim.cardFields(card.value()).orElseThrow())
                .containsEntry("start", "2027-01-04T12:00:00.000Z").containsEntry("due", "2027-01-08T12:00:00.000Z");

        connector.apply(new RemoteWrite.SetDates("w2", card, null, LocalDate.of(2027, 1, 9)), normal);
        assertThat(sim.cardFields(card.value()).orElseThrow()).containsEntry("start", null);
    }

    @Test
    void moveToIterationMovesTheCardToTheList() {
        IssueKey card = IssueKey.of(createCards(1, seed.listIds().get(0)).get(0));
        IterationRef done = new IterationRef(IterationRef.Kind.LIST, seed.listIds().get(2), "Done");

        WriteResult result = connector.apply(new RemoteWrite.MoveToIteration("w3", card, done), admin);

        assertThat(result.issue().iterations()).containsExactly(done);
        assertThat(sim.cardFields(card.value()).orElseThrow()).containsEntry("idList", seed.listIds().get(2));
    }

    @Test
    void anObserverIsRefusedEveryWriteAndNothingChanges() {
        IssueKey card = IssueKey.of(createCards(1, seed.listIds().get(0)).get(0));
        Map<String, Object> before = sim.cardFields(card.value()).orElseThrow();

        assertThatThrownBy(() -> connector.apply(new RemoteWrite.SetDates("w4", card, LocalDate.of(2027, 2, 1),
                null), observer)).isInstanceOf(ConnectorException.class)
                .extracting(e -> ((ConnectorException) e).kind()).isEqualTo(ConnectorException.Kind.PERMISSION);
        assertThatThrownBy(() -> connector.apply(new RemoteWrite.MoveToIteration("w5", card,
                new IterationRef(IterationRef.Kind.LIST, seed.listIds().get(1), "Doing")), observer))
                .isInstanceOf(ConnectorException.class)
                .extracting(e -> ((ConnectorException) e).kind()).isEqualTo(ConnectorException.Kind.PERMISSION);
        assertThat(sim.cardFields(card.value()).orElseThrow()).isEqualTo(before);
    }

    @Test
    void linksAreRefusedAsAConflictBecauseTrelloHasNone() {
        IssueKey card = IssueKey.of(createCards(1, seed.listIds().get(0)).get(0));
        int before = sim.requestCount("/1/");

        assertThatThrownBy(() -> connector.apply(new RemoteWrite.CreateLink("w6", card, IssueKey.of("x"), "Blocks", 0),
                admin)).isInstanceOf(ConnectorException.class)
                .hasMessage("Trello has no issue links; dependencies stay in Boxsync")
                .extracting(e -> ((ConnectorException) e).kind()).isEqualTo(ConnectorException.Kind.CONFLICT);
        assertThatThrownBy(() -> connector.apply(new RemoteWrite.DeleteLink("w7", card, "l1"), admin))
                .isInstanceOf(ConnectorException.class)
                .extracting(e -> ((ConnectorException) e).kind()).isEqualTo(ConnectorException.Kind.CONFLICT);
        assertThat(sim.requestCount("/1/")).isEqualTo(before);
    }

    @Test
    void aWrongTokenIsAnAuthFailure() {
        RemoteAccount wrong = account(seed.adminId(), "not-a-token");
        assertThatThrownBy(() -> connector.check(wrong)).isInstanceOf(ConnectorException.class)
                .extracting(e -> ((ConnectorException) e).kind()).isEqualTo(ConnectorException.Kind.AUTH);
        assertThat(connector.check(admin).id()).isEqualTo(seed.adminId());
    }

    @Test
    void rateLimitsAndServerErrorsAreRetriedThenReportedAsTransient() {
        createCards(3, seed.listIds().get(0));

        sim.faults().rateLimitNext(2, 0);
        assertThat(keys(readAll(board()))).hasSize(3);

        sim.faults().failNext(1, 503);
        assertThat(keys(readAll(board()))).hasSize(3);

        sim.faults().resetNext(1);
        assertThat(keys(readAll(board()))).hasSize(3);

        sim.faults().rateLimitNext(10, 0);
        assertThatThrownBy(() -> connector.snapshot(board(), admin, Optional.empty()))
                .isInstanceOf(ConnectorException.class)
                .satisfies(e -> assertThat(((ConnectorException) e).isRetryable()).isTrue())
                .satisfies(e -> assertThat(((ConnectorException) e).retryAfter()).as("Trello's 10 s window")
                        .hasValue(Duration.ofSeconds(10)))
                .extracting(e -> ((ConnectorException) e).status()).isEqualTo(429);
        sim.faults().clear();

        sim.faults().failNext(10, 500);
        assertThatThrownBy(() -> connector.fetch(IssueKey.of("0123456789abcdef01234567"), admin))
                .isInstanceOf(ConnectorException.class)
                .extracting(e -> ((ConnectorException) e).kind()).isEqualTo(ConnectorException.Kind.TRANSIENT);
        sim.faults().clear();
    }

    @Test
    void aRetryAfterFromTheToolIsHonoured() {
        sim.faults().rateLimitNext(1, 1);
        long started = System.nanoTime();
        assertThat(connector.check(admin).id()).isEqualTo(seed.adminId());
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    @Test
    void metadataListsBoardsListsLabelsAndMembers() {
        RemoteMetadata metadata = connector.metadata();

        assertThat(metadata.projects()).extracting(RemoteMetadata.Item::id).containsExactly(seed.boardId());
        assertThat(metadata.iterations()).extracting(IterationRef::name).containsExactly("To Do", "Doing", "Done");
        assertThat(metadata.users()).extracting(RemoteMetadata.Item::id)
                .containsExactlyInAnyOrder(seed.adminId(), seed.normalId(), seed.observerId());
        assertThat(metadata.fields()).extracting(RemoteMetadata.Item::key).contains("start", "due", "urgent");
        assertThat(metadata.linkTypes()).isEmpty();
        assertThat(connector.indexHealth().state()).isEqualTo(io.boxsync.connector.IndexHealth.State.NOT_APPLICABLE);
    }

    @Test
    void webhookDeliveriesVerifyAndDecodeAndForgeriesAreRejected() throws Exception {
        try (Receiver receiver = new Receiver()) {
            String hookId = connector.registerWebhook(seed.boardId(), receiver.url(), "Boxsync");
            assertThat(sim.webhookIds()).containsExactly(hookId);

            String card = sim.createCard(seed.normalId(), seed.listIds().get(0), "Hooked", Map.of());
            sim.updateCard(seed.adminId(), card, Map.of("due", "2027-03-01T12:00:00.000Z"));
            sim.deleteCard(null, card);
            List<WebhookRequest> got = receiver.await(3);

            List<RemoteEvent> events = new ArrayList<>();
            got.forEach(r -> events.addAll(connector.webhooks().verifyAndDecode(r)));
            assertThat(events).extracting(RemoteEvent::type).containsExactly(RemoteEvent.Type.CREATED,
                    RemoteEvent.Type.UPDATED, RemoteEvent.Type.DELETED);
            assertThat(events).extracting(RemoteEvent::actorAccountId)
                    .containsExactly(seed.normalId(), seed.adminId(), null);
            assertThat(events).extracting(e -> e.key().value()).containsOnly(card);

            WebhookRequest real = got.get(1);
            WebhookRequest unsigned = new WebhookRequest(Map.of(), real.body(), real.callbackUrl());
            WebhookRequest otherUrl = new WebhookRequest(real.headers(), real.body(), real.callbackUrl() + "&x=1");
            byte[] tampered = real.body();
            tampered[tampered.length - 3] ^= 1;
            WebhookRequest changed = new WebhookRequest(real.headers(), tampered, real.callbackUrl());
            assertThatThrownBy(() -> connector.webhooks().verifyAndDecode(unsigned))
                    .extracting(e -> ((WebhookException) e).reason()).isEqualTo(WebhookException.Reason.UNSIGNED);
            assertThatThrownBy(() -> connector.webhooks().verifyAndDecode(otherUrl))
                    .extracting(e -> ((WebhookException) e).reason()).isEqualTo(WebhookException.Reason.FORGED);
            assertThatThrownBy(() -> connector.webhooks().verifyAndDecode(changed))
                    .extracting(e -> ((WebhookException) e).reason()).isEqualTo(WebhookException.Reason.FORGED);
        }
    }

    @Test
    void aCallbackThatDoesNotAnswerHeadIsRefusedAtRegistration() throws Exception {
        try (Receiver receiver = new Receiver()) {
            receiver.headStatus = 410;
            assertThatThrownBy(() -> connector.registerWebhook(seed.boardId(), receiver.url(), "Boxsync"))
                    .isInstanceOf(ConnectorException.class)
                    .hasMessageContaining("did not return 200")
                    .extracting(e -> ((ConnectorException) e).kind()).isEqualTo(ConnectorException.Kind.CONFIGURATION);
            assertThat(sim.webhookIds()).isEmpty();
        }
    }

    @Test
    void duplicatedDeliveriesKeepTheirActionIdSoTheyCanBeDeduplicated() throws Exception {
        try (Receiver receiver = new Receiver()) {
            connector.registerWebhook(seed.boardId(), receiver.url(), "Boxsync");
            sim.faults().duplicateNextWebhooks(1);
            sim.createCard(seed.normalId(), seed.listIds().get(0), "Twice", Map.of());
            List<WebhookRequest> got = receiver.await(2);
            assertThat(connector.webhooks().verifyAndDecode(got.get(0)).get(0).deliveryId())
                    .isEqualTo(connector.webhooks().verifyAndDecode(got.get(1)).get(0).deliveryId());
        }
    }

    // ---------------------------------------------------------------- helpers

    private ConnectionSettings settings(int maxRetries) {
        return new ConnectionSettings(ConnectionKind.TRELLO, URI.create(sim.baseUrl()), admin,
                Secret.of(sim.appSecret()), new FieldMapping("start", "due", false, "", Map.of(),
                IterationRef.Kind.LIST), Duration.ofSeconds(5), maxRetries);
    }

    private static RemoteAccount account(String id, String token) {
        return new RemoteAccount(id, TrelloSimulator.SEED_API_KEY, Secret.of(token));
    }

    private ScopeQuery board() {
        return new ScopeQuery(List.of(new Source(SourceKind.BOARD, seed.boardId())), "");
    }

    private List<String> createCards(int n, String listId) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(sim.createCard(seed.adminId(), listId, "Card " + i, Map.of()));
            clock.step(Duration.ofMillis(10));
        }
        return ids;
    }

    private List<List<RemoteIssue>> readAll(ScopeQuery scope) {
        List<List<RemoteIssue>> pages = new ArrayList<>();
        Optional<PageToken> next = Optional.empty();
        do {
            Page<RemoteIssue> page = connector.snapshot(scope, admin, next);
            pages.add(page.items());
            next = page.next();
            assertThat(pages).hasSizeLessThan(50);
        } while (next.isPresent());
        return pages;
    }

    private static List<String> keys(List<List<RemoteIssue>> pages) {
        return pages.stream().flatMap(List::stream).map(i -> i.key().value()).toList();
    }

    /** A clock tests move forward by hand. */
    static final class SteppingClock extends Clock {
        private volatile Instant now;

        SteppingClock(Instant start) {
            this.now = start;
        }

        void step(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** A webhook endpoint on a JDK HttpServer that records what reaches it as {@link WebhookRequest}s. */
    static final class Receiver implements AutoCloseable {
        private final HttpServer server;
        private final List<WebhookRequest> requests = new CopyOnWriteArrayList<>();
        volatile int headStatus = 200;

        Receiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/webhooks/trello", exchange -> {
                if (exchange.getRequestMethod().equals("HEAD")) {
                    exchange.sendResponseHeaders(headStatus, -1);
                } else {
                    byte[] body = exchange.getRequestBody().readAllBytes();
                    Map<String, String> headers = new java.util.HashMap<>();
                    exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, v.get(0)));
                    requests.add(new WebhookRequest(headers, body, url()));
                    exchange.sendResponseHeaders(200, -1);
                }
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/trello?connection=trello-1";
        }

        List<WebhookRequest> await(int n) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (requests.size() < n && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(requests).hasSizeGreaterThanOrEqualTo(n);
            return List.copyOf(requests);
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
