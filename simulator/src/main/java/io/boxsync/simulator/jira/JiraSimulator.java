package io.boxsync.simulator.jira;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;

/**
 * A Jira Cloud (REST v3 + v2) or Data Center (REST v2) site over real HTTP on 127.0.0.1, with the Agile API,
 * per-project permissions, signed webhooks delivered at least once, a {@code /_sim/} control API and fault injection.
 *
 * <p>Every account authenticates with one token: Cloud as HTTP Basic {@code email:token}, Data Center as
 * {@code Authorization: Bearer token}. A fresh instance has one administrator, {@link #ADMIN_ACCOUNT_ID} with email
 * {@link #ADMIN_EMAIL} and token {@link #ADMIN_TOKEN}, who may do everything. Accounts added later hold nothing until
 * granted. All dates are UTC (every account's time zone is "UTC").
 *
 * <p>The Java methods are the control plane: they act <em>as</em> an account (that account becomes the webhook's
 * {@code user} and the change history's author) but do not check its permissions; the HTTP API always does.
 * Thread-safe: every method may be called from any thread while requests are served.
 */
public final class JiraSimulator implements AutoCloseable {
    /** The product served: Cloud (REST v3 and v2, token-paged search) or Data Center (REST v2, offset-paged search). */
    public enum Flavour { CLOUD, DATA_CENTER }

    /** Project permissions: BROWSE (see issues), EDIT (edit, create, delete), SCHEDULE (due date, sprint), LINK, TRANSITION. */
    public enum Permission { BROWSE, EDIT, SCHEDULE, LINK, TRANSITION }

    public static final String ADMIN_ACCOUNT_ID = JiraStore.ADMIN_ID;
    public static final String ADMIN_EMAIL = "admin@example.com";
    public static final String ADMIN_TOKEN = "admin-token";

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JiraSimulator.class);

    private final Flavour flavour;
    private final JiraStore store = new JiraStore();
    private final SimFaults faults = new SimFaults();
    private final WebhookDispatcher webhooks = new WebhookDispatcher(faults);
    private final Map<String, LongAdder> requestCounts = new ConcurrentHashMap<>();
    private final JiraApi api;
    private final Javalin app;
    private final URI baseUrl;

    private JiraSimulator(Flavour flavour, int port) {
        this.flavour = Objects.requireNonNull(flavour, "flavour");
        this.api = new JiraApi(this, store);
        ControlApi control = new ControlApi(this);
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.before(this::beforeRequest);
            api.register(config.routes);
            control.register(config.routes);
            config.routes.exception(JiraError.class, (e, ctx) -> {
                e.headers.forEach(ctx::header);
                JiraApi.json(ctx, e.status, g -> JiraJson.errorBody(g, e.errorMessages, e.errors));
            });
            config.routes.exception(ConnectionDropped.class, (e, ctx) -> { });
            config.routes.exception(IllegalArgumentException.class, (e, ctx) ->
                    JiraApi.json(ctx, 400, g -> JiraJson.errorBody(g, List.of(String.valueOf(e.getMessage())), Map.of())));
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.warn("Jira simulator failed on {} {}", ctx.method(), ctx.path(), e);
                JiraApi.json(ctx, 500, g -> JiraJson.errorBody(g, List.of("Internal server error: " + e), Map.of()));
            });
        }).start("127.0.0.1", port);
        this.baseUrl = URI.create("http://127.0.0.1:" + app.port());
        store.sink((event, type, user, issue, history) -> {
            List<WebhookDispatcher.Hook> targets = new ArrayList<>();
            for (WebhookDispatcher.Hook hook : webhooks.hooks()) {
                if ((hook.events().isEmpty() || hook.events().contains(event)) && matchesFilter(hook, issue)) {
                    targets.add(hook);
                }
            }
            if (!targets.isEmpty()) {
                JiraJson.View view = new JiraJson.View(store, flavour == Flavour.CLOUD, 2, baseUrl.toString(), null);
                webhooks.publish(targets, JiraJson.webhookPayload(view, event, type, user, issue, history, store.clock.instant()));
            }
        });
    }

    /** Starts an empty instance (no projects, one admin account "admin" who may do everything) on 127.0.0.1; port 0 = random. */
    public static JiraSimulator start(Flavour flavour, int port) {
        return new JiraSimulator(flavour, port);
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public URI baseUrl() {
        return baseUrl;
    }

    public Flavour flavour() {
        return flavour;
    }

    /**
     * Adds a deterministic organisation: the same seed and count give the same projects, keys, fields and links.
     * Projects PLAT, WEB, MOB, OPS, DATA (1 to 5, by size) each with a board, 5 sprints (2 closed, 1 active, 2 future)
     * and versions 1.0, 1.1, 2.0; epics, stories, tasks, bugs, sub-tasks, "Blocks"/"Relates" links; accounts (token
     * {@code <id>-token}, email {@code <id>@example.com}): alice (everything everywhere), bob (browse only), carol
     * (browse + edit), dave (everything on the first project only), erin (nothing). Fires no webhooks.
     */
    public void seed(long seed, int issues) {
        JiraSeeder.seed(store, flavour, seed, issues);
    }

    /** Adds or replaces an account: Cloud authenticates with Basic email:token, DC with "Authorization: Bearer token". */
    public void addAccount(String accountId, String displayName, String email, String token) {
        store.addAccount(accountId, displayName, email, token, false);
    }

    public void grant(String accountId, String projectKey, Permission... permissions) {
        store.grant(accountId, projectKey, permissions);
    }

    public void revoke(String accountId, String projectKey, Permission... permissions) {
        store.revoke(accountId, projectKey, permissions);
    }

    /** Adds a project (idempotent by key) and a scrum board named "{@code <KEY> board}" over it. */
    public void addProject(String key, String name) {
        store.addProject(key, name);
    }

    /** The id of the board created with the project. */
    public String boardId(String projectKey) {
        synchronized (store) {
            return store.boards.values().stream().filter(b -> b.projectKey().equals(projectKey)).findFirst()
                    .map(b -> String.valueOf(b.id())).orElseThrow(() -> new IllegalArgumentException("No project " + projectKey));
        }
    }

    /**
     * Creates an issue as the account (null = system), fires jira:issue_created; returns the key. fields use Jira field
     * ids: duedate "2026-12-01", customfield_10015 start date, customfield_10020 sprint id, customfield_10014 epic link
     * key, customfield_10016 story points, parent key, assignee accountId, labels, components, fixVersions names,
     * description. Invalid values throw {@link IllegalArgumentException} naming the field. Unlike REST, closed sprints are accepted.
     */
    public String createIssue(String asAccountId, String projectKey, String issueType, String summary, Map<String, Object> fields) {
        try {
            return store.createIssue(store.requireAccount(asAccountId), projectKey, issueType, summary, fields, false).key;
        } catch (JiraError e) {
            throw new IllegalArgumentException(e.errorMessages + " " + e.errors);
        }
    }

    /** Changes fields (as createIssue, plus "status") as the account (null = system change, no user); fires jira:issue_updated. */
    public void updateIssue(String asAccountId, String key, Map<String, Object> fields) {
        try {
            store.updateIssue(store.requireAccount(asAccountId), requireIssue(key), fields, null, false);
        } catch (JiraError e) {
            throw new IllegalArgumentException(e.errorMessages + " " + e.errors);
        }
    }

    /** Deletes the issue and its sub-tasks as the account; fires jira:issue_deleted. */
    public void deleteIssue(String asAccountId, String key) {
        store.deleteIssue(store.requireAccount(asAccountId), requireIssue(key), true);
    }

    /**
     * Links two issues the way {@code POST /issueLink {type, outwardIssue:{key:outwardKey}, inwardIssue:{key:inwardKey}}}
     * does: for "Blocks", inwardKey blocks outwardKey (outwardKey "is blocked by" inwardKey). Fires jira:issue_updated on both.
     */
    public void linkIssues(String asAccountId, String linkTypeName, String outwardKey, String inwardKey) {
        SimLinkType type = store.linkType(linkTypeName);
        if (type == null) {
            throw new IllegalArgumentException("No link type " + linkTypeName + "; known: Blocks, Relates, Duplicate, Cloners");
        }
        store.link(store.requireAccount(asAccountId), type, requireIssue(inwardKey), requireIssue(outwardKey), true);
    }

    /**
     * Current raw values: project, summary, description, issuetype, status (names), assignee, reporter (account ids),
     * labels, components, fixVersions (names), duedate and customfield_10015 ("yyyy-MM-dd"), customfield_10016 (Double),
     * customfield_10020 (current sprint id), customfield_10014 and parent (keys), created/updated (Instant),
     * issuelinks (texts such as "blocks PLAT-2", "is blocked by PLAT-1").
     */
    public Map<String, Object> issueFields(String key) {
        return store.rawFields(requireIssue(key));
    }

    /** All keys, in creation order. */
    public List<String> issueKeys() {
        synchronized (store) {
            return new ArrayList<>(store.issues.keySet());
        }
    }

    /** Adds a sprint (state "future", "active" or "closed") to a board; returns its id. */
    public String addSprint(String boardId, String name, String state, LocalDate start, LocalDate end) {
        return String.valueOf(store.addSprint(Long.parseLong(boardId), name, state, start, end));
    }

    /** Adds a version to a project (released when its date is before today); returns its id. */
    public String addVersion(String projectKey, String name, LocalDate releaseDate) {
        boolean released = releaseDate != null && releaseDate.isBefore(LocalDate.now(store.clock));
        return String.valueOf(store.addVersion(projectKey, name, releaseDate, released));
    }

    /** Sends every later issue event to the URL; with a secret, signs bodies with {@code X-Hub-Signature: sha256=<hex>}. */
    public void registerWebhook(URI url, String secretOrNull) {
        registerWebhook(url, secretOrNull, null, Set.of());
    }

    /**
     * As {@link #registerWebhook(URI, String)}, limited to issues matching {@code jqlFilterOrNull} (evaluated as the
     * admin; an invalid filter throws {@link IllegalArgumentException}) and to the named events (empty = all of
     * jira:issue_created, jira:issue_updated, jira:issue_deleted).
     */
    public void registerWebhook(URI url, String secretOrNull, String jqlFilterOrNull, Set<String> events) {
        if (jqlFilterOrNull != null && !jqlFilterOrNull.isBlank()) {
            synchronized (store) {
                try {
                    JqlEvaluator.compile(jqlFilterOrNull, store, store.account(ADMIN_ACCOUNT_ID), store.clock.instant());
                } catch (JqlException e) {
                    throw new IllegalArgumentException("Invalid webhook JQL filter: " + e.getMessage(), e);
                }
            }
        }
        webhooks.register(Objects.requireNonNull(url, "url"), secretOrNull,
                jqlFilterOrNull == null || jqlFilterOrNull.isBlank() ? null : jqlFilterOrNull, events);
    }

    private boolean matchesFilter(WebhookDispatcher.Hook hook, SimIssue issue) {
        if (hook.jqlFilter() == null) {
            return true;
        }
        try {
            return JqlEvaluator.compile(hook.jqlFilter(), store, store.account(ADMIN_ACCOUNT_ID), store.clock.instant(), true)
                    .filter().test(issue);
        } catch (JqlException e) {
            return false;
        }
    }

    /** Retry timing of webhook deliveries: first retry after {@code firstRetryDelay}, doubling; each attempt times out after {@code timeout}. */
    public void webhookRetryPolicy(Duration firstRetryDelay, Duration timeout) {
        webhooks.retryPolicy(firstRetryDelay, timeout);
    }

    /** Deliveries not yet acknowledged with 2xx nor given up (6 attempts); 0 when the webhook queue is idle. */
    public int pendingWebhookDeliveries() {
        return webhooks.pending();
    }

    private SimIssue requireIssue(String key) {
        SimIssue issue = store.issueByKeyOrId(key);
        if (issue == null) {
            throw new IllegalArgumentException("No issue " + key);
        }
        return issue;
    }

    int webhookCount() {
        return webhooks.hooks().size();
    }

    public Faults faults() {
        return faults;
    }

    SimFaults faultState() {
        return faults;
    }

    JiraStore store() {
        return store;
    }

    /** Replaces the clock (tests of relative JQL dates and timestamps). */
    public void clock(Clock clock) {
        synchronized (store) {
            store.clock = Objects.requireNonNull(clock);
        }
    }

    /** Count of Jira API requests (not /_sim/) whose path starts with the prefix, e.g. "/rest/api/3/issue/". */
    public int requestCount(String pathPrefix) {
        long total = 0;
        for (Map.Entry<String, LongAdder> entry : requestCounts.entrySet()) {
            if (entry.getKey().startsWith(pathPrefix)) {
                total += entry.getValue().sum();
            }
        }
        return (int) total;
    }

    public void resetRequestCounts() {
        requestCounts.clear();
    }

    @Override
    public void close() {
        webhooks.close();
        app.stop();
    }

    private void beforeRequest(Context ctx) throws InterruptedException {
        String path = ctx.path();
        if (path.startsWith("/_sim")) {
            return;
        }
        requestCounts.computeIfAbsent(path, p -> new LongAdder()).increment();
        Duration latency = faults.latency();
        if (!latency.isZero()) {
            Thread.sleep(latency.toMillis());
        }
        switch (faults.nextAction()) {
            case RESET -> {
                ServletContextRequest.getServletContextRequest(ctx.req()).getConnectionMetaData().getConnection().getEndPoint().close();
                throw new ConnectionDropped();
            }
            case RATE_LIMIT -> {
                int seconds = faults.retryAfterSeconds();
                throw new JiraError(429, List.of("Rate limit exceeded."), Map.of())
                        .header("Retry-After", String.valueOf(seconds))
                        .header("X-RateLimit-Limit", "100")
                        .header("X-RateLimit-Remaining", "0")
                        .header("RateLimit-Reason", "jira-burst-based")
                        .header("X-RateLimit-Reset", java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'")
                                .withZone(java.time.ZoneOffset.UTC).format(store.clock.instant().plusSeconds(seconds)));
            }
            case FAIL -> {
                int status = faults.failureStatus();
                throw new JiraError(status, List.of("Internal server error (simulated " + status + ")."), Map.of());
            }
            default -> { }
        }
        if (path.startsWith("/rest/")) {
            api.authenticate(ctx);
        }
    }

    /** The connection was closed on purpose (a reset fault); nothing may be written. */
    private static final class ConnectionDropped extends RuntimeException {
        ConnectionDropped() {
            super("connection dropped", null, false, false);
        }
    }

    /** Fault switches; each takes effect for the next requests or webhook deliveries. Thread-safe. */
    public interface Faults {
        /** Delays every Jira API request by this much (zero = none). */
        void latency(Duration perRequest);

        /** The next {@code requests} Jira API requests fail with this 5xx status and a Jira error body. */
        void failNext(int requests, int status);

        /** The next {@code requests} Jira API requests get their connection closed without an answer. */
        void resetNext(int requests);

        /** The next {@code requests} Jira API requests get 429 with {@code Retry-After: retryAfterSeconds}. */
        void rateLimitNext(int requests, int retryAfterSeconds);

        /** Every webhook delivery is sent twice (same identifier). */
        void duplicateWebhooks(boolean on);

        /** Webhook deliveries published within 150 ms of each other are sent in reverse order. */
        void reorderWebhooks(boolean on);

        /** DC: {@code /rest/api/2/index/summary} reports an index missing issues and lagging an hour behind. */
        void corruptIndex(boolean on);

        /** Turns every fault off. */
        void clear();
    }
}
