package io.boxsync.connector.redmine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.boxsync.connector.ConnectionKind;
import io.boxsync.connector.ConnectionSettings;
import io.boxsync.connector.Connector;
import io.boxsync.connector.ConnectorException;
import io.boxsync.connector.ConnectorException.Kind;
import io.boxsync.connector.Cursor;
import io.boxsync.connector.IndexHealth;
import io.boxsync.connector.IssueKey;
import io.boxsync.connector.IterationRef;
import io.boxsync.connector.Page;
import io.boxsync.connector.PageToken;
import io.boxsync.connector.RemoteAccount;
import io.boxsync.connector.RemoteIssue;
import io.boxsync.connector.RemoteMetadata;
import io.boxsync.connector.RemotePermission;
import io.boxsync.connector.RemoteWrite;
import io.boxsync.connector.ScopeQuery;
import io.boxsync.connector.WebhookDecoder;
import io.boxsync.connector.WriteResult;
import io.boxsync.connector.http.ConnectorHttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Connector} for Redmine's REST API (JSON), written against Redmine 5.0 and tolerant of older answers.
 *
 * <p><b>Scope.</b> Sources: {@code PROJECT} (a project identifier or id; exactly that project, subprojects are
 * their own sources), {@code SAVED_FILTER} (a saved query id, with the query's own filters and project) and
 * {@code QUERY} (Redmine issue filters such as {@code tracker_id=1&status_id=*}, checked against
 * {@link RedmineFilters#ALLOWED}). The narrowing is such filters too, AND-ed to every source. Closed issues are
 * included unless a filter sets {@code status_id}.
 *
 * <p><b>Paging.</b> Snapshots page by issue id (keyset, {@code issue_id>=n}, 100 per page, Redmine's cap), so issues
 * changing or vanishing between pages never shift another issue out of the read. Incremental reads page by update
 * second and the ids already returned in that second. Saved queries ignore extra filters in Redmine, so they page by
 * offset and are narrowed by a second query per page. Sources are read one after the other: with several sources,
 * an issue in two of them is returned twice, and incremental pages are oldest first within each source only, so a
 * caller should advance its cursor after the last page.
 *
 * <p><b>Writes</b> run with the acting account's own API key. Redmine silently ignores attributes a role may not
 * change (answering 204), so each write is checked against the account's roles first and read back after.
 *
 * <p><b>Threads.</b> Thread-safe; caches (project identifiers, role permissions for five minutes, tracker default
 * statuses) are concurrent maps.
 */
public final class RedmineConnector implements Connector {
    private static final Logger LOG = LoggerFactory.getLogger(RedmineConnector.class);
    static final int PAGE_SIZE = 100;
    private static final Duration ROLE_CACHE = Duration.ofMinutes(5);

    private final ConnectionSettings settings;
    private final RedmineApi api;
    private final Clock clock;
    private final int pageSize;
    private final Map<Long, String> projectIdentifiers = new ConcurrentHashMap<>();
    private final Map<Long, CachedRole> roles = new ConcurrentHashMap<>();
    private volatile Map<Long, Long> trackerDefaultStatus;

    private record CachedRole(Set<String> permissions, Instant fetched) {
    }

    /** A connector for the connection, calling Redmine through the given client. */
    public RedmineConnector(ConnectionSettings settings, ConnectorHttpClient http) {
        this(settings, http, Clock.systemUTC(), PAGE_SIZE);
    }

    /** A connector with its own page size (at most Redmine's cap of 100), for tests of paging. */
    RedmineConnector(ConnectionSettings settings, ConnectorHttpClient http, Clock clock, int pageSize) {
        if (pageSize < 1 || pageSize > PAGE_SIZE) {
            throw new IllegalArgumentException("a Redmine page holds 1 to " + PAGE_SIZE + " issues, not " + pageSize);
        }
        this.pageSize = pageSize;
        this.settings = Objects.requireNonNull(settings, "settings");
        if (settings.kind() != ConnectionKind.REDMINE) {
            throw new IllegalArgumentException("a Redmine connector cannot serve a " + settings.kind() + " connection");
        }
        this.api = new RedmineApi(settings.baseUrl(), Objects.requireNonNull(http, "http"));
        this.clock = clock;
    }

    @Override
    public ConnectionKind kind() {
        return ConnectionKind.REDMINE;
    }

    @Override
    public RemoteMetadata.Item check(RemoteAccount account) {
        JsonNode user = api.get("/users/current.json", account, "user.current").path("user");
        return userItem(user);
    }

    @Override
    public IndexHealth indexHealth() {
        return IndexHealth.notApplicable();
    }

    @Override
    public WebhookDecoder webhooks() {
        return new RedmineWebhookDecoder();
    }

    // ---------------------------------------------------------------- reads

    /** One planned source of a scope: its base parameters and how Redmine lets us page it. */
    private record Source(String label, List<Map.Entry<String, String>> base, RedmineFilters filters, boolean saved) {
    }

    @Override
    public Page<RemoteIssue> snapshot(ScopeQuery scope, RemoteAccount account, Optional<PageToken> from) {
        List<Source> sources = plan(scope, account);
        RedmineFilters narrowing = RedmineFilters.parse(scope.narrowing());
        RedminePosition position = from.map(RedminePosition::fromToken).orElse(RedminePosition.start(0, 0));
        RedmineIssueMapper mapper = mapper(account);
        while (true) {
            checkSource(position, sources);
            Source source = sources.get(position.source());
            PageRead read = source.saved()
                    ? savedQueryPage(source, narrowing, position, account, mapper, sources.size())
                    : keysetPage(source, position, account, mapper, sources.size());
            Optional<PageToken> next = read.next().map(RedminePosition::toToken);
            OptionalLong total = sources.size() == 1 && read.total() >= 0 ? OptionalLong.of(read.total()) : OptionalLong.empty();
            if (!read.items().isEmpty() || read.next().isEmpty()) {
                return new Page<>(read.items(), next, total);
            }
            position = read.next().get();
        }
    }

    private record PageRead(List<RemoteIssue> items, Optional<RedminePosition> next, long total) {
    }

    private PageRead keysetPage(Source source, RedminePosition position, RemoteAccount account,
                                RedmineIssueMapper mapper, int sourceCount) {
        List<Map.Entry<String, String>> query = new ArrayList<>(source.base());
        query.addAll(source.filters().params());
        addAnyStatus(query, source.filters());
        query.add(Map.entry("sort", "id"));
        query.add(Map.entry("limit", Integer.toString(pageSize)));
        query.add(Map.entry("include", "relations"));
        if (position.afterId() > 0) {
            query.add(Map.entry("issue_id", ">=" + (position.afterId() + 1)));
        }
        JsonNode answer = listIssues(source, query, account);
        List<RemoteIssue> items = mapAll(answer.path("issues"), mapper);
        long remaining = answer.path("total_count").asLong(items.size()) - items.size();
        long seen = position.seen() + items.size();
        Optional<RedminePosition> next;
        if (remaining > 0 && !items.isEmpty()) {
            long lastId = Long.parseLong(items.get(items.size() - 1).key().value());
            next = Optional.of(new RedminePosition(position.source(), lastId, 0, seen, 0, List.of()));
        } else {
            next = nextSource(position, 0, sourceCount);
        }
        return new PageRead(items, next, seen + remaining);
    }

    private PageRead savedQueryPage(Source source, RedmineFilters narrowing, RedminePosition position,
                                    RemoteAccount account, RedmineIssueMapper mapper, int sourceCount) {
        List<Map.Entry<String, String>> query = new ArrayList<>(source.base());
        query.add(Map.entry("sort", "id"));
        query.add(Map.entry("offset", Long.toString(position.offset())));
        query.add(Map.entry("limit", Integer.toString(pageSize)));
        query.add(Map.entry("include", "relations"));
        JsonNode answer = listIssues(source, query, account);
        List<RemoteIssue> read = mapAll(answer.path("issues"), mapper);
        long total = answer.path("total_count").asLong(read.size());
        long nextOffset = position.offset() + read.size();
        List<RemoteIssue> items = narrowed(read, narrowing, account);
        Optional<RedminePosition> next = nextOffset < total && !read.isEmpty()
                ? Optional.of(new RedminePosition(position.source(), 0, nextOffset, 0, 0, List.of()))
                : nextSource(position, 0, sourceCount);
        return new PageRead(items, next, narrowing.isEmpty() ? total : -1);
    }

    @Override
    public Page<RemoteIssue> incremental(ScopeQuery scope, RemoteAccount account, Cursor since, Duration lookback,
                                         Optional<PageToken> from) {
        List<Source> sources = plan(scope, account);
        RedmineFilters narrowing = RedmineFilters.parse(scope.narrowing());
        long startSecond = since.readFrom(lookback).getEpochSecond();
        RedminePosition position = from.map(RedminePosition::fromToken)
                .orElse(RedminePosition.start(0, startSecond));
        RedmineIssueMapper mapper = mapper(account);
        while (true) {
            checkSource(position, sources);
            Source source = sources.get(position.source());
            PageRead read = source.saved()
                    ? savedQueryChanges(source, narrowing, position, startSecond, account, mapper, sources.size())
                    : updatedSincePage(source, position, startSecond, account, mapper, sources.size());
            if (!read.items().isEmpty() || read.next().isEmpty()) {
                return new Page<>(read.items(), read.next().map(RedminePosition::toToken), OptionalLong.empty());
            }
            position = read.next().get();
        }
    }

    private PageRead updatedSincePage(Source source, RedminePosition position, long startSecond,
                                      RemoteAccount account, RedmineIssueMapper mapper, int sourceCount) {
        long second = position.second();
        List<Map.Entry<String, String>> query = new ArrayList<>(source.base());
        query.addAll(source.filters().params());
        addAnyStatus(query, source.filters());
        query.add(Map.entry("updated_on", ">=" + Instant.ofEpochSecond(second)));
        query.add(Map.entry("sort", "updated_on,id"));
        query.add(Map.entry("offset", Long.toString(position.offset())));
        query.add(Map.entry("limit", Integer.toString(pageSize)));
        query.add(Map.entry("include", "relations"));
        JsonNode answer = listIssues(source, query, account);
        List<RemoteIssue> read = mapAll(answer.path("issues"), mapper);
        long total = answer.path("total_count").asLong(read.size());
        Set<Long> already = new HashSet<>(position.idsAtSecond());
        // Redmine turns ">= T" into "> T - 1s" on sub-second timestamps, so the answer starts with the tail of the
        // second before T: those issues are before the window or were returned by the previous page.
        List<RemoteIssue> fresh = read.stream()
                .filter(issue -> issue.updated().getEpochSecond() > second
                        || (issue.updated().getEpochSecond() == second
                            && !already.contains(Long.parseLong(issue.key().value()))))
                .toList();
        if (read.isEmpty() || position.offset() + read.size() >= total) {
            return new PageRead(fresh, nextSource(position, startSecond, sourceCount), -1);
        }
        long lastSecond = read.get(read.size() - 1).updated().getEpochSecond();
        if (lastSecond <= second) {
            // A whole page at or before T cannot move the second forward: step over it by offset instead.
            List<Long> idsAtSecond = new ArrayList<>(position.idsAtSecond());
            read.stream().filter(issue -> issue.updated().getEpochSecond() == second)
                    .forEach(issue -> idsAtSecond.add(Long.parseLong(issue.key().value())));
            return new PageRead(fresh, Optional.of(new RedminePosition(position.source(), 0,
                    position.offset() + read.size(), 0, second, idsAtSecond)), -1);
        }
        List<Long> idsAtLast = new ArrayList<>();
        read.stream().filter(issue -> issue.updated().getEpochSecond() == lastSecond)
                .forEach(issue -> idsAtLast.add(Long.parseLong(issue.key().value())));
        return new PageRead(fresh, Optional.of(new RedminePosition(position.source(), 0, 0, 0, lastSecond,
                idsAtLast)), -1);
    }

    private PageRead savedQueryChanges(Source source, RedmineFilters narrowing, RedminePosition position,
                                       long startSecond, RemoteAccount account, RedmineIssueMapper mapper,
                                       int sourceCount) {
        List<RemoteIssue> changed = new ArrayList<>();
        long offset = 0;
        boolean older = false;
        while (!older) {
            List<Map.Entry<String, String>> query = new ArrayList<>(source.base());
            query.add(Map.entry("sort", "updated_on:desc,id:desc"));
            query.add(Map.entry("offset", Long.toString(offset)));
            query.add(Map.entry("limit", Integer.toString(pageSize)));
            query.add(Map.entry("include", "relations"));
            JsonNode answer = listIssues(source, query, account);
            List<RemoteIssue> read = mapAll(answer.path("issues"), mapper);
            for (RemoteIssue issue : read) {
                if (issue.updated().getEpochSecond() < startSecond) {
                    older = true;
                    break;
                }
                changed.add(issue);
            }
            offset += read.size();
            if (read.isEmpty() || offset >= answer.path("total_count").asLong(0)) {
                break;
            }
        }
        Collections.reverse(changed);
        return new PageRead(narrowed(changed, narrowing, account), nextSource(position, startSecond, sourceCount), -1);
    }

    private static Optional<RedminePosition> nextSource(RedminePosition position, long startSecond, int sourceCount) {
        return Optional.of(RedminePosition.start(position.source() + 1, startSecond))
                .filter(p -> p.source() < sourceCount);
    }

    private static void checkSource(RedminePosition position, List<Source> sources) {
        if (position.source() < 0 || position.source() >= sources.size()) {
            throw new ConnectorException(Kind.CONFIGURATION,
                    "the page token points at source " + position.source() + " but the scope has " + sources.size());
        }
    }

    @Override
    public Optional<RemoteIssue> fetch(IssueKey key, RemoteAccount account) {
        OptionalLong id = issueId(key);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        return fetchJson(id.getAsLong(), account).map(json -> mapper(account).toIssue(json));
    }

    private Optional<JsonNode> fetchJson(long id, RemoteAccount account) {
        try {
            JsonNode issue = api.get("/issues/" + id + ".json", List.of(Map.entry("include", "relations,children")),
                    account, "issue.get").path("issue");
            return Optional.of(issue);
        } catch (ConnectorException e) {
            // Redmine answers 404 for an issue that is gone or in a project the account cannot see, 403 for one it
            // may not view: for the account, neither exists.
            if (e.kind() == Kind.NOT_FOUND || e.kind() == Kind.PERMISSION) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Set<IssueKey> membership(ScopeQuery scope, Collection<IssueKey> keys, RemoteAccount account) {
        Map<Long, IssueKey> wanted = new LinkedHashMap<>();
        for (IssueKey key : keys) {
            issueId(key).ifPresent(id -> wanted.put(id, key));
        }
        if (wanted.isEmpty()) {
            return Set.of();
        }
        List<Source> sources = plan(scope, account);
        RedmineFilters narrowing = RedmineFilters.parse(scope.narrowing());
        Set<Long> members = new HashSet<>();
        for (Source source : sources) {
            Set<Long> open = new LinkedHashSet<>(wanted.keySet());
            open.removeAll(members);
            if (open.isEmpty()) {
                break;
            }
            if (source.saved()) {
                Set<Long> inQuery = savedQueryIds(source, open, account);
                members.addAll(narrowing.isEmpty() ? inQuery : matching(inQuery, narrowing, account));
            } else {
                members.addAll(matching(source.label(), open, source.filters(), source.base(), account));
            }
        }
        return members.stream().map(wanted::get).collect(Collectors.toUnmodifiableSet());
    }

    private Set<Long> savedQueryIds(Source source, Set<Long> wanted, RemoteAccount account) {
        Set<Long> found = new HashSet<>();
        long offset = 0;
        while (found.size() < wanted.size()) {
            List<Map.Entry<String, String>> query = new ArrayList<>(source.base());
            query.add(Map.entry("sort", "id"));
            query.add(Map.entry("offset", Long.toString(offset)));
            query.add(Map.entry("limit", Integer.toString(PAGE_SIZE)));
            JsonNode answer = listIssues(source, query, account);
            JsonNode issues = answer.path("issues");
            for (JsonNode issue : issues) {
                long id = issue.path("id").asLong();
                if (wanted.contains(id)) {
                    found.add(id);
                }
            }
            offset += issues.size();
            if (issues.isEmpty() || offset >= answer.path("total_count").asLong(0)) {
                break;
            }
        }
        return found;
    }

    /** Which of the ids match the filters, in batches of 100 ids per query. */
    private Set<Long> matching(Collection<Long> ids, RedmineFilters filters, RemoteAccount account) {
        return matching("the scope's narrowing", ids, filters, List.of(), account);
    }

    private Set<Long> matching(String label, Collection<Long> ids, RedmineFilters filters,
                               List<Map.Entry<String, String>> base, RemoteAccount account) {
        Set<Long> found = new HashSet<>();
        List<Long> all = List.copyOf(ids);
        for (int i = 0; i < all.size(); i += PAGE_SIZE) {
            List<Long> batch = all.subList(i, Math.min(all.size(), i + PAGE_SIZE));
            List<Map.Entry<String, String>> query = new ArrayList<>(base);
            query.addAll(filters.params());
            addAnyStatus(query, filters);
            query.add(Map.entry("issue_id", batch.stream().map(String::valueOf).collect(Collectors.joining(","))));
            query.add(Map.entry("limit", Integer.toString(PAGE_SIZE)));
            JsonNode answer = listIssues(new Source(label, base, filters, false), query, account);
            answer.path("issues").forEach(issue -> found.add(issue.path("id").asLong()));
        }
        return found;
    }

    private List<RemoteIssue> narrowed(List<RemoteIssue> issues, RedmineFilters narrowing, RemoteAccount account) {
        if (narrowing.isEmpty() || issues.isEmpty()) {
            return issues;
        }
        Set<Long> keep = matching(issues.stream().map(i -> Long.parseLong(i.key().value())).toList(), narrowing,
                account);
        return issues.stream().filter(i -> keep.contains(Long.parseLong(i.key().value()))).toList();
    }

    private JsonNode listIssues(Source source, List<Map.Entry<String, String>> query, RemoteAccount account) {
        try {
            return api.get("/issues.json", query, account, "issues.list");
        } catch (ConnectorException e) {
            if (e.status() == 422) {
                // Redmine validates filter values (a date that is not a date): the scope is wrong, not the issue.
                throw new ConnectorException(Kind.CONFIGURATION, "Redmine refused the filters of " + source.label()
                        + ": " + e.getMessage(), e.status(), null, e);
            }
            if (e.kind() == Kind.NOT_FOUND) {
                throw new ConnectorException(Kind.NOT_FOUND, source.label()
                        + " does not exist in Redmine or the account cannot see it", e.status(), null, e);
            }
            throw e;
        }
    }

    private static void addAnyStatus(List<Map.Entry<String, String>> query, RedmineFilters filters) {
        if (!filters.sets("status_id")) {
            // Redmine lists only open issues unless told otherwise; a Box holds closed ones too.
            query.add(Map.entry("status_id", "*"));
        }
    }

    private List<Source> plan(ScopeQuery scope, RemoteAccount account) {
        RedmineFilters narrowing = RedmineFilters.parse(scope.narrowing());
        List<Source> sources = new ArrayList<>();
        for (ScopeQuery.Source source : scope.sources()) {
            String value = source.value().strip();
            switch (source.kind()) {
                case PROJECT -> sources.add(new Source("Redmine project '" + value + "'",
                        List.of(Map.entry("project_id", value)), narrowing, false));
                case QUERY -> sources.add(new Source("Redmine filter '" + value + "'", List.of(),
                        RedmineFilters.parse(value).and(narrowing), false));
                case SAVED_FILTER -> sources.add(savedQuery(value, account));
                default -> throw new ConnectorException(Kind.CONFIGURATION, "a Redmine scope takes PROJECT, "
                        + "SAVED_FILTER or QUERY sources, not " + source.kind());
            }
        }
        return sources;
    }

    private Source savedQuery(String value, RemoteAccount account) {
        long queryId;
        try {
            queryId = Long.parseLong(value);
        } catch (NumberFormatException notANumber) {
            throw new ConnectorException(Kind.CONFIGURATION, "a Redmine saved query is named by its numeric id, not '"
                    + value + "'");
        }
        long offset = 0;
        while (true) {
            JsonNode answer = api.get("/queries.json", List.of(Map.entry("offset", Long.toString(offset)),
                    Map.entry("limit", Integer.toString(PAGE_SIZE))), account, "queries.list");
            JsonNode queries = answer.path("queries");
            for (JsonNode query : queries) {
                if (query.path("id").asLong() == queryId) {
                    List<Map.Entry<String, String>> base = new ArrayList<>();
                    base.add(Map.entry("query_id", Long.toString(queryId)));
                    if (query.path("project_id").canConvertToLong()) {
                        base.add(Map.entry("project_id", query.path("project_id").asText()));
                    }
                    return new Source("Redmine saved query " + queryId + " ('" + query.path("name").asText() + "')",
                            base, RedmineFilters.none(), true);
                }
            }
            offset += queries.size();
            if (queries.isEmpty() || offset >= answer.path("total_count").asLong(0)) {
                throw new ConnectorException(Kind.NOT_FOUND, "Redmine saved query " + queryId
                        + " does not exist or is not visible to the account");
            }
        }
    }

    private List<RemoteIssue> mapAll(JsonNode issues, RedmineIssueMapper mapper) {
        List<RemoteIssue> mapped = new ArrayList<>();
        issues.forEach(issue -> mapped.add(mapper.toIssue(issue)));
        return mapped;
    }

    private RedmineIssueMapper mapper(RemoteAccount account) {
        return new RedmineIssueMapper(id -> projectIdentifier(id, account), trackerDefaults(),
                settings.fieldMapping().storyPointsField());
    }

    private String projectIdentifier(long projectId, RemoteAccount account) {
        String known = projectIdentifiers.get(projectId);
        if (known != null) {
            return known;
        }
        try {
            String identifier = api.get("/projects/" + projectId + ".json", account, "project.get")
                    .path("project").path("identifier").asText("");
            if (!identifier.isEmpty()) {
                projectIdentifiers.put(projectId, identifier);
                return identifier;
            }
        } catch (ConnectorException e) {
            LOG.debug("project {} identifier not readable: {}", projectId, e.getMessage());
        }
        return Long.toString(projectId);
    }

    private Map<Long, Long> trackerDefaults() {
        Map<Long, Long> known = trackerDefaultStatus;
        if (known != null) {
            return known;
        }
        try {
            Map<Long, Long> loaded = new HashMap<>();
            api.get("/trackers.json", settings.technicalUser(), "trackers.list").path("trackers")
                    .forEach(t -> {
                        if (t.path("default_status").has("id")) {
                            loaded.put(t.path("id").asLong(), t.path("default_status").path("id").asLong());
                        }
                    });
            trackerDefaultStatus = Map.copyOf(loaded);
            return trackerDefaultStatus;
        } catch (ConnectorException e) {
            LOG.debug("trackers not readable, status categories fall back to names: {}", e.getMessage());
            return Map.of();
        }
    }

    // ---------------------------------------------------------------- permissions

    @Override
    public Map<IssueKey, Set<RemotePermission>> permissions(RemoteAccount account, Collection<IssueKey> keys) {
        Map<IssueKey, Set<RemotePermission>> result = new LinkedHashMap<>();
        Map<Long, IssueKey> ids = new LinkedHashMap<>();
        for (IssueKey key : keys) {
            result.put(key, Set.of());
            issueId(key).ifPresent(id -> ids.put(id, key));
        }
        if (ids.isEmpty()) {
            return result;
        }
        JsonNode me = api.get("/users/current.json", List.of(Map.entry("include", "memberships")), account,
                "user.current").path("user");
        boolean admin = me.path("admin").asBoolean(false);
        long myId = me.path("id").asLong(-1);
        Map<Long, List<Long>> rolesByProject = new HashMap<>();
        for (JsonNode membership : me.path("memberships")) {
            List<Long> roleIds = new ArrayList<>();
            membership.path("roles").forEach(role -> roleIds.add(role.path("id").asLong()));
            rolesByProject.computeIfAbsent(membership.path("project").path("id").asLong(), p -> new ArrayList<>())
                    .addAll(roleIds);
        }
        for (JsonNode issue : visibleIssues(ids.keySet(), account)) {
            IssueKey key = ids.get(issue.path("id").asLong());
            if (key == null) {
                continue;
            }
            if (admin) {
                result.put(key, RedminePermissions.forAdministrator());
                continue;
            }
            List<Long> roleIds = rolesByProject.getOrDefault(issue.path("project").path("id").asLong(), List.of());
            Set<String> granted = new HashSet<>();
            roleIds.forEach(roleId -> granted.addAll(rolePermissions(roleId, account)));
            boolean author = issue.path("author").path("id").asLong(-2) == myId;
            // A non-member sees issues of public projects through the built-in "Non member" role, which Boxsync
            // does not read: it gets browse only, so writes are refused up front rather than silently ignored.
            result.put(key, Collections.unmodifiableSet(RedminePermissions.forVisibleIssue(granted, author)));
        }
        return result;
    }

    private List<JsonNode> visibleIssues(Collection<Long> ids, RemoteAccount account) {
        List<JsonNode> visible = new ArrayList<>();
        List<Long> all = List.copyOf(ids);
        for (int i = 0; i < all.size(); i += PAGE_SIZE) {
            List<Long> batch = all.subList(i, Math.min(all.size(), i + PAGE_SIZE));
            JsonNode answer = api.get("/issues.json", List.of(
                    Map.entry("issue_id", batch.stream().map(String::valueOf).collect(Collectors.joining(","))),
                    Map.entry("status_id", "*"),
                    Map.entry("limit", Integer.toString(PAGE_SIZE))), account, "issues.list");
            answer.path("issues").forEach(visible::add);
        }
        return visible;
    }

    private Set<String> rolePermissions(long roleId, RemoteAccount account) {
        CachedRole cached = roles.get(roleId);
        Instant now = clock.instant();
        if (cached != null && cached.fetched().plus(ROLE_CACHE).isAfter(now)) {
            return cached.permissions();
        }
        Set<String> permissions = new HashSet<>();
        api.get("/roles/" + roleId + ".json", account, "role.get").path("role").path("permissions")
                .forEach(p -> permissions.add(p.asText()));
        CachedRole fresh = new CachedRole(Set.copyOf(permissions), now);
        roles.put(roleId, fresh);
        return fresh.permissions();
    }

    // ---------------------------------------------------------------- writes

    @Override
    public WriteResult apply(RemoteWrite write, RemoteAccount account) {
        long id = issueId(write.key()).orElseThrow(() -> new ConnectorException(Kind.NOT_FOUND,
                "'" + write.key() + "' is not a Redmine issue number"));
        if (write instanceof RemoteWrite.SetDates dates) {
            return setDates(id, dates, account);
        }
        if (write instanceof RemoteWrite.MoveToIteration move) {
            return moveToVersion(id, move, account);
        }
        if (write instanceof RemoteWrite.CreateLink link) {
            return createRelation(id, link, account);
        }
        if (write instanceof RemoteWrite.DeleteLink unlink) {
            return deleteRelation(id, unlink, account);
        }
        throw new ConnectorException(Kind.CONFLICT, "Redmine cannot apply " + write.getClass().getSimpleName());
    }

    private WriteResult setDates(long id, RemoteWrite.SetDates write, RemoteAccount account) {
        require(write.key(), RemotePermission.SCHEDULE, account);
        ObjectNode issue = api.mapper().createObjectNode();
        issue.put("start_date", write.start() == null ? null : write.start().toString());
        issue.put("due_date", write.end() == null ? null : write.end().toString());
        put(id, issue, account, "issue.dates");
        JsonNode after = readBack(id, account);
        LocalDate start = RedmineIssueMapper.date(after.path("start_date"));
        LocalDate end = RedmineIssueMapper.date(after.path("due_date"));
        if (!Objects.equals(start, write.start()) || !Objects.equals(end, write.end())) {
            if (after.path("children").size() > 0) {
                throw new ConnectorException(Kind.CONFLICT, "Redmine derives the dates of parent issue #" + id
                        + " from its subtasks and kept " + start + ".." + end + "; move the subtasks instead");
            }
            throw new ConnectorException(Kind.PERMISSION, "Redmine ignored the new dates of issue #" + id + " (kept "
                    + start + ".." + end + "): the account's role or workflow does not let it change start/due date");
        }
        return new WriteResult(write.writeId(), mapper(account).toIssue(after), "");
    }

    private WriteResult moveToVersion(long id, RemoteWrite.MoveToIteration write, RemoteAccount account) {
        IterationRef target = write.target();
        if (target.kind() != IterationRef.Kind.VERSION) {
            throw new ConnectorException(Kind.CONFIGURATION, "Redmine cadences are versions, not " + target.kind());
        }
        String versionId = target.id().strip();
        if (!versionId.isEmpty() && !versionId.chars().allMatch(Character::isDigit)) {
            throw new ConnectorException(Kind.CONFIGURATION, "'" + versionId + "' is not a Redmine version id");
        }
        require(write.key(), RemotePermission.EDIT, account);
        ObjectNode issue = api.mapper().createObjectNode();
        // An empty id takes the issue out of its version.
        issue.put("fixed_version_id", versionId);
        put(id, issue, account, "issue.version");
        JsonNode after = readBack(id, account);
        String now = after.path("fixed_version").path("id").asText("");
        if (!now.equals(versionId)) {
            throw new ConnectorException(Kind.PERMISSION, "Redmine ignored moving issue #" + id + " to version "
                    + versionId + ": the account's role or workflow does not let it change the target version");
        }
        return new WriteResult(write.writeId(), mapper(account).toIssue(after), "");
    }

    private WriteResult createRelation(long id, RemoteWrite.CreateLink write, RemoteAccount account) {
        String type = RedmineRelationTypes.relationType(write.linkType());
        long toId = issueId(write.to()).orElseThrow(() -> new ConnectorException(Kind.NOT_FOUND,
                "'" + write.to() + "' is not a Redmine issue number"));
        require(write.key(), RemotePermission.LINK, account);
        ObjectNode relation = api.mapper().createObjectNode();
        relation.put("issue_to_id", toId);
        relation.put("relation_type", type);
        if (RedmineRelationTypes.hasDelay(type)) {
            relation.put("delay", write.lagDays());
        }
        ObjectNode body = api.mapper().createObjectNode();
        body.set("relation", relation);
        JsonNode created;
        try {
            created = api.post("/issues/" + id + "/relations.json", body, account, "relation.create");
        } catch (ConnectorException e) {
            throw explained(e, "Redmine refused to link #" + id + " " + type + " #" + toId);
        }
        String relationId = created.path("relation").path("id").asText("");
        if (relationId.isEmpty()) {
            throw new ConnectorException(Kind.INVALID_RESPONSE, "Redmine created a relation for #" + id
                    + " but named no id: " + created);
        }
        return new WriteResult(write.writeId(), mapper(account).toIssue(readBack(id, account)), relationId);
    }

    private WriteResult deleteRelation(long id, RemoteWrite.DeleteLink write, RemoteAccount account) {
        String relationId = write.linkId().strip();
        if (relationId.isEmpty() || !relationId.chars().allMatch(Character::isDigit)) {
            throw new ConnectorException(Kind.NOT_FOUND, "'" + relationId + "' is not a Redmine relation id");
        }
        require(write.key(), RemotePermission.LINK, account);
        JsonNode relation = api.get("/relations/" + relationId + ".json", account, "relation.get").path("relation");
        if (relation.path("issue_id").asLong() != id && relation.path("issue_to_id").asLong() != id) {
            throw new ConnectorException(Kind.CONFLICT, "Redmine relation " + relationId + " links #"
                    + relation.path("issue_id").asText() + " and #" + relation.path("issue_to_id").asText()
                    + ", not issue #" + id);
        }
        try {
            api.delete("/relations/" + relationId + ".json", account, "relation.delete");
        } catch (ConnectorException e) {
            throw explained(e, "Redmine refused to delete relation " + relationId + " of #" + id);
        }
        return new WriteResult(write.writeId(), mapper(account).toIssue(readBack(id, account)), "");
    }

    private void put(long id, ObjectNode issue, RemoteAccount account, String operation) {
        ObjectNode body = api.mapper().createObjectNode();
        body.set("issue", issue);
        try {
            api.put("/issues/" + id + ".json", body, account, operation);
        } catch (ConnectorException e) {
            throw explained(e, "Redmine refused to update issue #" + id);
        }
    }

    private JsonNode readBack(long id, RemoteAccount account) {
        return fetchJson(id, account).orElseThrow(() -> new ConnectorException(Kind.NOT_FOUND,
                "issue #" + id + " vanished right after the write"));
    }

    private void require(IssueKey key, RemotePermission needed, RemoteAccount account) {
        Set<RemotePermission> granted = permissions(account, List.of(key)).getOrDefault(key, Set.of());
        if (granted.isEmpty()) {
            throw new ConnectorException(Kind.NOT_FOUND, "Redmine issue #" + key
                    + " does not exist or the account cannot see it");
        }
        if (!granted.contains(needed)) {
            throw new ConnectorException(Kind.PERMISSION, "the account's Redmine roles lack '"
                    + RedminePermissions.redmineName(needed) + "' for issue #" + key);
        }
    }

    private static ConnectorException explained(ConnectorException e, String what) {
        return new ConnectorException(e.kind(), what + ": " + e.getMessage(), e.status(), e.retryAfter().orElse(null), e);
    }

    // ---------------------------------------------------------------- metadata

    @Override
    public RemoteMetadata metadata() {
        RemoteAccount technical = settings.technicalUser();
        List<RemoteMetadata.Item> projects = new ArrayList<>();
        List<IterationRef> versions = new ArrayList<>();
        for (JsonNode project : paged("/projects.json", "projects", technical)) {
            long projectId = project.path("id").asLong();
            String identifier = project.path("identifier").asText();
            projectIdentifiers.put(projectId, identifier);
            projects.add(new RemoteMetadata.Item(Long.toString(projectId), identifier, project.path("name").asText(),
                    project.path("parent").has("id") ? "parent:" + project.path("parent").path("id").asText() : ""));
            optional(() -> api.get("/projects/" + projectId + "/versions.json", technical, "versions.list"))
                    .ifPresent(answer -> answer.path("versions").forEach(v -> {
                        if (v.path("project").path("id").asLong() == projectId) {
                            versions.add(new IterationRef(IterationRef.Kind.VERSION, v.path("id").asText(),
                                    v.path("name").asText()));
                        }
                    }));
        }
        List<RemoteMetadata.Item> fields = new ArrayList<>(List.of(
                new RemoteMetadata.Item("start_date", "start_date", "Start date", "date"),
                new RemoteMetadata.Item("due_date", "due_date", "Due date", "date"),
                new RemoteMetadata.Item("estimated_hours", "estimated_hours", "Estimated time", "hours"),
                new RemoteMetadata.Item("fixed_version_id", "fixed_version_id", "Target version", "version")));
        optional(() -> api.get("/trackers.json", technical, "trackers.list")).ifPresent(answer ->
                answer.path("trackers").forEach(t -> fields.add(new RemoteMetadata.Item("tracker:" + t.path("id").asText(),
                        t.path("id").asText(), t.path("name").asText(), "tracker"))));
        optional(() -> api.get("/custom_fields.json", technical, "custom_fields.list")).ifPresent(answer ->
                answer.path("custom_fields").forEach(f -> {
                    if ("issue".equals(f.path("customized_type").asText())) {
                        fields.add(new RemoteMetadata.Item("cf_" + f.path("id").asText(), "cf_" + f.path("id").asText(),
                                f.path("name").asText(), f.path("field_format").asText()));
                    }
                }));
        List<RemoteMetadata.Item> users = new ArrayList<>();
        try {
            paged("/users.json", "users", technical).forEach(u -> users.add(userItem(u)));
        } catch (ConnectorException e) {
            if (e.kind() != Kind.PERMISSION) {
                throw e;
            }
            // Only Redmine administrators may list users; a non-admin technical user just names no one.
        }
        return new RemoteMetadata(projects, fields, RedmineRelationTypes.LINK_TYPES, versions, users);
    }

    private List<JsonNode> paged(String path, String field, RemoteAccount account) {
        List<JsonNode> all = new ArrayList<>();
        long offset = 0;
        while (true) {
            JsonNode answer = api.get(path, List.of(Map.entry("offset", Long.toString(offset)),
                    Map.entry("limit", Integer.toString(PAGE_SIZE))), account, field + ".list");
            JsonNode items = answer.path(field);
            items.forEach(all::add);
            offset += items.size();
            if (items.isEmpty() || offset >= answer.path("total_count").asLong(0)) {
                return all;
            }
        }
    }

    private static Optional<JsonNode> optional(java.util.function.Supplier<JsonNode> call) {
        try {
            return Optional.of(call.get());
        } catch (ConnectorException e) {
            if (e.kind() == Kind.PERMISSION || e.kind() == Kind.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static RemoteMetadata.Item userItem(JsonNode user) {
        String name = (user.path("firstname").asText("") + " " + user.path("lastname").asText("")).strip();
        return new RemoteMetadata.Item(user.path("id").asText(), user.path("login").asText(""), name,
                user.path("admin").asBoolean(false) ? "admin" : "");
    }

    static OptionalLong issueId(IssueKey key) {
        String value = key.value().strip();
        if (value.startsWith("#")) {
            value = value.substring(1);
        }
        if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(Character::isDigit)) {
            return OptionalLong.empty();
        }
        long id = Long.parseLong(value);
        return id > 0 ? OptionalLong.of(id) : OptionalLong.empty();
    }

    @Override
    public void close() {
        api.close();
    }
}
