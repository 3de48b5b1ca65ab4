package io.boxsync.connector.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.boxsync.connector.ConnectionKind;
import io.boxsync.connector.ConnectionSettings;
import io.boxsync.connector.Connector;
import io.boxsync.connector.ConnectorException;
import io.boxsync.connector.ConnectorException.Kind;
import io.boxsync.connector.Cursor;
import io.boxsync.connector.FieldMapping;
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
import io.boxsync.connector.WebhookDecoder;
import io.boxsync.connector.WriteResult;
import io.boxsync.connector.http.Authentication;
import io.boxsync.connector.http.ConnectorHttpClient;
import io.boxsync.connector.http.RateLimiter;
import io.boxsync.connector.http.RemoteCallListener;
import io.boxsync.connector.http.RemoteRequest;
import io.boxsync.connector.http.RemoteResponse;
import io.boxsync.connector.http.RetryPolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
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
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The connector for Jira Cloud (REST v3, {@code /rest/api/3/search/jql} with {@code nextPageToken}) and Jira Data
 * Center (REST v2, {@code /rest/api/2/search} with {@code startAt}), plus the Agile REST API for boards and sprints.
 *
 * <p><b>Threads.</b> Thread-safe; one instance per connection. Caches (account time zones, board filters) are
 * concurrent maps that only grow with the accounts and boards used.
 *
 * <p><b>Accounts.</b> Cloud authenticates with Basic e-mail ({@link RemoteAccount#login()}) and API token, Data
 * Center with a personal access token as Bearer. Every call runs as the account it is given.
 *
 * <p><b>Incremental reads.</b> JQL dates are minute-precise and read in the searching account's time zone, so the
 * cursor minus the lookback is rounded down to the minute in the zone {@code /myself} reports (UTC if none), and
 * the query is ordered {@code updated ASC, key ASC}.
 *
 * <p><b>Writes.</b> Field edits carry {@code historyMetadata} naming the write id, so its echo can be recognised;
 * after every write the issue is fetched again as the same account.
 */
public final class JiraConnector implements Connector {
    private static final List<String> PERMISSION_KEYS =
            List.of("BROWSE_PROJECTS", "EDIT_ISSUES", "SCHEDULE_ISSUES", "LINK_ISSUES", "TRANSITION_ISSUES");
    private static final int KEYS_PER_QUERY = 50;
    private static final int MAX_METADATA_PAGES = 50;
    private static final Pattern LOCATION_ID = Pattern.compile(".*/issueLink/(\\d+)/?$");

    /**
     * Tuning that is not part of {@link ConnectionSettings}.
     *
     * @param pageSize      issues per search page (Cloud serves at most 100 with fields, Data Center 50 by default)
     * @param sprintField   the Sprint custom field id
     * @param epicLinkField the Epic Link custom field id (company-managed projects)
     * @param listener      hears every HTTP attempt, for metrics
     * @param rateLimiter   a per-connection limiter, or {@code null} for none
     */
    public record Options(int pageSize, String sprintField, String epicLinkField, RemoteCallListener listener,
                          RateLimiter rateLimiter) {
        public Options {
            if (pageSize < 1) {
                throw new IllegalArgumentException("pageSize must be positive");
            }
            sprintField = sprintField == null ? "" : sprintField;
            epicLinkField = epicLinkField == null ? "" : epicLinkField;
            listener = listener == null ? RemoteCallListener.none() : listener;
        }

        /** 50 issues per page, Sprint {@code customfield_10020}, Epic Link {@code customfield_10014}. */
        public static Options defaults() {
            return new Options(50, "customfield_10020", "customfield_10014", RemoteCallListener.none(), null);
        }

        public Options withPageSize(int size) {
            return new Options(size, sprintField, epicLinkField, listener, rateLimiter);
        }

        public Options withListener(RemoteCallListener callListener) {
            return new Options(pageSize, sprintField, epicLinkField, callListener, rateLimiter);
        }
    }

    private final ConnectionSettings settings;
    private final Options options;
    private final boolean cloud;
    private final String api;
    private final ConnectorHttpClient http;
    private final ObjectMapper mapper;
    private final JiraIssueParser parser;
    private final JiraWebhookDecoder webhooks;
    private final Map<String, ZoneId> zones = new ConcurrentHashMap<>();
    private final Map<String, String> boardClauses = new ConcurrentHashMap<>();

    /** A connector with default {@link Options}. */
    public JiraConnector(ConnectionSettings settings) {
        this(settings, Options.defaults());
    }

    public JiraConnector(ConnectionSettings settings, Options options) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.options = Objects.requireNonNull(options, "options");
        if (!settings.kind().isJira()) {
            throw new IllegalArgumentException("not a Jira connection: " + settings.kind());
        }
        this.cloud = settings.kind() == ConnectionKind.JIRA_CLOUD;
        this.api = cloud ? "/rest/api/3" : "/rest/api/2";
        ConnectorHttpClient.Builder builder = ConnectorHttpClient.builder()
                .connection(settings.kind().name().toLowerCase(java.util.Locale.ROOT))
                .timeout(settings.timeout())
                .retryPolicy(RetryPolicy.standard(settings.maxRetries()))
                .listener(options.listener());
        if (options.rateLimiter() != null) {
            builder.rateLimiter(options.rateLimiter());
        }
        this.http = builder.build();
        this.mapper = http.mapper();
        this.parser = new JiraIssueParser(settings.fieldMapping(), options.sprintField(), options.epicLinkField());
        this.webhooks = new JiraWebhookDecoder(settings.webhookSecret(), mapper);
    }

    @Override
    public ConnectionKind kind() {
        return settings.kind();
    }

    // ---------------------------------------------------------------- reads

    @Override
    public RemoteMetadata.Item check(RemoteAccount account) {
        JsonNode me = get(account, api + "/myself", Map.of(), "myself");
        rememberZone(account, me);
        String id = JiraIssueParser.accountId(me);
        if (id == null) {
            throw new ConnectorException(Kind.INVALID_RESPONSE, "/myself named no account");
        }
        return new RemoteMetadata.Item(id, me.path("emailAddress").asText(me.path("name").asText("")),
                me.path("displayName").asText(""), me.path("timeZone").asText(""));
    }

    @Override
    public IndexHealth indexHealth() {
        if (cloud) {
            return IndexHealth.notApplicable();
        }
        JsonNode summary = get(settings.technicalUser(), "/rest/api/2/index/summary", Map.of(), "index.summary");
        JsonNode index = summary.path("issueIndex");
        if (!index.path("indexReadable").asBoolean(true)) {
            return IndexHealth.corrupted("node " + summary.path("nodeId").asText("?") + " cannot read its issue index");
        }
        if (index.has("countInDatabase") && index.has("countInIndex")) {
            long database = index.path("countInDatabase").asLong();
            long indexed = index.path("countInIndex").asLong() + index.path("countInArchive").asLong(0);
            if (database != indexed) {
                return IndexHealth.corrupted("node " + summary.path("nodeId").asText("?") + " has " + indexed
                        + " issues in its index but " + database + " in the database");
            }
        }
        Optional<java.time.Instant> db = JiraTimestamps.instant(index.path("lastUpdatedInDatabase"));
        Optional<java.time.Instant> idx = JiraTimestamps.instant(index.path("lastUpdatedInIndex"));
        if (db.isPresent() && idx.isPresent() && Duration.between(idx.get(), db.get()).toMinutes() > 10) {
            return IndexHealth.corrupted("the index lags the database by "
                    + Duration.between(idx.get(), db.get()).toMinutes() + " minutes");
        }
        return IndexHealth.healthy();
    }

    @Override
    public Page<RemoteIssue> snapshot(ScopeQuery scope, RemoteAccount account, Optional<PageToken> from) {
        String jql = scopeJql(scope, account) + " ORDER BY key ASC";
        return search(jql, account, from, parser.fieldIds(), options.pageSize());
    }

    /**
     * Pages by keyset, never by offset: an issue changed between two pages moves to the end of an offset-paged
     * {@code ORDER BY updated} result and pushes another one out of the next page. Each page is a fresh query from
     * the minute of the previous page's last issue, leaving out the keys already returned for that minute; the page
     * token carries that minute and those keys.
     */
    @Override
    public Page<RemoteIssue> incremental(ScopeQuery scope, RemoteAccount account, Cursor since, Duration lookback,
                                         Optional<PageToken> from) {
        ZoneId zone = zoneOf(account);
        String base = "(" + scopeJql(scope, account) + ")";
        Optional<IncrementalPosition> position = from.map(IncrementalPosition::parse);
        List<String> seen = new ArrayList<>(position.map(IncrementalPosition::seenKeys).orElse(List.of()));
        while (true) {
            String jql;
            if (position.isEmpty()) {
                jql = base + " AND updated >= " + Jql.dateTime(since.readFrom(lookback), zone);
            } else {
                java.time.Instant minute = position.get().minute();
                jql = base + " AND updated >= " + Jql.dateTime(minute, zone)
                        + (seen.isEmpty() ? "" : " AND (updated >= " + Jql.dateTime(minute.plus(Duration.ofMinutes(1)), zone)
                        + " OR " + Jql.keyIn(seen).replaceFirst("^key in", "key not in") + ")");
            }
            JsonNode answer;
            try {
                answer = searchPage(jql + " ORDER BY updated ASC, key ASC", account, Optional.empty(),
                        parser.fieldIds(), options.pageSize());
            } catch (ConnectorException e) {
                List<String> gone = keysNamedIn(e, seen);
                if (gone.isEmpty()) {
                    throw e;
                }
                // A key left out because it was already read no longer exists: leaving it out is moot.
                seen.removeAll(gone);
                continue;
            }
            List<RemoteIssue> issues = new ArrayList<>();
            answer.path("issues").forEach(i -> issues.add(parser.parse(i)));
            return new Page<>(issues, nextIncremental(issues, position, seen), OptionalLong.empty());
        }
    }

    private Optional<PageToken> nextIncremental(List<RemoteIssue> issues, Optional<IncrementalPosition> position,
                                                List<String> seen) {
        if (issues.size() < options.pageSize()) {
            return Optional.empty();
        }
        java.time.Instant lastMinute = issues.get(issues.size() - 1).updated().truncatedTo(ChronoUnit.MINUTES);
        List<String> seenAtMinute = new ArrayList<>();
        if (position.isPresent() && position.get().minute().equals(lastMinute)) {
            seenAtMinute.addAll(seen);
        }
        for (RemoteIssue issue : issues) {
            if (issue.updated().truncatedTo(ChronoUnit.MINUTES).equals(lastMinute)
                    && !seenAtMinute.contains(issue.key().value())) {
                seenAtMinute.add(issue.key().value());
            }
        }
        return Optional.of(new IncrementalPosition(lastMinute, seenAtMinute).token());
    }

    /** Where the next incremental page starts: a minute, and the keys already returned for that minute. */
    private record IncrementalPosition(java.time.Instant minute, List<String> seenKeys) {
        private static final String PREFIX = "u1:";

        PageToken token() {
            return new PageToken(PREFIX + minute.getEpochSecond() / 60 + ":" + String.join(",", seenKeys));
        }

        static IncrementalPosition parse(PageToken token) {
            String value = token.value();
            String[] parts = value.startsWith(PREFIX) ? value.substring(PREFIX.length()).split(":", 2) : new String[0];
            if (parts.length != 2 || !Jql.isNumber(parts[0])) {
                throw new IllegalArgumentException("not an incremental page token of this connector: " + value);
            }
            List<String> keys = parts[1].isEmpty() ? List.of() : List.of(parts[1].split(","));
            if (!keys.stream().allMatch(Jql::isIssueKey)) {
                throw new IllegalArgumentException("not an incremental page token of this connector: " + value);
            }
            return new IncrementalPosition(java.time.Instant.ofEpochSecond(Long.parseLong(parts[0]) * 60), keys);
        }
    }

    @Override
    public Optional<RemoteIssue> fetch(IssueKey key, RemoteAccount account) {
        if (!Jql.isIssueKey(key.value())) {
            return Optional.empty();
        }
        try {
            JsonNode issue = get(account, api + "/issue/" + encode(key.value()),
                    Map.of("fields", String.join(",", parser.fieldIds())), "issue.get");
            return Optional.of(parser.parse(issue));
        } catch (ConnectorException e) {
            if (e.kind() == Kind.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Set<IssueKey> membership(ScopeQuery scope, Collection<IssueKey> keys, RemoteAccount account) {
        String scopeJql = scopeJql(scope, account);
        Set<IssueKey> members = new TreeSet<>();
        for (List<String> chunk : chunks(validKeys(keys))) {
            for (JsonNode issue : searchKeys(chunk, "(" + scopeJql + ")", account, List.of("key"))) {
                members.add(IssueKey.of(issue.path("key").asText()));
            }
        }
        return members;
    }

    @Override
    public Map<IssueKey, Set<RemotePermission>> permissions(RemoteAccount account, Collection<IssueKey> keys) {
        Map<IssueKey, Set<RemotePermission>> result = new LinkedHashMap<>();
        keys.forEach(k -> result.put(k, EnumSet.noneOf(RemotePermission.class)));
        if (cloud) {
            cloudPermissions(account, result);
        } else {
            for (IssueKey key : result.keySet()) {
                if (Jql.isIssueKey(key.value())) {
                    result.put(key, dataCenterPermissions(account, key));
                }
            }
        }
        result.replaceAll((k, v) -> Set.copyOf(v));
        return result;
    }

    private void cloudPermissions(RemoteAccount account, Map<IssueKey, Set<RemotePermission>> result) {
        Map<Long, IssueKey> byId = new HashMap<>();
        for (List<String> chunk : chunks(validKeys(result.keySet()))) {
            for (JsonNode issue : searchKeys(chunk, null, account, List.of("key"))) {
                String id = issue.path("id").asText("");
                if (Jql.isNumber(id)) {
                    byId.put(Long.parseLong(id), IssueKey.of(issue.path("key").asText()));
                }
            }
        }
        if (byId.isEmpty()) {
            return;
        }
        List<Long> ids = new ArrayList<>(byId.keySet());
        for (int from = 0; from < ids.size(); from += 1000) {
            ObjectNode body = mapper.createObjectNode();
            ObjectNode projectPermissions = body.putArray("projectPermissions").addObject();
            ArrayNode permissions = projectPermissions.putArray("permissions");
            PERMISSION_KEYS.forEach(permissions::add);
            ArrayNode issues = projectPermissions.putArray("issues");
            ids.subList(from, Math.min(ids.size(), from + 1000)).forEach(issues::add);
            JsonNode answer = http.sendForJson(RemoteRequest.post(uri(api + "/permissions/check", Map.of()), body)
                    .idempotent(true).withOperation("permissions.check").withAuthentication(auth(account)));
            for (JsonNode granted : answer.path("projectPermissions")) {
                Optional<RemotePermission> permission = permission(granted.path("permission").asText(""));
                for (JsonNode issueId : granted.path("issues")) {
                    IssueKey key = byId.get(issueId.asLong(-1));
                    if (key != null && permission.isPresent()) {
                        result.get(key).add(permission.get());
                    }
                }
            }
        }
        // An issue the search returned is one the account can browse, whatever the bulk check lists.
        byId.values().forEach(key -> result.get(key).add(RemotePermission.BROWSE));
    }

    private Set<RemotePermission> dataCenterPermissions(RemoteAccount account, IssueKey key) {
        Set<RemotePermission> granted = EnumSet.noneOf(RemotePermission.class);
        JsonNode answer;
        try {
            answer = get(account, api + "/mypermissions",
                    Map.of("issueKey", key.value(), "permissions", String.join(",", PERMISSION_KEYS)), "mypermissions");
        } catch (ConnectorException e) {
            if (e.kind() == Kind.NOT_FOUND || e.kind() == Kind.CONFIGURATION) {
                return granted;
            }
            throw e;
        }
        answer.path("permissions").fields().forEachRemaining(entry -> {
            if (entry.getValue().path("havePermission").asBoolean(false)) {
                permission(entry.getKey()).ifPresent(granted::add);
            }
        });
        return granted.contains(RemotePermission.BROWSE) ? granted : EnumSet.noneOf(RemotePermission.class);
    }

    private static Optional<RemotePermission> permission(String jiraKey) {
        switch (jiraKey) {
            case "BROWSE_PROJECTS":
            case "BROWSE":
                return Optional.of(RemotePermission.BROWSE);
            case "EDIT_ISSUES":
            case "EDIT_ISSUE":
                return Optional.of(RemotePermission.EDIT);
            case "SCHEDULE_ISSUES":
            case "SCHEDULE_ISSUE":
                return Optional.of(RemotePermission.SCHEDULE);
            case "LINK_ISSUES":
            case "LINK_ISSUE":
                return Optional.of(RemotePermission.LINK);
            case "TRANSITION_ISSUES":
            case "TRANSITION_ISSUE":
                return Optional.of(RemotePermission.TRANSITION);
            default:
                return Optional.empty();
        }
    }

    @Override
    public RemoteMetadata metadata() {
        RemoteAccount tech = settings.technicalUser();
        List<RemoteMetadata.Item> fields = new ArrayList<>();
        for (JsonNode f : get(tech, api + "/field", Map.of(), "field.list")) {
            JsonNode schema = f.path("schema");
            fields.add(new RemoteMetadata.Item(f.path("id").asText(), f.path("key").asText(f.path("id").asText()),
                    f.path("name").asText(""), schema.path("custom").asText(schema.path("type").asText(""))));
        }
        List<RemoteMetadata.LinkType> linkTypes = new ArrayList<>();
        for (JsonNode t : get(tech, api + "/issueLinkType", Map.of(), "issueLinkType.list").path("issueLinkTypes")) {
            linkTypes.add(new RemoteMetadata.LinkType(t.path("id").asText(""), t.path("name").asText(),
                    t.path("outward").asText(""), t.path("inward").asText("")));
        }
        List<RemoteMetadata.Item> projects = new ArrayList<>();
        List<String> projectKeys = new ArrayList<>();
        for (JsonNode p : projects(tech)) {
            projects.add(new RemoteMetadata.Item(p.path("id").asText(), p.path("key").asText(), p.path("name").asText(""),
                    "project"));
            projectKeys.add(p.path("key").asText());
        }
        List<IterationRef> iterations = new ArrayList<>();
        Set<String> sprintIds = new HashSet<>();
        for (JsonNode board : optional(() -> agilePages(tech, "/rest/agile/1.0/board", "board.list"))) {
            String boardId = board.path("id").asText();
            projects.add(new RemoteMetadata.Item(boardId, "", board.path("name").asText(""),
                    "board:" + board.path("type").asText("")));
            if (!"kanban".equalsIgnoreCase(board.path("type").asText(""))) {
                for (JsonNode sprint : optional(() -> agilePages(tech, "/rest/agile/1.0/board/" + encode(boardId)
                        + "/sprint", "board.sprints"))) {
                    if (sprintIds.add(sprint.path("id").asText())) {
                        iterations.add(new IterationRef(IterationRef.Kind.SPRINT, sprint.path("id").asText(),
                                sprint.path("name").asText("")));
                    }
                }
            }
        }
        for (String projectKey : projectKeys) {
            for (JsonNode version : optional(() -> list(get(tech, api + "/project/" + encode(projectKey) + "/versions",
                    Map.of(), "project.versions")))) {
                iterations.add(new IterationRef(IterationRef.Kind.VERSION, version.path("id").asText(),
                        version.path("name").asText("")));
            }
        }
        List<RemoteMetadata.Item> users = new ArrayList<>();
        Map<String, String> userQuery = cloud ? Map.of("maxResults", "1000") : Map.of("username", ".", "maxResults", "1000");
        for (JsonNode user : optional(() -> list(get(tech, api + (cloud ? "/users/search" : "/user/search"), userQuery,
                "user.search")))) {
            String id = JiraIssueParser.accountId(user);
            if (id != null) {
                users.add(new RemoteMetadata.Item(id, user.path("emailAddress").asText(user.path("name").asText("")),
                        user.path("displayName").asText(""), user.path("timeZone").asText("")));
            }
        }
        return new RemoteMetadata(projects, fields, linkTypes, iterations, users);
    }

    private List<JsonNode> projects(RemoteAccount tech) {
        if (!cloud) {
            return list(get(tech, api + "/project", Map.of(), "project.list"));
        }
        return pages(tech, api + "/project/search", "project.search");
    }

    private List<JsonNode> agilePages(RemoteAccount account, String path, String operation) {
        return pages(account, path, operation);
    }

    /** Reads every page of a {@code {startAt, maxResults, isLast, values}} collection. */
    private List<JsonNode> pages(RemoteAccount account, String path, String operation) {
        List<JsonNode> values = new ArrayList<>();
        int startAt = 0;
        for (int page = 0; page < MAX_METADATA_PAGES; page++) {
            JsonNode answer = get(account, path, Map.of("startAt", Integer.toString(startAt), "maxResults", "50"),
                    operation);
            JsonNode pageValues = answer.path("values");
            pageValues.forEach(values::add);
            startAt += pageValues.size();
            boolean last = answer.path("isLast").asBoolean(pageValues.size() == 0)
                    || answer.has("total") && startAt >= answer.path("total").asLong();
            if (last || pageValues.size() == 0) {
                break;
            }
        }
        return values;
    }

    /** A part of the metadata a Jira without it (no Agile, no user browsing) simply lacks. */
    private static List<JsonNode> optional(java.util.function.Supplier<List<JsonNode>> read) {
        try {
            return read.get();
        } catch (ConnectorException e) {
            if (e.kind() == Kind.NOT_FOUND || e.kind() == Kind.PERMISSION || e.kind() == Kind.CONFIGURATION) {
                return List.of();
            }
            throw e;
        }
    }

    // ---------------------------------------------------------------- writes

    @Override
    public WriteResult apply(RemoteWrite write, RemoteAccount account) {
        if (!Jql.isIssueKey(write.key().value())) {
            throw new ConnectorException(Kind.NOT_FOUND, "not a Jira issue key: " + write.key());
        }
        String createdId = "";
        try {
            if (write instanceof RemoteWrite.SetDates dates) {
                setDates(dates, account);
            } else if (write instanceof RemoteWrite.MoveToIteration move) {
                moveToIteration(move, account);
            } else if (write instanceof RemoteWrite.CreateLink link) {
                createdId = createLink(link, account);
            } else if (write instanceof RemoteWrite.DeleteLink link) {
                deleteLink(link, account);
            }
        } catch (ConnectorException refused) {
            throw explainRefusal(write, account, refused);
        }
        RemoteIssue after = fetch(write.key(), account).orElseThrow(() -> new ConnectorException(Kind.NOT_FOUND,
                write.key() + " cannot be read back after the write"));
        if (write instanceof RemoteWrite.CreateLink link && createdId.isEmpty()) {
            createdId = after.links().stream()
                    .filter(l -> l.type().equalsIgnoreCase(link.linkType()) && l.from().equals(link.key())
                            && l.to().equals(link.to()))
                    .map(RemoteLink::linkId)
                    .max(JiraConnector::compareIds)
                    .orElse("");
        }
        return new WriteResult(write.writeId(), after, createdId);
    }

    private void setDates(RemoteWrite.SetDates write, RemoteAccount account) {
        FieldMapping mapping = settings.fieldMapping();
        if (mapping.startField().isBlank()) {
            throw new ConnectorException(Kind.CONFIGURATION, "the field mapping names no start-date field");
        }
        ObjectNode fields = mapper.createObjectNode();
        putDate(fields, mapping.startField(), write.start());
        if (mapping.endFromEstimate()) {
            if (write.start() != null && write.end() != null) {
                long days = ChronoUnit.DAYS.between(write.start(), write.end()) + 1;
                fields.putObject("timetracking").put("originalEstimate", days + "d");
            }
        } else {
            putDate(fields, mapping.endField(), write.end());
        }
        editIssue(write, account, fields, null);
    }

    private static void putDate(ObjectNode fields, String field, LocalDate date) {
        if (date == null) {
            fields.putNull(field);
        } else {
            fields.put(field, date.toString());
        }
    }

    private void moveToIteration(RemoteWrite.MoveToIteration write, RemoteAccount account) {
        IterationRef target = write.target();
        switch (target.kind()) {
            case SPRINT: {
                if (!Jql.isNumber(target.id())) {
                    throw new ConnectorException(Kind.NOT_FOUND, "not a Jira sprint id: " + target.id());
                }
                ObjectNode body = mapper.createObjectNode();
                body.putArray("issues").add(write.key().value());
                // Moving an issue into the sprint it is in changes nothing, so repeating the call is harmless.
                http.send(RemoteRequest.post(uri("/rest/agile/1.0/sprint/" + target.id() + "/issue", Map.of()), body)
                        .idempotent(true).withOperation("sprint.move").withAuthentication(auth(account)));
                return;
            }
            case VERSION: {
                ObjectNode update = mapper.createObjectNode();
                update.putArray("fixVersions").addObject().putArray("set").addObject().put("id", target.id());
                editIssue(write, account, null, update);
                return;
            }
            default:
                throw new ConnectorException(Kind.CONFLICT, "Jira has no " + target.kind() + " cadence");
        }
    }

    private String createLink(RemoteWrite.CreateLink write, RemoteAccount account) {
        if (!Jql.isIssueKey(write.to().value())) {
            throw new ConnectorException(Kind.NOT_FOUND, "not a Jira issue key: " + write.to());
        }
        ObjectNode body = mapper.createObjectNode();
        body.putObject("type").put("name", write.linkType());
        // Jira reads {inwardIssue: A, outwardIssue: B} of "Blocks" as "A blocks B": A gets the outward phrase.
        body.putObject("inwardIssue").put("key", write.key().value());
        body.putObject("outwardIssue").put("key", write.to().value());
        RemoteResponse response = http.send(RemoteRequest.post(uri(api + "/issueLink", Map.of()), body)
                .withOperation("issueLink.create").withAuthentication(auth(account)));
        return response.header("Location").map(LOCATION_ID::matcher).filter(java.util.regex.Matcher::matches)
                .map(m -> m.group(1)).orElse("");
    }

    private void deleteLink(RemoteWrite.DeleteLink write, RemoteAccount account) {
        if (!Jql.isNumber(write.linkId())) {
            throw new ConnectorException(Kind.NOT_FOUND, "not a Jira link id: " + write.linkId());
        }
        http.send(RemoteRequest.delete(uri(api + "/issueLink/" + write.linkId(), Map.of()))
                .withOperation("issueLink.delete").withAuthentication(auth(account)));
    }

    private void editIssue(RemoteWrite write, RemoteAccount account, ObjectNode fields, ObjectNode update) {
        ObjectNode body = mapper.createObjectNode();
        if (fields != null) {
            body.set("fields", fields);
        }
        if (update != null) {
            body.set("update", update);
        }
        ObjectNode history = body.putObject("historyMetadata");
        history.put("type", "boxsync");
        history.put("activityDescription", JiraWebhookDecoder.WRITE_MARK + write.writeId());
        history.putObject("extraData").put("writeId", write.writeId());
        http.send(RemoteRequest.put(uri(api + "/issue/" + encode(write.key().value()), Map.of()), body)
                .withOperation("issue.edit").withAuthentication(auth(account)));
    }

    /**
     * Jira refuses a field the account may not set with 400 "cannot be set" (not 403), and a link it may not create
     * with 404; when the account indeed lacks the permission, that is a PERMISSION failure, not a configuration one.
     */
    private ConnectorException explainRefusal(RemoteWrite write, RemoteAccount account, ConnectorException refused) {
        if (refused.kind() != Kind.CONFIGURATION && refused.kind() != Kind.NOT_FOUND) {
            return refused;
        }
        Set<RemotePermission> needed = write instanceof RemoteWrite.SetDates
                ? EnumSet.of(RemotePermission.BROWSE, RemotePermission.EDIT, RemotePermission.SCHEDULE)
                : write instanceof RemoteWrite.MoveToIteration
                ? EnumSet.of(RemotePermission.BROWSE, RemotePermission.EDIT, RemotePermission.SCHEDULE)
                : EnumSet.of(RemotePermission.BROWSE, RemotePermission.LINK);
        Set<RemotePermission> held;
        try {
            held = permissions(account, List.of(write.key())).getOrDefault(write.key(), Set.of());
        } catch (ConnectorException cannotTell) {
            return refused;
        }
        if (!held.contains(RemotePermission.BROWSE)) {
            return refused;
        }
        if (held.containsAll(needed)) {
            return refused;
        }
        needed.removeAll(held);
        return new ConnectorException(Kind.PERMISSION, "the account lacks " + needed + " on " + write.key() + ": "
                + refused.getMessage(), refused.status(), null, refused);
    }

    // ---------------------------------------------------------------- search

    private Page<RemoteIssue> search(String jql, RemoteAccount account, Optional<PageToken> from, List<String> fields,
                                     int pageSize) {
        JsonNode answer = searchPage(jql, account, from, fields, pageSize);
        List<RemoteIssue> issues = new ArrayList<>();
        answer.path("issues").forEach(i -> issues.add(parser.parse(i)));
        return new Page<>(issues, nextToken(answer), cloud ? OptionalLong.empty() : total(answer));
    }

    /** One search page; POST, because key lists and the incremental keyset can make the JQL long. */
    private JsonNode searchPage(String jql, RemoteAccount account, Optional<PageToken> from, List<String> fields,
                                int pageSize) {
        ObjectNode body = mapper.createObjectNode();
        body.put("jql", jql);
        body.put("maxResults", pageSize);
        ArrayNode fieldList = body.putArray("fields");
        fields.forEach(fieldList::add);
        String path;
        if (cloud) {
            from.ifPresent(token -> body.put("nextPageToken", token.value()));
            path = "/rest/api/3/search/jql";
        } else {
            String startAt = from.map(PageToken::value).orElse("0");
            if (!Jql.isNumber(startAt)) {
                throw new IllegalArgumentException("not a page token of this connector: " + startAt);
            }
            body.put("startAt", Integer.parseInt(startAt));
            path = "/rest/api/2/search";
        }
        return http.sendForJson(RemoteRequest.post(uri(path, Map.of()), body).idempotent(true).withOperation("search")
                .withAuthentication(auth(account)));
    }

    private Optional<PageToken> nextToken(JsonNode answer) {
        int returned = answer.path("issues").size();
        if (cloud) {
            String token = answer.path("nextPageToken").asText("");
            boolean last = answer.path("isLast").asBoolean(token.isBlank());
            return last || token.isBlank() ? Optional.empty() : Optional.of(new PageToken(token));
        }
        long startAt = answer.path("startAt").asLong(0);
        long total = answer.path("total").asLong(0);
        long next = startAt + returned;
        return returned > 0 && next < total ? Optional.of(new PageToken(Long.toString(next))) : Optional.empty();
    }

    private static OptionalLong total(JsonNode answer) {
        return answer.has("total") ? OptionalLong.of(answer.path("total").asLong()) : OptionalLong.empty();
    }

    /**
     * The issues among the keys the account can see (and that match {@code andJql}), every page read. Jira answers
     * 400 when a key in {@code key in (...)} does not exist or cannot be seen; those keys are dropped and the
     * query repeated.
     */
    private List<JsonNode> searchKeys(List<String> keys, String andJql, RemoteAccount account, List<String> fields) {
        List<String> remaining = new ArrayList<>(keys);
        while (!remaining.isEmpty()) {
            String jql = Jql.keyIn(remaining) + (andJql == null ? "" : " AND " + andJql) + " ORDER BY key ASC";
            try {
                List<JsonNode> found = new ArrayList<>();
                Optional<PageToken> token = Optional.empty();
                do {
                    JsonNode answer = searchPage(jql, account, token, fields, KEYS_PER_QUERY);
                    answer.path("issues").forEach(found::add);
                    token = nextToken(answer);
                } while (token.isPresent());
                return found;
            } catch (ConnectorException e) {
                if (e.kind() != Kind.CONFIGURATION) {
                    throw e;
                }
                List<String> unknown = keysNamedIn(e, remaining);
                if (unknown.isEmpty()) {
                    throw e;
                }
                remaining.removeAll(unknown);
            }
        }
        return List.of();
    }

    /** The keys a 400 names as not existing ("An issue with key 'ABC-9' does not exist for field 'key'."). */
    private static List<String> keysNamedIn(ConnectorException e, List<String> keys) {
        if (e.kind() != Kind.CONFIGURATION || e.getMessage() == null) {
            return List.of();
        }
        String message = e.getMessage();
        return keys.stream()
                .filter(k -> Pattern.compile("['\"]" + Pattern.quote(k) + "['\"]").matcher(message).find())
                .toList();
    }

    private String scopeJql(ScopeQuery scope, RemoteAccount account) {
        return Jql.scope(scope, boardId -> {
            String known = boardClauses.get(boardId);
            if (known != null) {
                return known;
            }
            String clause = boardClause(boardId, account);
            boardClauses.put(boardId, clause);
            return clause;
        });
    }

    /**
     * A board shows the issues of its saved filter; a Jira that does not serve the board configuration (or a
     * team-managed board without a filter) falls back to the board's project.
     */
    private String boardClause(String boardId, RemoteAccount account) {
        try {
            JsonNode configuration = get(account, "/rest/agile/1.0/board/" + boardId + "/configuration", Map.of(),
                    "board.configuration");
            String filterId = configuration.path("filter").path("id").asText("");
            if (Jql.isNumber(filterId)) {
                return "filter = " + filterId;
            }
        } catch (ConnectorException e) {
            if (e.kind() != Kind.NOT_FOUND) {
                throw e;
            }
        }
        JsonNode board = get(account, "/rest/agile/1.0/board/" + boardId, Map.of(), "board.get");
        String projectKey = board.path("location").path("projectKey").asText("");
        if (projectKey.isBlank()) {
            throw new ConnectorException(Kind.CONFIGURATION, "board " + boardId + " names neither a filter nor a project");
        }
        return Jql.scope(ScopeQuery.ofProjects(projectKey), unused -> "");
    }

    private ZoneId zoneOf(RemoteAccount account) {
        ZoneId known = zones.get(account.accountId());
        if (known != null) {
            return known;
        }
        JsonNode me = get(account, api + "/myself", Map.of(), "myself");
        return rememberZone(account, me);
    }

    private ZoneId rememberZone(RemoteAccount account, JsonNode me) {
        ZoneId zone = ZoneOffset.UTC;
        String name = me.path("timeZone").asText("");
        if (!name.isBlank()) {
            try {
                zone = ZoneId.of(name);
            } catch (DateTimeException unknownZone) {
                zone = ZoneOffset.UTC;
            }
        }
        zones.put(account.accountId(), zone);
        return zone;
    }

    // ---------------------------------------------------------------- plumbing

    @Override
    public WebhookDecoder webhooks() {
        return webhooks;
    }

    @Override
    public void close() {
        http.close();
    }

    private JsonNode get(RemoteAccount account, String path, Map<String, String> query, String operation) {
        return http.sendForJson(RemoteRequest.get(uri(path, query)).withOperation(operation)
                .withAuthentication(auth(account)));
    }

    private Authentication auth(RemoteAccount account) {
        if (cloud && !account.login().isBlank()) {
            return Authentication.basic(account.login(), account.secret());
        }
        return Authentication.bearer(account.secret());
    }

    private URI uri(String path, Map<String, String> query) {
        String base = settings.baseUrl().toString().replaceAll("/+$", "");
        StringBuilder url = new StringBuilder(base).append(path);
        String separator = "?";
        for (Map.Entry<String, String> entry : query.entrySet()) {
            url.append(separator).append(encode(entry.getKey())).append('=').append(encode(entry.getValue()));
            separator = "&";
        }
        return URI.create(url.toString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> values = new ArrayList<>();
        array.forEach(values::add);
        return values;
    }

    private static List<String> validKeys(Collection<IssueKey> keys) {
        Set<String> valid = new LinkedHashSet<>();
        for (IssueKey key : keys) {
            if (Jql.isIssueKey(key.value())) {
                valid.add(key.value());
            }
        }
        return List.copyOf(valid);
    }

    private static List<List<String>> chunks(List<String> keys) {
        List<List<String>> chunks = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += KEYS_PER_QUERY) {
            chunks.add(keys.subList(from, Math.min(keys.size(), from + KEYS_PER_QUERY)));
        }
        return chunks;
    }

    private static int compareIds(String a, String b) {
        if (Jql.isNumber(a) && Jql.isNumber(b)) {
            return Long.compare(Long.parseLong(a), Long.parseLong(b));
        }
        return a.compareTo(b);
    }
}
