package io.boxsync.simulator.trello;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxsync.simulator.trello.TrelloModel.Action;
import io.boxsync.simulator.trello.TrelloModel.Board;
import io.boxsync.simulator.trello.TrelloModel.Card;
import io.boxsync.simulator.trello.TrelloModel.CheckItem;
import io.boxsync.simulator.trello.TrelloModel.Checklist;
import io.boxsync.simulator.trello.TrelloModel.Label;
import io.boxsync.simulator.trello.TrelloModel.Member;
import io.boxsync.simulator.trello.TrelloModel.TList;
import io.boxsync.simulator.trello.TrelloModel.Webhook;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * A Trello simulator over real HTTP, written from Trello's public REST documentation: boards, lists, cards,
 * members with board roles, labels, checklists, card actions, webhooks (created by REST with the {@code HEAD}
 * validation request, signed with {@code X-Trello-Webhook}, retried on failure), Trello's plain-text error bodies,
 * 429 with Trello's JSON body, and fault injection.
 *
 * <p>The REST API lives under {@code baseUrl() + "/1/"}; authentication is {@code key} + {@code token} query (or
 * form) parameters, or the {@code Authorization: OAuth oauth_consumer_key="...", oauth_token="..."} header. The
 * simulator models one application: every webhook is signed with {@link #appSecret()}.
 *
 * <p>The control methods ({@link #addMember}, {@link #createCard}, ...) are Java calls, not HTTP: they change
 * state directly, record Trello actions and fire webhooks, without checking permissions.
 *
 * <p>Thread-safe: one lock guards the state; webhooks are delivered from a background thread.
 */
public final class TrelloSimulator implements AutoCloseable {

    /** What {@link #seed} created. Members' API key is {@link #SEED_API_KEY}; their tokens are listed here. */
    public record Seed(String boardId, List<String> listIds, List<String> labelIds, String adminId, String adminToken,
                       String normalId, String normalToken, String observerId, String observerToken,
                       String outsiderId, String outsiderToken, List<String> cardIds) {
    }

    /** The API key every seeded member uses. */
    public static final String SEED_API_KEY = "a1b2c3d4e5f60718293a4b5c6d7e8f90";

    private static final int MAX_LIMIT = 1000;
    private static final Pattern TRELLO_ID = Pattern.compile("[0-9a-f]{24}");
    private static final DateTimeFormatter TRELLO_DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final String UNAUTHORIZED = "unauthorized permission requested";
    private static final Map<String, String> RATE_LIMITED = new LinkedHashMap<>();

    static {
        RATE_LIMITED.put("error", "API_TOKEN_LIMIT_EXCEEDED");
        RATE_LIMITED.put("message", "Rate limit exceeded");
    }

    private final Object lock = new Object();
    private final ObjectMapper json = new ObjectMapper();
    private final Clock clock;
    private final Javalin app;
    private final TrelloFaults faults = new TrelloFaults();
    private final ScheduledExecutorService deliveries;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, AtomicInteger> requestCounts = new ConcurrentHashMap<>();
    private final AtomicLong idCounter = new AtomicLong(0x5a3c000000L);
    private final AtomicInteger deliveryAttempts = new AtomicInteger();
    private final List<Runnable> heldDeliveries = new ArrayList<>();

    private final Map<String, Member> members = new LinkedHashMap<>();
    private final Map<String, Board> boards = new LinkedHashMap<>();
    private final Map<String, TList> lists = new LinkedHashMap<>();
    private final Map<String, Label> labels = new LinkedHashMap<>();
    private final Map<String, Card> cards = new LinkedHashMap<>();
    private final Map<String, Checklist> checklists = new LinkedHashMap<>();
    private final List<Action> actions = new ArrayList<>();
    private final Map<String, Webhook> webhooks = new LinkedHashMap<>();

    private volatile String appSecret = "trello-simulator-app-secret";
    private volatile Duration webhookRetryBackoff = Duration.ofMillis(200);
    private volatile int webhookMaxAttempts = 4;
    private volatile int tokenRequestsPer10Seconds;
    private final Map<String, java.util.Deque<Long>> tokenWindows = new ConcurrentHashMap<>();

    private TrelloSimulator(int port, Clock clock) {
        this.clock = clock;
        this.deliveries = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "trello-simulator-webhooks");
            t.setDaemon(true);
            return t;
        });
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.get("/1/*", this::handle);
            config.routes.post("/1/*", this::handle);
            config.routes.put("/1/*", this::handle);
            config.routes.delete("/1/*", this::handle);
        }).start("127.0.0.1", port);
    }

    /** Starts a simulator on 127.0.0.1; port 0 picks a free port. */
    public static TrelloSimulator start(int port) {
        return new TrelloSimulator(port, Clock.systemUTC());
    }

    /** Starts a simulator whose timestamps ({@code dateLastActivity}, action dates) come from this clock. */
    public static TrelloSimulator start(int port, Clock clock) {
        return new TrelloSimulator(port, Objects.requireNonNull(clock, "clock"));
    }

    /** {@code http://127.0.0.1:PORT}; the REST API is under {@code /1/}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + app.port();
    }

    /** The fault switches. */
    public TrelloFaults faults() {
        return faults;
    }

    /** The application secret that signs webhooks. */
    public String appSecret() {
        return appSecret;
    }

    /** Replaces the application secret that signs webhooks. */
    public TrelloSimulator appSecret(String secret) {
        this.appSecret = Objects.requireNonNull(secret, "secret");
        return this;
    }

    /** Delivery attempts per webhook event (first try included) and the first retry delay, doubled each time. */
    public TrelloSimulator webhookRetries(int maxAttempts, Duration firstBackoff) {
        this.webhookMaxAttempts = Math.max(1, maxAttempts);
        this.webhookRetryBackoff = firstBackoff;
        return this;
    }

    /**
     * Enforces Trello's per-token rate limit: more than {@code requests} in a sliding 10 seconds from one token are
     * answered 429 {@code API_TOKEN_LIMIT_EXCEEDED} (Trello allows 100); 0 turns the limit off (the default).
     */
    public TrelloSimulator tokenRateLimit(int requests) {
        this.tokenRequestsPer10Seconds = Math.max(0, requests);
        tokenWindows.clear();
        return this;
    }

    /** How many REST requests were received whose path starts with the prefix (e.g. {@code /1/boards}). */
    public int requestCount(String prefix) {
        return requestCounts.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .mapToInt(e -> e.getValue().get()).sum();
    }

    /** How many webhook POST attempts were made so far (retries and duplicates included). */
    public int webhookDeliveryAttempts() {
        return deliveryAttempts.get();
    }

    // ---------------------------------------------------------------- control API

    /** Adds a member whose requests authenticate with this API key and token. */
    public TrelloSimulator addMember(String id, String fullName, String apiKey, String token) {
        synchronized (lock) {
            Member m = new Member();
            m.id = id;
            m.fullName = fullName;
            m.username = fullName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
            m.apiKey = apiKey;
            m.token = token;
            members.put(id, m);
        }
        return this;
    }

    /** Adds a private board. */
    public TrelloSimulator addBoard(String id, String name) {
        synchronized (lock) {
            Board b = new Board();
            b.id = id;
            b.name = name;
            b.shortLink = shortLink(id);
            b.dateLastActivity = now();
            boards.put(id, b);
        }
        return this;
    }

    /** Makes a member a member of a board with that role (replacing any earlier role). */
    public TrelloSimulator addBoardMember(String boardId, String memberId, BoardRole role) {
        synchronized (lock) {
            Board b = require(boards, boardId, "board");
            require(members, memberId, "member");
            b.members.put(memberId, role);
            b.membershipIds.computeIfAbsent(memberId, m -> newId(now()));
        }
        return this;
    }

    /** Removes a member from a board. */
    public TrelloSimulator removeBoardMember(String boardId, String memberId) {
        synchronized (lock) {
            require(boards, boardId, "board").members.remove(memberId);
        }
        return this;
    }

    /** Adds an open list at the end of the board. */
    public TrelloSimulator addList(String id, String boardId, String name) {
        synchronized (lock) {
            require(boards, boardId, "board");
            TList l = new TList();
            l.id = id;
            l.idBoard = boardId;
            l.name = name;
            l.pos = 16384 * (1 + lists.values().stream().filter(x -> x.idBoard.equals(boardId)).count());
            lists.put(id, l);
        }
        return this;
    }

    /** Adds a label to a board. */
    public TrelloSimulator addLabel(String id, String boardId, String name, String color) {
        synchronized (lock) {
            require(boards, boardId, "board");
            Label l = new Label();
            l.id = id;
            l.idBoard = boardId;
            l.name = name;
            l.color = color;
            labels.put(id, l);
        }
        return this;
    }

    /** Adds a checklist with incomplete items to a card; returns its id. */
    public String addChecklist(String cardId, String name, List<String> items) {
        synchronized (lock) {
            Card c = require(cards, cardId, "card");
            Checklist cl = new Checklist();
            cl.id = newId(now());
            cl.idBoard = c.idBoard;
            cl.idCard = c.id;
            cl.name = name;
            cl.pos = 16384 * (1 + checklists.values().stream().filter(x -> x.idCard.equals(cardId)).count());
            for (String item : items) {
                CheckItem ci = new CheckItem();
                ci.id = newId(now());
                ci.name = item;
                ci.state = "incomplete";
                ci.pos = 16384 * (cl.items.size() + 1);
                cl.items.add(ci);
            }
            checklists.put(cl.id, cl);
            return cl.id;
        }
    }

    /**
     * Creates a card as a member (recorded as the action's creator; no permission check) and fires webhooks.
     *
     * @param fields optional: {@code due}, {@code start} (Instant, LocalDate or ISO string), {@code desc},
     *               {@code idMembers}, {@code idLabels} (lists of ids), {@code closed}, {@code dueComplete}
     * @return the new card's id
     */
    public String createCard(String asMemberId, String listId, String name, Map<String, ?> fields) {
        synchronized (lock) {
            TList list = require(lists, listId, "list");
            Map<String, String> params = new LinkedHashMap<>();
            stringify(fields == null ? Map.of() : fields, params);
            params.put("idList", list.id);
            params.put("name", name);
            Card c = doCreateCard(params, memberOrNull(asMemberId));
            return c.id;
        }
    }

    /** Changes a card as a member ({@code null}: an automation without a person) and fires webhooks. */
    public void updateCard(String asMemberIdOrNull, String cardId, Map<String, ?> fields) {
        synchronized (lock) {
            Card c = require(cards, cardId, "card");
            Map<String, String> params = new LinkedHashMap<>();
            stringify(fields, params);
            doUpdateCard(c, params, memberOrNull(asMemberIdOrNull));
        }
    }

    /** Deletes a card as a member ({@code null}: an automation) and fires webhooks. */
    public void deleteCard(String asMemberIdOrNull, String cardId) {
        synchronized (lock) {
            doDeleteCard(require(cards, cardId, "card"), memberOrNull(asMemberIdOrNull));
        }
    }

    /** The card as {@code GET /1/cards/{id}} shows it to a board member; empty when it does not exist. */
    public Optional<Map<String, Object>> cardFields(String cardId) {
        synchronized (lock) {
            Card c = cards.get(cardId);
            return c == null ? Optional.empty() : Optional.of(cardJson(c, null));
        }
    }

    /** Ids of the registered webhooks. */
    public List<String> webhookIds() {
        synchronized (lock) {
            return List.copyOf(webhooks.keySet());
        }
    }

    /**
     * Deterministic data: one board with lists "To Do", "Doing", "Done", three labels, members with each role
     * (admin, normal, observer) plus one outsider who is on no board, and {@code cardCount} cards spread over the
     * lists with start and due dates. The same seed gives the same names, dates, lists and labels.
     */
    public Seed seed(long seed, int cardCount) {
        Random random = new Random(seed);
        String suffix = Long.toHexString(seed & 0xffffL);
        String[] names = {"admin", "normal", "observer", "outsider"};
        String[] ids = new String[names.length];
        String[] tokens = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            ids[i] = String.format("%08x%016x", 0x5e000000 + i, seed & 0xffffffffL);
            tokens[i] = "tok-" + names[i] + "-" + suffix;
            addMember(ids[i], Character.toUpperCase(names[i].charAt(0)) + names[i].substring(1) + " Member",
                    SEED_API_KEY, tokens[i]);
        }
        String boardId = String.format("%08x%016x", 0x5e100000, seed & 0xffffffffL);
        addBoard(boardId, "Seeded board " + suffix);
        addBoardMember(boardId, ids[0], BoardRole.ADMIN);
        addBoardMember(boardId, ids[1], BoardRole.NORMAL);
        addBoardMember(boardId, ids[2], BoardRole.OBSERVER);
        List<String> listIds = new ArrayList<>();
        String[] listNames = {"To Do", "Doing", "Done"};
        for (int i = 0; i < listNames.length; i++) {
            String id = String.format("%08x%016x", 0x5e200000 + i, seed & 0xffffffffL);
            addList(id, boardId, listNames[i]);
            listIds.add(id);
        }
        List<String> labelIds = new ArrayList<>();
        String[][] labelDefs = {{"backend", "green"}, {"frontend", "blue"}, {"urgent", "red"}};
        for (int i = 0; i < labelDefs.length; i++) {
            String id = String.format("%08x%016x", 0x5e300000 + i, seed & 0xffffffffL);
            addLabel(id, boardId, labelDefs[i][0], labelDefs[i][1]);
            labelIds.add(id);
        }
        LocalDate base = LocalDate.of(2026, 1, 5);
        List<String> cardIds = new ArrayList<>();
        for (int i = 0; i < cardCount; i++) {
            LocalDate start = base.plusDays(random.nextInt(120));
            LocalDate due = start.plusDays(1 + random.nextInt(20));
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("start", start.atTime(12, 0).toInstant(ZoneOffset.UTC));
            fields.put("due", due.atTime(12, 0).toInstant(ZoneOffset.UTC));
            fields.put("idLabels", List.of(labelIds.get(random.nextInt(labelIds.size()))));
            fields.put("idMembers", List.of(ids[random.nextInt(2)]));
            cardIds.add(createCard(ids[0], listIds.get(random.nextInt(listIds.size())), "Card " + (i + 1), fields));
        }
        return new Seed(boardId, listIds, labelIds, ids[0], tokens[0], ids[1], tokens[1], ids[2], tokens[2],
                ids[3], tokens[3], cardIds);
    }

    /**
     * Runs a seeded simulator until the process is stopped: {@code --port P --cards N --seed S}. Prints the base URL,
     * the API key and the seeded members' tokens.
     */
    public static void main(String[] args) throws InterruptedException {
        Map<String, String> options = new LinkedHashMap<>(Map.of("--port", "8091", "--cards", "50", "--seed", "1"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!options.containsKey(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; use --port, --cards, --seed");
            }
            options.put(args[i], args[i + 1]);
        }
        TrelloSimulator sim = start(Integer.parseInt(options.get("--port")));
        Seed seed = sim.seed(Long.parseLong(options.get("--seed")), Integer.parseInt(options.get("--cards")));
        System.out.println("Trello simulator on " + sim.baseUrl() + "/1 (API key " + SEED_API_KEY + ")");
        System.out.println("board " + seed.boardId() + "; tokens: admin " + seed.adminToken() + ", normal "
                + seed.normalToken() + ", observer " + seed.observerToken() + ", outsider " + seed.outsiderToken());
        System.out.println("webhook secret " + sim.appSecret());
        Runtime.getRuntime().addShutdownHook(new Thread(sim::close));
        Thread.currentThread().join();
    }

    @Override
    public void close() {
        deliveries.shutdownNow();
        app.stop();
    }

    // ---------------------------------------------------------------- HTTP

    private void handle(Context ctx) throws Exception {
        String path = ctx.path();
        requestCounts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        Duration latency = faults.latency();
        if (!latency.isZero()) {
            Thread.sleep(latency.toMillis());
        }
        if (faults.takeReset()) {
            abortConnection(ctx);
            return;
        }
        if (faults.takeRateLimit()) {
            if (faults.retryAfterSeconds() > 0) {
                ctx.header("Retry-After", Integer.toString(faults.retryAfterSeconds()));
            }
            sendJson(ctx, 429, RATE_LIMITED);
            return;
        }
        if (faults.takeFailure()) {
            sendText(ctx, faults.failureStatus(), faults.failureStatus() >= 500 ? "Internal Server Error" : "error");
            return;
        }
        try {
            Map<String, String> params = params(ctx);
            if (overTokenLimit(ctx, params)) {
                sendJson(ctx, 429, RATE_LIMITED);
                return;
            }
            List<String> seg = Arrays.stream(path.substring(3).split("/")).filter(s -> !s.isEmpty())
                    .map(s -> URLDecoder.decode(s, StandardCharsets.UTF_8)).toList();
            Object result;
            if (seg.size() == 1 && seg.get(0).equals("webhooks") && ctx.method().name().equals("POST")) {
                result = createWebhook(authenticate(ctx, params), params);
            } else {
                synchronized (lock) {
                    result = route(ctx.method().name(), seg, params, authenticate(ctx, params));
                }
            }
            sendJson(ctx, 200, result);
        } catch (TrelloError e) {
            sendText(ctx, e.status, e.getMessage());
        }
    }

    private boolean overTokenLimit(Context ctx, Map<String, String> params) {
        int limit = tokenRequestsPer10Seconds;
        if (limit == 0) {
            return false;
        }
        String token = Optional.ofNullable(params.get("token")).orElseGet(() -> {
            String authorization = Optional.ofNullable(ctx.header("Authorization")).orElse("");
            java.util.regex.Matcher m = Pattern.compile("oauth_token=\"?([^\",]*)").matcher(authorization);
            return m.find() ? m.group(1) : "";
        });
        long now = System.nanoTime();
        java.util.Deque<Long> window = tokenWindows.computeIfAbsent(token, t -> new java.util.ArrayDeque<>());
        synchronized (window) {
            while (!window.isEmpty() && now - window.peekFirst() > Duration.ofSeconds(10).toNanos()) {
                window.pollFirst();
            }
            if (window.size() >= limit) {
                return true;
            }
            window.addLast(now);
            return false;
        }
    }

    private static void abortConnection(Context ctx) throws IOException {
        ctx.res().setStatus(200);
        ctx.res().setContentType("application/json");
        ctx.res().setContentLength(4096);
        ctx.res().getOutputStream().write("{\"id\":".getBytes(StandardCharsets.UTF_8));
        ctx.res().flushBuffer();
        throw new IOException("simulated connection reset");
    }

    private void sendJson(Context ctx, int status, Object body) throws JsonProcessingException {
        ctx.status(status).contentType("application/json; charset=utf-8").result(json.writeValueAsString(body));
    }

    private static void sendText(Context ctx, int status, String body) {
        ctx.status(status).contentType("text/plain; charset=utf-8").result(body);
    }

    private Map<String, String> params(Context ctx) {
        Map<String, String> p = new LinkedHashMap<>();
        ctx.queryParamMap().forEach((k, v) -> p.put(k, v.isEmpty() ? "" : v.get(0)));
        String contentType = Optional.ofNullable(ctx.contentType()).orElse("");
        String body = ctx.body();
        if (!body.isBlank()) {
            if (contentType.startsWith("application/json")) {
                try {
                    Map<String, Object> m = json.readValue(body, new TypeReference<>() { });
                    stringify(m, p);
                } catch (JsonProcessingException e) {
                    throw new TrelloError(400, "invalid json");
                }
            } else if (contentType.startsWith("application/x-www-form-urlencoded")) {
                ctx.formParamMap().forEach((k, v) -> p.put(k, v.isEmpty() ? "" : v.get(0)));
            }
        }
        return p;
    }

    private static void stringify(Map<String, ?> in, Map<String, String> out) {
        in.forEach((k, v) -> {
            if (v == null) {
                out.put(k, "null");
            } else if (v instanceof Collection<?> c) {
                out.put(k, String.join(",", c.stream().map(String::valueOf).toList()));
            } else if (v instanceof Instant i) {
                out.put(k, TRELLO_DATE.format(i));
            } else {
                out.put(k, String.valueOf(v));
            }
        });
    }

    private Member authenticate(Context ctx, Map<String, String> params) {
        String key = params.get("key");
        String token = params.get("token");
        String authorization = ctx.header("Authorization");
        if (authorization != null && authorization.startsWith("OAuth ")) {
            Map<String, String> oauth = new LinkedHashMap<>();
            for (String part : authorization.substring(6).split(",")) {
                String[] kv = part.trim().split("=", 2);
                if (kv.length == 2) {
                    oauth.put(kv[0].trim(), kv[1].trim().replaceAll("^\"|\"$", ""));
                }
            }
            key = oauth.getOrDefault("oauth_consumer_key", key);
            token = oauth.getOrDefault("oauth_token", token);
        }
        synchronized (lock) {
            String k = key;
            if (k == null || k.isEmpty() || members.values().stream().noneMatch(m -> m.apiKey.equals(k))) {
                throw new TrelloError(401, "invalid key");
            }
            if (token == null || token.isEmpty()) {
                throw new TrelloError(401, UNAUTHORIZED);
            }
            String t = token;
            return members.values().stream().filter(m -> m.token.equals(t) && m.apiKey.equals(k)).findFirst()
                    .orElseThrow(() -> new TrelloError(401, "invalid token"));
        }
    }

    private Object route(String method, List<String> seg, Map<String, String> p, Member me) {
        String first = seg.isEmpty() ? "" : seg.get(0);
        int n = seg.size();
        switch (method + " " + first + "/" + n) {
            case "GET members/2":
                return memberJson(memberFor(seg.get(1), me));
            case "GET members/3":
                if (seg.get(2).equals("boards")) {
                    Member m = memberFor(seg.get(1), me);
                    return boards.values().stream().filter(b -> b.members.containsKey(m.id))
                            .filter(b -> m.id.equals(me.id) || b.members.containsKey(me.id))
                            .map(this::boardJson).toList();
                }
                break;
            case "GET boards/2":
                return boardJson(readableBoard(seg.get(1), me));
            case "GET boards/3":
            case "GET boards/4":
                return boardResource(readableBoard(seg.get(1), me), seg, p);
            case "GET lists/2":
                return listJson(readableList(seg.get(1), me));
            case "GET lists/3":
                if (seg.get(2).equals("cards")) {
                    TList l = readableList(seg.get(1), me);
                    return cardsOf(c -> c.idList.equals(l.id), p, "open");
                }
                break;
            case "GET cards/2":
                return cardResponse(readableCard(seg.get(1), me), p);
            case "GET cards/3":
                if (seg.get(2).equals("checklists")) {
                    Card c = readableCard(seg.get(1), me);
                    return checklistsOf(c);
                }
                break;
            case "POST cards/1":
                return createCardByRest(p, me);
            case "PUT cards/2":
                return updateCardByRest(seg.get(1), p, me);
            case "DELETE cards/2":
                Card doomed = writableCard(seg.get(1), me);
                doDeleteCard(doomed, me);
                return Map.of("limits", Map.of());
            case "GET webhooks/2":
                return webhookJson(ownWebhook(seg.get(1), me));
            case "DELETE webhooks/2":
                webhooks.remove(ownWebhook(seg.get(1), me).id);
                Map<String, Object> deleted = new LinkedHashMap<>();
                deleted.put("_value", null);
                return deleted;
            case "GET tokens/3":
                if (seg.get(2).equals("webhooks")) {
                    if (!seg.get(1).equals(me.token)) {
                        throw new TrelloError(401, UNAUTHORIZED);
                    }
                    return webhooks.values().stream().filter(w -> w.token.equals(me.token))
                            .map(this::webhookJson).toList();
                }
                break;
            default:
                break;
        }
        throw new TrelloError(404, "Cannot " + method + " /1/" + String.join("/", seg));
    }

    private Object boardResource(Board b, List<String> seg, Map<String, String> p) {
        String what = seg.get(2);
        switch (what) {
            case "lists": {
                String filter = p.getOrDefault("filter", "open");
                List<Map<String, Object>> out = new ArrayList<>();
                for (TList l : listsOf(b.id)) {
                    if (filter.equals("all") || (filter.equals("closed") == l.closed)) {
                        Map<String, Object> lj = listJson(l);
                        if ("open".equals(p.get("cards")) || "all".equals(p.get("cards"))) {
                            lj.put("cards", cardsOf(c -> c.idList.equals(l.id), Map.of(), p.get("cards")));
                        }
                        out.add(lj);
                    }
                }
                return out;
            }
            case "cards": {
                String filter = seg.size() == 4 ? seg.get(3) : p.getOrDefault("filter", "visible");
                return cardsOf(c -> c.idBoard.equals(b.id), p, filter);
            }
            case "members":
                return b.members.keySet().stream().map(members::get).map(m -> {
                    Map<String, Object> mj = new LinkedHashMap<>();
                    mj.put("id", m.id);
                    mj.put("fullName", m.fullName);
                    mj.put("username", m.username);
                    return mj;
                }).toList();
            case "memberships":
                return b.members.entrySet().stream().map(e -> {
                    Map<String, Object> mj = new LinkedHashMap<>();
                    mj.put("id", b.membershipIds.get(e.getKey()));
                    mj.put("idMember", e.getKey());
                    mj.put("memberType", e.getValue().wireName());
                    mj.put("unconfirmed", false);
                    mj.put("deactivated", false);
                    return mj;
                }).toList();
            case "labels":
                return labels.values().stream().filter(l -> l.idBoard.equals(b.id)).map(this::labelJson).toList();
            case "checklists":
                return checklists.values().stream().filter(c -> c.idBoard.equals(b.id)).map(this::checklistJson)
                        .toList();
            case "actions":
                return actionsOf(b, p);
            default:
                throw new TrelloError(404, "Cannot GET /1/" + String.join("/", seg));
        }
    }

    // ---------------------------------------------------------------- reads

    private List<Map<String, Object>> cardsOf(java.util.function.Predicate<Card> where, Map<String, String> p,
                                             String filter) {
        List<Card> selected = cards.values().stream().filter(where).filter(c -> switch (filter) {
            case "all" -> true;
            case "closed" -> c.closed;
            case "open" -> !c.closed;
            case "visible" -> !c.closed && !lists.get(c.idList).closed;
            default -> throw new TrelloError(400, "invalid value for filter");
        }).toList();
        Integer limit = p.containsKey("limit") ? parseLimit(p.get("limit")) : null;
        if (limit != null || p.containsKey("before") || p.containsKey("since")) {
            // Trello pages cards newest first by id when limit/before/since are given.
            String before = p.get("before");
            String since = p.get("since");
            selected = selected.stream().sorted(Comparator.comparing((Card c) -> c.id).reversed())
                    .filter(c -> before == null || compareToBound(c.id, before) < 0)
                    .filter(c -> since == null || compareToBound(c.id, since) > 0)
                    .limit(limit == null ? MAX_LIMIT : limit).toList();
        } else {
            selected = selected.stream().sorted(Comparator.comparingDouble((Card c) -> lists.get(c.idList).pos)
                    .thenComparingDouble(c -> c.pos)).toList();
        }
        Set<String> fields = fieldsParam(p);
        return selected.stream().map(c -> project(cardJson(c, null), fields)).toList();
    }

    private static int parseLimit(String raw) {
        try {
            int limit = Integer.parseInt(raw);
            if (limit < 0 || limit > MAX_LIMIT) {
                throw new TrelloError(400, "invalid value for limit");
            }
            return limit;
        } catch (NumberFormatException e) {
            throw new TrelloError(400, "invalid value for limit");
        }
    }

    private static int compareToBound(String id, String bound) {
        if (TRELLO_ID.matcher(bound).matches()) {
            return id.compareTo(bound);
        }
        Instant at = parseDate(bound, "before");
        if (at == null) {
            throw new TrelloError(400, "invalid value for before");
        }
        return Long.compare(Long.parseLong(id.substring(0, 8), 16), at.getEpochSecond());
    }

    private Object cardResponse(Card c, Map<String, String> p) {
        Map<String, Object> out = project(cardJson(c, null), fieldsParam(p));
        if ("true".equals(p.get("list"))) {
            out.put("list", listJson(lists.get(c.idList)));
        }
        if ("true".equals(p.get("board"))) {
            out.put("board", boardJson(boards.get(c.idBoard)));
        }
        if ("true".equals(p.get("members"))) {
            out.put("members", c.idMembers.stream().map(members::get).filter(Objects::nonNull)
                    .map(this::memberJson).toList());
        }
        if ("all".equals(p.get("checklists"))) {
            out.put("checklists", checklistsOf(c));
        }
        return out;
    }

    private List<Map<String, Object>> checklistsOf(Card c) {
        return checklists.values().stream().filter(x -> x.idCard.equals(c.id)).map(this::checklistJson).toList();
    }

    private List<Map<String, Object>> actionsOf(Board b, Map<String, String> p) {
        Set<String> types = p.containsKey("filter") && !p.get("filter").equals("all")
                ? Set.of(p.get("filter").split(",")) : null;
        Instant since = p.containsKey("since") ? parseDate(p.get("since"), "since") : null;
        Instant before = p.containsKey("before") ? parseDate(p.get("before"), "before") : null;
        int limit = p.containsKey("limit") ? parseLimit(p.get("limit")) : 50;
        List<Action> selected = new ArrayList<>();
        for (int i = actions.size() - 1; i >= 0 && selected.size() < limit; i--) {
            Action a = actions.get(i);
            if (a.idBoard.equals(b.id) && (types == null || types.contains(a.type))
                    && (since == null || a.date.isAfter(since)) && (before == null || a.date.isBefore(before))) {
                selected.add(a);
            }
        }
        return selected.stream().map(a -> a.json).toList();
    }

    private static Set<String> fieldsParam(Map<String, String> p) {
        String fields = p.get("fields");
        if (fields == null || fields.equals("all")) {
            return null;
        }
        return new LinkedHashSet<>(Arrays.asList(fields.split(",")));
    }

    private static Map<String, Object> project(Map<String, Object> full, Set<String> fields) {
        if (fields == null) {
            return full;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", full.get("id"));
        for (String f : fields) {
            if (full.containsKey(f)) {
                out.put(f, full.get(f));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- writes

    private Object createCardByRest(Map<String, String> p, Member me) {
        String idList = p.get("idList");
        if (idList == null || idList.isBlank()) {
            throw new TrelloError(400, "invalid value for idList");
        }
        TList list = lists.get(idList);
        if (list == null) {
            throw new TrelloError(TRELLO_ID.matcher(idList).matches() ? 404 : 400,
                    TRELLO_ID.matcher(idList).matches() ? "model not found" : "invalid value for idList");
        }
        requireEditor(boards.get(list.idBoard), me);
        return cardJson(doCreateCard(p, me), null);
    }

    private Object updateCardByRest(String cardId, Map<String, String> p, Member me) {
        Card c = writableCard(cardId, me);
        if (p.containsKey("idBoard") && !p.get("idBoard").equals(c.idBoard)) {
            requireEditor(lookup(boards, p.get("idBoard")), me);
        }
        doUpdateCard(c, p, me);
        return cardJson(c, null);
    }

    private Card doCreateCard(Map<String, String> p, Member by) {
        TList list = lists.get(p.get("idList"));
        Board board = boards.get(list.idBoard);
        Instant now = now();
        Card c = new Card();
        c.id = newId(now);
        c.idBoard = board.id;
        c.idList = list.id;
        c.name = p.getOrDefault("name", "");
        c.desc = p.getOrDefault("desc", "");
        c.idShort = board.nextIdShort++;
        c.shortLink = shortLink(c.id);
        c.pos = 16384 * (1 + cards.values().stream().filter(x -> x.idList.equals(list.id)).count());
        c.dateLastActivity = now;
        applyFields(c, p);
        cards.put(c.id, c);
        board.dateLastActivity = now;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("card", cardRef(c));
        data.put("list", Map.of("id", list.id, "name", list.name));
        data.put("board", boardRef(board));
        record(board, "createCard", by, data, "action_create_card", c);
        return c;
    }

    private void doUpdateCard(Card c, Map<String, String> p, Member by) {
        Map<String, Object> before = cardJson(c, null);
        String listBefore = c.idList;
        applyFields(c, p);
        Map<String, Object> after = cardJson(c, null);
        Board board = boards.get(c.idBoard);
        Instant now = now();
        boolean changed = false;
        for (String field : List.of("idList", "due", "start", "closed", "name", "desc", "dueComplete",
                "idMembers", "idLabels", "pos")) {
            if (Objects.equals(before.get(field), after.get(field))) {
                continue;
            }
            changed = true;
            if (field.equals("idMembers") || field.equals("idLabels")) {
                continue;
            }
            Map<String, Object> cardRef = cardRef(c);
            cardRef.put(field, after.get(field));
            Map<String, Object> old = new LinkedHashMap<>();
            old.put(field, before.get(field));
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("card", cardRef);
            data.put("old", old);
            data.put("board", boardRef(board));
            String translationKey;
            if (field.equals("idList")) {
                TList from = lists.get(listBefore);
                TList to = lists.get(c.idList);
                data.put("listBefore", Map.of("id", from.id, "name", from.name));
                data.put("listAfter", Map.of("id", to.id, "name", to.name));
                translationKey = "action_move_card_from_list_to_list";
            } else {
                TList l = lists.get(c.idList);
                data.put("list", Map.of("id", l.id, "name", l.name));
                translationKey = switch (field) {
                    case "due" -> c.due == null ? "action_removed_a_due_date" : "action_changed_a_due_date";
                    case "start" -> c.start == null ? "action_removed_start_date" : "action_changed_start_date";
                    case "closed" -> c.closed ? "action_archived_card" : "action_sent_card_to_board";
                    case "name" -> "action_renamed_card";
                    case "dueComplete" -> c.dueComplete ? "action_marked_the_due_date_complete"
                            : "action_marked_the_due_date_incomplete";
                    default -> "action_changed_description_of_card";
                };
            }
            record(board, "updateCard", by, data, translationKey, c);
        }
        if (changed) {
            c.dateLastActivity = now;
            board.dateLastActivity = now;
        }
    }

    private void applyFields(Card c, Map<String, String> p) {
        if (p.containsKey("name")) {
            if (p.get("name").isBlank()) {
                throw new TrelloError(400, "invalid value for name");
            }
            c.name = p.get("name");
        }
        if (p.containsKey("desc")) {
            c.desc = p.get("desc");
        }
        if (p.containsKey("due")) {
            c.due = parseDate(p.get("due"), "due");
        }
        if (p.containsKey("start")) {
            c.start = parseDate(p.get("start"), "start");
        }
        if (p.containsKey("closed")) {
            c.closed = parseBoolean(p.get("closed"), "closed");
        }
        if (p.containsKey("dueComplete")) {
            c.dueComplete = parseBoolean(p.get("dueComplete"), "dueComplete");
        }
        String targetBoard = p.getOrDefault("idBoard", c.idBoard);
        if (p.containsKey("idList")) {
            TList l = lists.get(p.get("idList"));
            if (l == null || !l.idBoard.equals(targetBoard)) {
                throw new TrelloError(400, "invalid value for idList");
            }
            c.idList = l.id;
            c.idBoard = l.idBoard;
        } else if (!targetBoard.equals(c.idBoard)) {
            throw new TrelloError(400, "invalid value for idList");
        }
        if (p.containsKey("idMembers")) {
            c.idMembers = idsParam(p.get("idMembers"), "idMembers", id -> members.containsKey(id));
        }
        if (p.containsKey("idLabels")) {
            c.idLabels = idsParam(p.get("idLabels"), "idLabels",
                    id -> labels.containsKey(id) && labels.get(id).idBoard.equals(c.idBoard));
        }
        if (p.containsKey("pos")) {
            String pos = p.get("pos");
            c.pos = switch (pos) {
                case "top" -> 0;
                case "bottom" -> c.pos + 1_000_000;
                default -> {
                    try {
                        yield Double.parseDouble(pos);
                    } catch (NumberFormatException e) {
                        throw new TrelloError(400, "invalid value for pos");
                    }
                }
            };
        }
    }

    private static List<String> idsParam(String raw, String name, java.util.function.Predicate<String> known) {
        if (raw == null || raw.isEmpty() || raw.equals("null")) {
            return new ArrayList<>();
        }
        List<String> ids = new ArrayList<>();
        for (String id : raw.split(",")) {
            String trimmed = id.trim().replaceAll("^\\[|]$", "");
            if (!known.test(trimmed)) {
                throw new TrelloError(400, "invalid value for " + name);
            }
            ids.add(trimmed);
        }
        return ids;
    }

    private void doDeleteCard(Card c, Member by) {
        Board board = boards.get(c.idBoard);
        TList l = lists.get(c.idList);
        cards.remove(c.id);
        checklists.values().removeIf(x -> x.idCard.equals(c.id));
        board.dateLastActivity = now();
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("id", c.id);
        card.put("idShort", c.idShort);
        card.put("shortLink", c.shortLink);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("card", card);
        data.put("list", Map.of("id", l.id, "name", l.name));
        data.put("board", boardRef(board));
        record(board, "deleteCard", by, data, "action_delete_card", c);
    }

    private static Instant parseDate(String raw, String name) {
        if (raw == null || raw.isEmpty() || raw.equals("null")) {
            return null;
        }
        try {
            return Instant.parse(raw).truncatedTo(ChronoUnit.MILLIS);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(raw).toInstant().truncatedTo(ChronoUnit.MILLIS);
            } catch (DateTimeParseException e2) {
                try {
                    return LocalDate.parse(raw).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException e3) {
                    throw new TrelloError(400, "invalid value for " + name);
                }
            }
        }
    }

    private static boolean parseBoolean(String raw, String name) {
        return switch (raw) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new TrelloError(400, "invalid value for " + name);
        };
    }

    // ---------------------------------------------------------------- actions and webhooks

    private void record(Board board, String type, Member by, Map<String, Object> data, String translationKey,
                        Card card) {
        Instant now = now();
        Action a = new Action();
        a.id = newId(now);
        a.idBoard = board.id;
        a.type = type;
        a.date = now;
        Map<String, Object> action = new LinkedHashMap<>();
        action.put("id", a.id);
        action.put("idMemberCreator", by == null ? null : by.id);
        action.put("data", data);
        action.put("appCreator", null);
        action.put("type", type);
        action.put("date", TRELLO_DATE.format(now));
        action.put("limits", null);
        Map<String, Object> entities = new LinkedHashMap<>();
        entities.put("card", Map.of("type", "card", "id", card.id, "shortLink", card.shortLink, "text", card.name));
        if (by != null) {
            entities.put("memberCreator", Map.of("type", "member", "id", by.id, "username", by.username,
                    "text", by.fullName));
        }
        action.put("display", Map.of("translationKey", translationKey, "entities", entities));
        action.put("memberCreator", by == null ? null : memberCreatorJson(by));
        a.json = action;
        actions.add(a);
        Set<String> watched = new LinkedHashSet<>(List.of(board.id, card.id, card.idList));
        Object listBefore = data.get("listBefore");
        if (listBefore instanceof Map<?, ?> lb) {
            watched.add(String.valueOf(lb.get("id")));
        }
        for (Webhook w : webhooks.values()) {
            Member owner = members.values().stream().filter(m -> m.token.equals(w.token)).findFirst().orElse(null);
            if (w.active && watched.contains(w.idModel) && owner != null && board.members.containsKey(owner.id)) {
                Map<String, Object> payload = new LinkedHashMap<>();
                payload.put("model", modelJson(w.idModel, card));
                payload.put("action", action);
                try {
                    enqueueDelivery(w, json.writeValueAsBytes(payload));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private Map<String, Object> modelJson(String idModel, Card card) {
        if (boards.containsKey(idModel)) {
            return boardJson(boards.get(idModel));
        }
        if (lists.containsKey(idModel)) {
            return listJson(lists.get(idModel));
        }
        return cardJson(card, null);
    }

    private void enqueueDelivery(Webhook w, byte[] body) {
        String callback = w.callbackURL;
        String signature = TrelloWebhookSigner.sign(appSecret, body, callback);
        Runnable send = () -> deliver(w, callback, body, signature, 1);
        Runnable maybeTwice = faults.takeDuplicate() ? () -> {
            send.run();
            send.run();
        } : send;
        synchronized (heldDeliveries) {
            if (faults.takeReorder()) {
                heldDeliveries.add(maybeTwice);
                if (faults.pendingReorders() == 0) {
                    List<Runnable> reversed = new ArrayList<>(heldDeliveries);
                    java.util.Collections.reverse(reversed);
                    heldDeliveries.clear();
                    reversed.forEach(deliveries::execute);
                }
                return;
            }
        }
        deliveries.execute(maybeTwice);
    }

    private void deliver(Webhook w, String callback, byte[] body, String signature, int attempt) {
        deliveryAttempts.incrementAndGet();
        int status;
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(callback)).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header(TrelloWebhookSigner.HEADER, signature)
                    .header("User-Agent", "Trello-Simulator")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            status = 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        synchronized (lock) {
            if (status >= 200 && status < 300) {
                w.consecutiveFailures = 0;
                w.firstConsecutiveFailDate = null;
                return;
            }
            if (w.consecutiveFailures++ == 0) {
                w.firstConsecutiveFailDate = now();
            }
        }
        if (attempt < webhookMaxAttempts && !deliveries.isShutdown()) {
            long delay = webhookRetryBackoff.toMillis() << (attempt - 1);
            deliveries.schedule(() -> deliver(w, callback, body, signature, attempt + 1), delay,
                    TimeUnit.MILLISECONDS);
        }
    }

    private Object createWebhook(Member me, Map<String, String> p) {
        String callbackURL = p.get("callbackURL");
        String idModel = p.get("idModel");
        if (callbackURL == null || callbackURL.isBlank()) {
            throw new TrelloError(400, "invalid value for callbackURL");
        }
        if (idModel == null || idModel.isBlank()) {
            throw new TrelloError(400, "invalid value for idModel");
        }
        synchronized (lock) {
            Board board = boards.get(idModel);
            if (board == null && lists.containsKey(idModel)) {
                board = boards.get(lists.get(idModel).idBoard);
            }
            if (board == null && cards.containsKey(idModel)) {
                board = boards.get(cards.get(idModel).idBoard);
            }
            if (board == null) {
                throw new TrelloError(400, "invalid value for idModel");
            }
            if (!board.members.containsKey(me.id)) {
                throw new TrelloError(401, UNAUTHORIZED);
            }
            boolean exists = webhooks.values().stream().anyMatch(w -> w.token.equals(me.token)
                    && w.idModel.equals(idModel) && w.callbackURL.equals(callbackURL));
            if (exists) {
                throw new TrelloError(400, "A webhook with that callback, model, and token already exists");
            }
        }
        int status;
        try {
            status = http.send(HttpRequest.newBuilder(URI.create(callbackURL)).timeout(Duration.ofSeconds(5))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException | IllegalArgumentException e) {
            throw new TrelloError(400, "URL (" + callbackURL + ") did not return 200 status code, got no response");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrelloError(500, "Internal Server Error");
        }
        if (status != 200) {
            throw new TrelloError(400, "URL (" + callbackURL + ") did not return 200 status code, got " + status);
        }
        synchronized (lock) {
            Webhook w = new Webhook();
            w.id = newId(now());
            w.idModel = idModel;
            w.callbackURL = callbackURL;
            w.description = p.getOrDefault("description", "");
            w.active = !"false".equals(p.get("active"));
            w.token = me.token;
            webhooks.put(w.id, w);
            return webhookJson(w);
        }
    }

    private Webhook ownWebhook(String id, Member me) {
        Webhook w = lookup(webhooks, id);
        if (!w.token.equals(me.token)) {
            throw new TrelloError(401, UNAUTHORIZED);
        }
        return w;
    }

    // ---------------------------------------------------------------- permissions and lookups

    private Member memberFor(String idOrMe, Member me) {
        if (idOrMe.equals("me") || idOrMe.equals(me.id)) {
            return me;
        }
        Member m = members.values().stream().filter(x -> x.id.equals(idOrMe) || x.username.equals(idOrMe))
                .findFirst().orElseThrow(() -> new TrelloError(404, "model not found"));
        return m;
    }

    private Board readableBoard(String id, Member me) {
        Board b = lookup(boards, id);
        if (!b.members.containsKey(me.id)) {
            throw new TrelloError(401, UNAUTHORIZED);
        }
        return b;
    }

    private TList readableList(String id, Member me) {
        TList l = lookup(lists, id);
        readableBoard(l.idBoard, me);
        return l;
    }

    private Card readableCard(String id, Member me) {
        Card c = lookupCard(id);
        readableBoard(c.idBoard, me);
        return c;
    }

    private Card writableCard(String id, Member me) {
        Card c = lookupCard(id);
        requireEditor(boards.get(c.idBoard), me);
        return c;
    }

    private Card lookupCard(String idOrShortLink) {
        Card c = cards.get(idOrShortLink);
        if (c == null) {
            c = cards.values().stream().filter(x -> x.shortLink.equals(idOrShortLink)).findFirst().orElse(null);
        }
        if (c == null) {
            throw notFound(idOrShortLink);
        }
        return c;
    }

    private static void requireEditor(Board b, Member me) {
        BoardRole role = b.members.get(me.id);
        if (role == null || !role.canEdit()) {
            throw new TrelloError(401, UNAUTHORIZED);
        }
    }

    private static <T> T lookup(Map<String, T> map, String id) {
        T found = map.get(id);
        if (found == null) {
            throw notFound(id);
        }
        return found;
    }

    private static TrelloError notFound(String id) {
        return TRELLO_ID.matcher(id).matches() ? new TrelloError(404, "model not found")
                : new TrelloError(400, "invalid id");
    }

    private static <T> T require(Map<String, T> map, String id, String what) {
        T found = map.get(id);
        if (found == null) {
            throw new IllegalArgumentException("no " + what + " with id " + id);
        }
        return found;
    }

    private Member memberOrNull(String id) {
        return id == null ? null : require(members, id, "member");
    }

    private List<TList> listsOf(String boardId) {
        return lists.values().stream().filter(l -> l.idBoard.equals(boardId))
                .sorted(Comparator.comparingDouble(l -> l.pos)).toList();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private String newId(Instant at) {
        return String.format("%08x%016x", at.getEpochSecond(), idCounter.incrementAndGet());
    }

    private static String shortLink(String id) {
        String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        long h = id.hashCode() & 0xffffffffL | ((long) id.length() << 32);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            sb.append(alphabet.charAt((int) (h % alphabet.length())));
            h = h / alphabet.length() + 7919L * (i + 1);
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- JSON shapes

    private Map<String, Object> cardJson(Card c, Set<String> unused) {
        Map<String, Object> m = new LinkedHashMap<>();
        long checkItems = checklists.values().stream().filter(x -> x.idCard.equals(c.id))
                .mapToLong(x -> x.items.size()).sum();
        long checked = checklists.values().stream().filter(x -> x.idCard.equals(c.id))
                .flatMap(x -> x.items.stream()).filter(i -> i.state.equals("complete")).count();
        Map<String, Object> badges = new LinkedHashMap<>();
        badges.put("attachments", 0);
        badges.put("checkItems", checkItems);
        badges.put("checkItemsChecked", checked);
        badges.put("comments", 0);
        badges.put("description", !c.desc.isEmpty());
        badges.put("due", date(c.due));
        badges.put("dueComplete", c.dueComplete);
        badges.put("start", date(c.start));
        m.put("id", c.id);
        m.put("badges", badges);
        m.put("checkItemStates", List.of());
        m.put("closed", c.closed);
        m.put("dueComplete", c.dueComplete);
        m.put("dateLastActivity", date(c.dateLastActivity));
        m.put("desc", c.desc);
        m.put("due", date(c.due));
        m.put("dueReminder", null);
        m.put("email", null);
        m.put("idBoard", c.idBoard);
        m.put("idChecklists", checklists.values().stream().filter(x -> x.idCard.equals(c.id)).map(x -> x.id)
                .toList());
        m.put("idList", c.idList);
        m.put("idMembers", List.copyOf(c.idMembers));
        m.put("idMembersVoted", List.of());
        m.put("idShort", c.idShort);
        m.put("idAttachmentCover", null);
        m.put("labels", c.idLabels.stream().map(labels::get).filter(Objects::nonNull).map(this::labelJson)
                .toList());
        m.put("idLabels", List.copyOf(c.idLabels));
        m.put("manualCoverAttachment", false);
        m.put("name", c.name);
        m.put("pos", c.pos);
        m.put("shortLink", c.shortLink);
        m.put("shortUrl", "https://trello.com/c/" + c.shortLink);
        m.put("start", date(c.start));
        m.put("subscribed", false);
        m.put("url", "https://trello.com/c/" + c.shortLink + "/" + c.idShort + "-"
                + c.name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-"));
        m.put("isTemplate", false);
        m.put("cardRole", null);
        return m;
    }

    private static Map<String, Object> cardRef(Card c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id);
        m.put("name", c.name);
        m.put("idShort", c.idShort);
        m.put("shortLink", c.shortLink);
        return m;
    }

    private static Map<String, Object> boardRef(Board b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", b.id);
        m.put("name", b.name);
        m.put("shortLink", b.shortLink);
        return m;
    }

    private Map<String, Object> boardJson(Board b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", b.id);
        m.put("name", b.name);
        m.put("desc", "");
        m.put("descData", null);
        m.put("closed", b.closed);
        m.put("idOrganization", null);
        m.put("pinned", false);
        m.put("url", "https://trello.com/b/" + b.shortLink + "/" + b.name.toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-"));
        m.put("shortUrl", "https://trello.com/b/" + b.shortLink);
        m.put("shortLink", b.shortLink);
        m.put("dateLastActivity", date(b.dateLastActivity));
        m.put("prefs", Map.of("permissionLevel", "private", "background", "blue"));
        Map<String, String> labelNames = new LinkedHashMap<>();
        labels.values().stream().filter(l -> l.idBoard.equals(b.id)).forEach(l -> labelNames.put(l.color, l.name));
        m.put("labelNames", labelNames);
        return m;
    }

    private Map<String, Object> listJson(TList l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", l.id);
        m.put("name", l.name);
        m.put("closed", l.closed);
        m.put("idBoard", l.idBoard);
        m.put("pos", l.pos);
        m.put("subscribed", false);
        m.put("softLimit", null);
        return m;
    }

    private Map<String, Object> labelJson(Label l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", l.id);
        m.put("idBoard", l.idBoard);
        m.put("name", l.name);
        m.put("color", l.color);
        m.put("uses", cards.values().stream().filter(c -> c.idLabels.contains(l.id)).count());
        return m;
    }

    private Map<String, Object> checklistJson(Checklist cl) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", cl.id);
        m.put("name", cl.name);
        m.put("idBoard", cl.idBoard);
        m.put("idCard", cl.idCard);
        m.put("pos", cl.pos);
        m.put("checkItems", cl.items.stream().map(i -> {
            Map<String, Object> im = new LinkedHashMap<>();
            im.put("id", i.id);
            im.put("name", i.name);
            im.put("nameData", null);
            im.put("pos", i.pos);
            im.put("state", i.state);
            im.put("due", null);
            im.put("idMember", null);
            im.put("idChecklist", cl.id);
            return im;
        }).toList());
        return m;
    }

    private Map<String, Object> memberJson(Member m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", m.id);
        out.put("fullName", m.fullName);
        out.put("username", m.username);
        out.put("initials", initials(m.fullName));
        out.put("avatarHash", null);
        out.put("url", "https://trello.com/" + m.username);
        out.put("idBoards", boards.values().stream().filter(b -> b.members.containsKey(m.id)).map(b -> b.id)
                .toList());
        return out;
    }

    private static Map<String, Object> memberCreatorJson(Member m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", m.id);
        out.put("activityBlocked", false);
        out.put("avatarHash", null);
        out.put("avatarUrl", null);
        out.put("fullName", m.fullName);
        out.put("idMemberReferrer", null);
        out.put("initials", initials(m.fullName));
        out.put("nonPublic", Map.of());
        out.put("nonPublicAvailable", true);
        out.put("username", m.username);
        return out;
    }

    private Map<String, Object> webhookJson(Webhook w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", w.id);
        m.put("description", w.description);
        m.put("idModel", w.idModel);
        m.put("callbackURL", w.callbackURL);
        m.put("active", w.active);
        m.put("consecutiveFailures", w.consecutiveFailures);
        m.put("firstConsecutiveFailDate", date(w.firstConsecutiveFailDate));
        return m;
    }

    private static String initials(String fullName) {
        StringBuilder sb = new StringBuilder();
        for (String part : fullName.split("\\s+")) {
            if (!part.isEmpty()) {
                sb.append(Character.toUpperCase(part.charAt(0)));
            }
        }
        return sb.toString();
    }

    private static String date(Instant i) {
        return i == null ? null : TRELLO_DATE.format(i);
    }

    /** A Trello error answer: status and plain-text body. */
    private static final class TrelloError extends RuntimeException {
        private final int status;

        TrelloError(int status, String body) {
            super(body, null, false, false);
            this.status = status;
        }
    }
}
