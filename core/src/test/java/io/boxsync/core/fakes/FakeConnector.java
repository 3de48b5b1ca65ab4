package io.boxsync.core.fakes;

import io.boxsync.connector.ConnectionKind;
import io.boxsync.connector.Connector;
import io.boxsync.connector.ConnectorException;
import io.boxsync.connector.Cursor;
import io.boxsync.connector.IndexHealth;
import io.boxsync.connector.IssueKey;
import io.boxsync.connector.IterationRef;
import io.boxsync.connector.Page;
import io.boxsync.connector.PageToken;
import io.boxsync.connector.RemoteAccount;
import io.boxsync.connector.RemoteIssue;
import io.boxsync.connector.RemoteLink;
import io.boxsync.connector.RemoteMetadata;
import io.boxsync.connector.RemotePermission;
import io.boxsync.connector.RemoteWrite;
import io.boxsync.connector.ScopeQuery;
import io.boxsync.connector.StatusCategory;
import io.boxsync.connector.WebhookDecoder;
import io.boxsync.connector.WebhookException;
import io.boxsync.connector.WriteResult;
import io.boxsync.core.port.Clock;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A connector over an in-memory "tool": issues, accounts with permissions, links, and fault switches (a failing
 * page, a corrupted index, a slow snapshot). It counts every call so tests can prove "one fetch" or "no write".
 *
 * <p>Scopes: a source PROJECT matches the issue's project; the narrowing understands {@code label = X} terms
 * joined by {@code AND} (parentheses ignored). An account sees an issue when it holds BROWSE on it. Thread-safe.
 */
public final class FakeConnector implements Connector {
    private final ConnectionKind kind;
    private final Clock clock;
    private final Map<IssueKey, RemoteIssue> issues = new TreeMap<>();
    private final Map<String, Set<RemotePermission>> defaultPermissions = new HashMap<>();
    private final Map<String, Map<IssueKey, Set<RemotePermission>>> permissions = new HashMap<>();
    private final List<RemoteWrite> writes = new ArrayList<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<IssueKey, AtomicInteger> fetches = new ConcurrentHashMap<>();
    private volatile int pageSize = 2;
    private volatile int failingPage = -1;
    private volatile IndexHealth health = IndexHealth.healthy();
    private volatile CountDownLatch snapshotGate;
    private final Set<IssueKey> failingFetches = ConcurrentHashMap.newKeySet();
    private volatile ConnectorException writeRefusal;
    private int nextLink = 1;

    public FakeConnector(ConnectionKind kind, Clock clock) {
        this.kind = kind;
        this.clock = clock;
    }

    // ----- the tool, as tests drive it -----

    /** An account that may do everything on every issue. */
    public synchronized FakeConnector account(String accountId, RemotePermission... perms) {
        defaultPermissions.put(accountId, perms.length == 0 ? EnumSet.allOf(RemotePermission.class)
                : EnumSet.copyOf(List.of(perms)));
        return this;
    }

    /** Overrides an account's permissions on one issue. */
    public synchronized FakeConnector permit(String accountId, IssueKey key, RemotePermission... perms) {
        permissions.computeIfAbsent(accountId, a -> new HashMap<>()).put(key,
                perms.length == 0 ? EnumSet.noneOf(RemotePermission.class) : EnumSet.copyOf(List.of(perms)));
        return this;
    }

    public synchronized void put(RemoteIssue issue) {
        issues.put(issue.key(), issue);
    }

    /** Creates a plain issue of the project updated now. */
    public synchronized RemoteIssue create(String key, String project, String summary) {
        RemoteIssue issue = new RemoteIssue(IssueKey.of(key), project, "Story", summary, "To Do", StatusCategory.TO_DO,
                null, null, null, null, null, null, List.of(), List.of(), List.of(), null, null, List.of(), tick());
        issues.put(issue.key(), issue);
        return issue;
    }

    /** Changes an issue in the tool, stamping it updated now. */
    public synchronized RemoteIssue update(String key, UnaryOperator<RemoteIssue> change) {
        RemoteIssue before = issues.get(IssueKey.of(key));
        RemoteIssue changed = change.apply(before);
        RemoteIssue stamped = restamp(changed, tick());
        issues.put(stamped.key(), stamped);
        return stamped;
    }

    public synchronized void delete(String key) {
        issues.remove(IssueKey.of(key));
    }

    public synchronized Optional<RemoteIssue> issue(String key) {
        return Optional.ofNullable(issues.get(IssueKey.of(key)));
    }

    public void pageSize(int size) {
        this.pageSize = size;
    }

    /** Makes the snapshot page with that index (from 0) fail with a transient error; -1 for none. */
    public void failPage(int index) {
        this.failingPage = index;
    }

    /** Makes every fetch of the issue fail with a transient error (or stop failing). */
    public void failFetches(String key, boolean failing) {
        if (failing) {
            failingFetches.add(IssueKey.of(key));
        } else {
            failingFetches.remove(IssueKey.of(key));
        }
    }

    /** Makes every write fail with the given error, as a tool whose state changed under us would; null to stop. */
    public void refuseWrites(ConnectorException refusal) {
        this.writeRefusal = refusal;
    }

    public void indexHealth(IndexHealth state) {
        this.health = state;
    }

    /** Makes every snapshot wait until the returned latch is counted down. */
    public CountDownLatch holdSnapshots() {
        CountDownLatch latch = new CountDownLatch(1);
        snapshotGate = latch;
        return latch;
    }

    public synchronized List<RemoteWrite> writes() {
        return List.copyOf(writes);
    }

    public int calls(String method) {
        return calls.getOrDefault(method, new AtomicInteger()).get();
    }

    public int fetches(String key) {
        return fetches.getOrDefault(IssueKey.of(key), new AtomicInteger()).get();
    }

    // ----- the SPI -----

    @Override
    public ConnectionKind kind() {
        return kind;
    }

    @Override
    public RemoteMetadata.Item check(RemoteAccount account) {
        count("check");
        return new RemoteMetadata.Item(account.accountId(), "", account.accountId(), "");
    }

    @Override
    public synchronized RemoteMetadata metadata() {
        count("metadata");
        Set<String> projects = new TreeSet<>();
        Map<String, IterationRef> iterations = new LinkedHashMap<>();
        issues.values().forEach(i -> {
            projects.add(i.projectKey());
            i.iterations().forEach(r -> iterations.put(r.kind() + ":" + r.id(), r));
        });
        return new RemoteMetadata(projects.stream().map(p -> new RemoteMetadata.Item(p, p, p, "")).toList(),
                List.of(), List.of(new RemoteMetadata.LinkType("1", "Blocks", "blocks", "is blocked by")),
                List.copyOf(iterations.values()), List.of());
    }

    @Override
    public IndexHealth indexHealth() {
        count("indexHealth");
        return health;
    }

    @Override
    public Page<RemoteIssue> snapshot(ScopeQuery scope, RemoteAccount account, Optional<PageToken> from) {
        count("snapshot");
        CountDownLatch gate = snapshotGate;
        if (gate != null) {
            try {
                gate.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            int offset = from.map(t -> Integer.parseInt(t.value())).orElse(0);
            if (failingPage >= 0 && offset / pageSize == failingPage) {
                throw new ConnectorException(ConnectorException.Kind.TRANSIENT, "HTTP 503 on page " + failingPage, 503,
                        null, null);
            }
            List<RemoteIssue> all = issues.values().stream().filter(i -> inScope(i, scope) && sees(account, i.key()))
                    .toList();
            return page(all, offset);
        }
    }

    @Override
    public synchronized Page<RemoteIssue> incremental(ScopeQuery scope, RemoteAccount account, Cursor since,
                                                      Duration lookback, Optional<PageToken> from) {
        count("incremental");
        Instant readFrom = since.readFrom(lookback);
        int offset = from.map(t -> Integer.parseInt(t.value())).orElse(0);
        List<RemoteIssue> all = issues.values().stream()
                .filter(i -> inScope(i, scope) && sees(account, i.key()) && !i.updated().isBefore(readFrom))
                .sorted(Comparator.comparing(RemoteIssue::updated).thenComparing(RemoteIssue::key)).toList();
        return page(all, offset);
    }

    @Override
    public synchronized Optional<RemoteIssue> fetch(IssueKey key, RemoteAccount account) {
        count("fetch");
        fetches.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        if (failingFetches.contains(key)) {
            throw new ConnectorException(ConnectorException.Kind.TRANSIENT, "HTTP 503 fetching " + key, 503, null,
                    null);
        }
        return Optional.ofNullable(issues.get(key)).filter(i -> sees(account, key));
    }

    @Override
    public synchronized Set<IssueKey> membership(ScopeQuery scope, Collection<IssueKey> keys, RemoteAccount account) {
        count("membership");
        Set<IssueKey> out = new TreeSet<>();
        for (IssueKey key : keys) {
            RemoteIssue issue = issues.get(key);
            if (issue != null && inScope(issue, scope) && sees(account, key)) {
                out.add(key);
            }
        }
        return out;
    }

    @Override
    public synchronized Map<IssueKey, Set<RemotePermission>> permissions(RemoteAccount account,
                                                                        Collection<IssueKey> keys) {
        count("permissions");
        Map<IssueKey, Set<RemotePermission>> out = new HashMap<>();
        keys.forEach(k -> out.put(k, permissionsOf(account.accountId(), k)));
        return out;
    }

    @Override
    public synchronized WriteResult apply(RemoteWrite write, RemoteAccount account) {
        count("apply");
        IssueKey key = write.key();
        RemoteIssue issue = issues.get(key);
        if (issue == null || !sees(account, key)) {
            throw new ConnectorException(ConnectorException.Kind.NOT_FOUND, "no issue " + key);
        }
        Set<RemotePermission> perms = permissionsOf(account.accountId(), key);
        RemotePermission needed = write instanceof RemoteWrite.SetDates
                ? (perms.contains(RemotePermission.SCHEDULE) ? RemotePermission.SCHEDULE : RemotePermission.EDIT)
                : write instanceof RemoteWrite.MoveToIteration ? RemotePermission.EDIT : RemotePermission.LINK;
        if (!perms.contains(needed)) {
            throw new ConnectorException(ConnectorException.Kind.PERMISSION, "the tool refuses: " + account.accountId()
                    + " may not change " + key, 403, null, null);
        }
        if (writeRefusal != null) {
            throw writeRefusal;
        }
        writes.add(write);
        String created = "";
        Instant now = tick();
        if (write instanceof RemoteWrite.SetDates d) {
            issues.put(key, restamp(withDates(issue, d.start(), d.end()), now));
        } else if (write instanceof RemoteWrite.MoveToIteration m) {
            List<IterationRef> its = new ArrayList<>(issue.iterations());
            its.removeIf(r -> r.kind() == m.target().kind());
            its.add(m.target());
            issues.put(key, restamp(withIterations(issue, its), now));
        } else if (write instanceof RemoteWrite.CreateLink l) {
            created = "L" + nextLink++;
            RemoteLink link = new RemoteLink(created, l.linkType(), key, l.to(), l.lagDays());
            issues.put(key, restamp(withLinks(issue, plus(issue.links(), link)), now));
            RemoteIssue other = issues.get(l.to());
            if (other != null) {
                issues.put(l.to(), restamp(withLinks(other, plus(other.links(), link)), now));
            }
        } else if (write instanceof RemoteWrite.DeleteLink l) {
            for (RemoteIssue i : List.copyOf(issues.values())) {
                if (i.links().stream().anyMatch(x -> x.linkId().equals(l.linkId()))) {
                    issues.put(i.key(), restamp(withLinks(i, i.links().stream()
                            .filter(x -> !x.linkId().equals(l.linkId())).toList()), now));
                }
            }
        }
        return new WriteResult(write.writeId(), issues.get(key), created);
    }

    @Override
    public WebhookDecoder webhooks() {
        return request -> {
            throw new WebhookException(WebhookException.Reason.MALFORMED, "the fake tool sends no webhooks");
        };
    }

    @Override
    public void close() {
    }

    // ----- helpers -----

    private Instant lastStamp = Instant.EPOCH;

    /** Strictly increasing tool time, from the shared clock. */
    private synchronized Instant tick() {
        Instant now = clock.now();
        lastStamp = now.isAfter(lastStamp) ? now : lastStamp.plusMillis(1);
        return lastStamp;
    }

    private void count(String method) {
        calls.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
    }

    private Page<RemoteIssue> page(List<RemoteIssue> all, int offset) {
        int end = Math.min(all.size(), offset + pageSize);
        List<RemoteIssue> items = offset >= all.size() ? List.of() : all.subList(offset, end);
        Optional<PageToken> next = end < all.size() ? Optional.of(new PageToken(Integer.toString(end))) : Optional.empty();
        return new Page<>(items, next, OptionalLong.of(all.size()));
    }

    private Set<RemotePermission> permissionsOf(String accountId, IssueKey key) {
        Map<IssueKey, Set<RemotePermission>> specific = permissions.getOrDefault(accountId, Map.of());
        if (specific.containsKey(key)) {
            return specific.get(key);
        }
        return defaultPermissions.getOrDefault(accountId, Set.of());
    }

    private boolean sees(RemoteAccount account, IssueKey key) {
        return permissionsOf(account.accountId(), key).contains(RemotePermission.BROWSE);
    }

    static boolean inScope(RemoteIssue issue, ScopeQuery scope) {
        boolean source = scope.sources().stream().anyMatch(s -> switch (s.kind()) {
            case PROJECT -> s.value().equals(issue.projectKey());
            case LABEL -> issue.labels().contains(s.value());
            default -> false;
        });
        if (!source) {
            return false;
        }
        String narrowing = scope.narrowing().replace("(", "").replace(")", "").strip();
        if (narrowing.isEmpty()) {
            return true;
        }
        for (String term : narrowing.split("(?i)\\s+AND\\s+")) {
            String[] parts = term.split("=", 2);
            String field = parts[0].strip().toLowerCase();
            String value = parts.length > 1 ? parts[1].strip().replace("\"", "") : "";
            boolean ok = switch (field) {
                case "label", "labels" -> issue.labels().contains(value);
                case "status" -> value.equalsIgnoreCase(issue.status());
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static RemoteIssue restamp(RemoteIssue i, Instant updated) {
        return new RemoteIssue(i.key(), i.projectKey(), i.issueType(), i.summary(), i.status(), i.statusCategory(),
                i.assigneeId(), i.assigneeName(), i.start(), i.end(), i.estimateSeconds(), i.storyPoints(),
                i.iterations(), i.components(), i.labels(), i.parentKey(), i.epicKey(), i.links(), updated);
    }

    public static RemoteIssue withDates(RemoteIssue i, LocalDate start, LocalDate end) {
        return new RemoteIssue(i.key(), i.projectKey(), i.issueType(), i.summary(), i.status(), i.statusCategory(),
                i.assigneeId(), i.assigneeName(), start, end, i.estimateSeconds(), i.storyPoints(), i.iterations(),
                i.components(), i.labels(), i.parentKey(), i.epicKey(), i.links(), i.updated());
    }

    public static RemoteIssue withSummary(RemoteIssue i, String summary) {
        return new RemoteIssue(i.key(), i.projectKey(), i.issueType(), summary, i.status(), i.statusCategory(),
                i.assigneeId(), i.assigneeName(), i.start(), i.end(), i.estimateSeconds(), i.storyPoints(),
                i.iterations(), i.components(), i.labels(), i.parentKey(), i.epicKey(), i.links(), i.updated());
    }

    public static RemoteIssue withLabels(RemoteIssue i, List<String> labels) {
        return new RemoteIssue(i.key(), i.projectKey(), i.issueType(), i.summary(), i.status(), i.statusCategory(),
                i.assigneeId(), i.assigneeName(), i.start(), i.end(), i.estimateSeconds(), i.storyPoints(),
                i.iterations(), i.components(), labels, i.parentKey(), i.epicKey(), i.links(), i.updated());
    }

    public static RemoteIssue withParent(RemoteIssue i, IssueKey parent) {
        return new RemoteIssue(i.key(), i.projectKey(), i.issueType(), i.summary(), i.status(), i.statusCategory(),
                i.assigneeId(), i.assigneeName(), i.start(), i.end(), i.estimateSeconds(), i.storyPoints(),
                i.iterations(), i.components(), i.labels(), parent, i.epicKey(), i.links(), i.updated());
    }

    public static RemoteIssue withIterations(RemoteIssue i, List<IterationRef> its) {
        return new RemoteIssue(i.key(), i.projectKey(), i.issueType(), i.summary(), i.status(), i.statusCategory(),
                i.assigneeId(), i.assigneeName(), i.start(), i.end(), i.estimateSeconds(), i.storyPoints(), its,
                i.components(), i.labels(), i.parentKey(), i.epicKey(), i.links(), i.updated());
    }

    public static RemoteIssue withLinks(RemoteIssue i, List<RemoteLink> links) {
        return new RemoteIssue(i.key(), i.projectKey(), i.issueType(), i.summary(), i.status(), i.statusCategory(),
                i.assigneeId(), i.assigneeName(), i.start(), i.end(), i.estimateSeconds(), i.storyPoints(),
                i.iterations(), i.components(), i.labels(), i.parentKey(), i.epicKey(), links, i.updated());
    }

    private static List<RemoteLink> plus(List<RemoteLink> links, RemoteLink link) {
        List<RemoteLink> out = new ArrayList<>(links);
        out.add(link);
        return out;
    }
}
