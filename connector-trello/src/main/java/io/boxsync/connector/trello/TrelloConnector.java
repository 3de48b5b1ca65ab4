package io.boxsync.connector.trello;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The {@link Connector} for Trello (REST v1), in the terms of the SPI:
 * <ul>
 *   <li>issue = card (key = card id), project = board, cadence = list ({@link IterationRef.Kind#LIST}), status =
 *       list name; start and end = Trello's {@code start} and {@code due} (see {@link TrelloDates});</li>
 *   <li>scope = {@link ScopeQuery.SourceKind#BOARD} and {@link ScopeQuery.SourceKind#LIST} sources joined by OR,
 *       {@link ScopeQuery.SourceKind#LABEL} sources (label names) as a filter; archived cards are out of scope;</li>
 *   <li>accounts: {@link RemoteAccount#login()} = the application's API key, {@link RemoteAccount#secret()} = the
 *       member's token, {@link RemoteAccount#accountId()} = the member id;</li>
 *   <li>permissions from board membership: observer = BROWSE; normal and admin = BROWSE, EDIT, SCHEDULE; LINK
 *       never (Trello has no issue links).</li>
 * </ul>
 *
 * <p>Snapshot pages follow Trello's card paging ({@code limit} + {@code before}, newest card first) board by board,
 * then list by list. Trello cannot filter cards by {@code dateLastActivity}, so an incremental page reads the
 * scope's cards and keeps those active since the cursor, oldest first.
 *
 * <p>Thread-safe; see {@link Connector} for the contract.
 */
public final class TrelloConnector implements Connector {
    /** Cards per page; Trello allows at most 1000. */
    public static final int DEFAULT_PAGE_SIZE = 500;

    private static final String NO_LINKS = "Trello has no issue links; dependencies stay in Boxsync";
    private static final Set<RemotePermission> OBSERVER = EnumSet.of(RemotePermission.BROWSE);
    private static final Set<RemotePermission> EDITOR =
            EnumSet.of(RemotePermission.BROWSE, RemotePermission.EDIT, RemotePermission.SCHEDULE);

    private final ConnectionSettings settings;
    private final TrelloRest rest;
    private final int pageSize;
    private final TrelloWebhookDecoder webhooks;

    /**
     * @param pageSize cards per page, 1..1000
     */
    public TrelloConnector(ConnectionSettings settings, int pageSize) {
        if (pageSize < 1 || pageSize > 1000) {
            throw new IllegalArgumentException("a Trello page holds 1 to 1000 cards, not " + pageSize);
        }
        this.settings = settings;
        this.pageSize = pageSize;
        this.rest = new TrelloRest(settings);
        this.webhooks = new TrelloWebhookDecoder(settings.webhookSecret());
    }

    @Override
    public ConnectionKind kind() {
        return ConnectionKind.TRELLO;
    }

    @Override
    public RemoteMetadata.Item check(RemoteAccount account) {
        JsonNode me = rest.get("/members/me", Map.of("fields", "id,username,fullName"), account);
        return new RemoteMetadata.Item(me.path("id").asText(), me.path("username").asText(""),
                me.path("fullName").asText(""), "member");
    }

    @Override
    public RemoteMetadata metadata() {
        RemoteAccount tech = settings.technicalUser();
        List<RemoteMetadata.Item> projects = new ArrayList<>();
        List<RemoteMetadata.Item> fields = new ArrayList<>();
        fields.add(new RemoteMetadata.Item("start", "start", "Start date", "datetime"));
        fields.add(new RemoteMetadata.Item("due", "due", "Due date", "datetime"));
        List<IterationRef> iterations = new ArrayList<>();
        Map<String, RemoteMetadata.Item> users = new LinkedHashMap<>();
        for (JsonNode board : rest.get("/members/me/boards", Map.of("filter", "open",
                "fields", "id,name,shortLink"), tech)) {
            String boardId = board.path("id").asText();
            projects.add(new RemoteMetadata.Item(boardId, board.path("shortLink").asText(""),
                    board.path("name").asText(""), "board"));
            for (JsonNode list : rest.get("/boards/" + boardId + "/lists", Map.of("filter", "open"), tech)) {
                iterations.add(new IterationRef(IterationRef.Kind.LIST, list.path("id").asText(),
                        list.path("name").asText("")));
            }
            for (JsonNode label : rest.get("/boards/" + boardId + "/labels", Map.of(), tech)) {
                fields.add(new RemoteMetadata.Item(label.path("id").asText(), label.path("name").asText(""),
                        label.path("name").asText(""), "label:" + label.path("color").asText("") + ":" + boardId));
            }
            for (JsonNode member : rest.get("/boards/" + boardId + "/members", Map.of(), tech)) {
                String id = member.path("id").asText();
                users.putIfAbsent(id, new RemoteMetadata.Item(id, member.path("username").asText(""),
                        member.path("fullName").asText(""), "member"));
            }
        }
        return new RemoteMetadata(projects, fields, List.of(), iterations, List.copyOf(users.values()));
    }

    @Override
    public IndexHealth indexHealth() {
        return IndexHealth.notApplicable();
    }

    @Override
    public Page<RemoteIssue> snapshot(ScopeQuery scope, RemoteAccount account, Optional<PageToken> from) {
        TrelloScope trello = TrelloScope.of(scope);
        SnapshotPosition position = from.map(SnapshotPosition::parse).orElse(SnapshotPosition.START);
        Map<String, BoardNames> namesByBoard = new HashMap<>();
        while (position != null) {
            RawPage raw = readSource(trello, position, account);
            List<RemoteIssue> issues = new ArrayList<>();
            for (JsonNode card : raw.cards) {
                if (trello.contains(card) && !isCoveredByEarlierBoard(trello, position, card)) {
                    String boardId = card.path("idBoard").asText();
                    BoardNames names = namesByBoard.computeIfAbsent(boardId, b -> boardNames(b, account));
                    issues.add(TrelloCards.toIssue(card, names.lists(), names.members()));
                }
            }
            position = raw.next;
            if (!issues.isEmpty() || position == null) {
                return new Page<>(issues, Optional.ofNullable(position).map(SnapshotPosition::token),
                        OptionalLong.empty());
            }
        }
        return new Page<>(List.of(), Optional.empty(), OptionalLong.empty());
    }

    private record RawPage(List<JsonNode> cards, SnapshotPosition next) {
    }

    private RawPage readSource(TrelloScope scope, SnapshotPosition at, RemoteAccount account) {
        List<JsonNode> cards = new ArrayList<>();
        if (at.source < scope.boards().size()) {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("fields", TrelloCards.FIELDS);
            query.put("limit", Integer.toString(pageSize));
            if (!at.before.isEmpty()) {
                query.put("before", at.before);
            }
            rest.get("/boards/" + scope.boards().get(at.source) + "/cards", query, account).forEach(cards::add);
            SnapshotPosition next = cards.size() < pageSize
                    ? at.nextSource(scope.sourceCount())
                    : new SnapshotPosition(at.source, cards.get(cards.size() - 1).path("id").asText());
            return new RawPage(cards, next);
        }
        String listId = scope.lists().get(at.source - scope.boards().size());
        rest.get("/lists/" + listId + "/cards", Map.of("fields", TrelloCards.FIELDS), account).forEach(cards::add);
        return new RawPage(cards, at.nextSource(scope.sourceCount()));
    }

    private static boolean isCoveredByEarlierBoard(TrelloScope scope, SnapshotPosition at, JsonNode card) {
        return at.source >= scope.boards().size() && scope.boards().contains(card.path("idBoard").asText());
    }

    /** Names of a board's lists and members, by id: read once per board and page. */
    private record BoardNames(Map<String, String> lists, Map<String, String> members) {
    }

    private BoardNames boardNames(String boardId, RemoteAccount account) {
        Map<String, String> lists = new HashMap<>();
        for (JsonNode list : rest.get("/boards/" + boardId + "/lists", Map.of("filter", "all",
                "fields", "id,name"), account)) {
            lists.put(list.path("id").asText(), list.path("name").asText(""));
        }
        Map<String, String> members = new HashMap<>();
        for (JsonNode member : rest.get("/boards/" + boardId + "/members", Map.of("fields", "id,fullName"),
                account)) {
            members.put(member.path("id").asText(), member.path("fullName").asText(""));
        }
        return new BoardNames(lists, members);
    }

    /** A position in a snapshot: the source being read and the id of the oldest card already returned from it. */
    private record SnapshotPosition(int source, String before) {
        static final SnapshotPosition START = new SnapshotPosition(0, "");

        static SnapshotPosition parse(PageToken token) {
            String[] parts = token.value().split(":", -1);
            try {
                if (parts.length == 3 && parts[0].equals("s")) {
                    return new SnapshotPosition(Integer.parseInt(parts[1]), parts[2]);
                }
            } catch (NumberFormatException e) {
                // fall through to the refusal
            }
            throw new ConnectorException(Kind.CONFIGURATION, "not a Trello snapshot page token: " + token.value());
        }

        SnapshotPosition nextSource(int sourceCount) {
            return source + 1 < sourceCount ? new SnapshotPosition(source + 1, "") : null;
        }

        PageToken token() {
            return new PageToken("s:" + source + ":" + before);
        }
    }

    @Override
    public Page<RemoteIssue> incremental(ScopeQuery scope, RemoteAccount account, Cursor since, Duration lookback,
                                         Optional<PageToken> from) {
        Instant readFrom = since.readFrom(lookback);
        Optional<Cursor> after = from.map(TrelloConnector::parseIncrementalToken);
        List<RemoteIssue> changed = new ArrayList<>();
        Optional<PageToken> page = Optional.empty();
        do {
            Page<RemoteIssue> p = snapshot(scope, account, page);
            for (RemoteIssue issue : p.items()) {
                if (!issue.updated().isBefore(readFrom)
                        && after.map(a -> stamp(issue).compareTo(a) > 0).orElse(true)) {
                    changed.add(issue);
                }
            }
            page = p.next();
        } while (page.isPresent());
        changed.sort(Comparator.comparing(TrelloConnector::stamp));
        List<RemoteIssue> items = changed.size() > pageSize ? changed.subList(0, pageSize) : changed;
        Optional<PageToken> next = changed.size() > pageSize
                ? Optional.of(incrementalToken(stamp(items.get(items.size() - 1)))) : Optional.empty();
        return new Page<>(items, next, OptionalLong.empty());
    }

    private static Cursor stamp(RemoteIssue issue) {
        return new Cursor(issue.updated(), issue.key().value());
    }

    private static PageToken incrementalToken(Cursor last) {
        return new PageToken("i:" + last.updated().toEpochMilli() + ":" + last.key());
    }

    private static Cursor parseIncrementalToken(PageToken token) {
        String[] parts = token.value().split(":", 3);
        try {
            if (parts.length == 3 && parts[0].equals("i")) {
                return new Cursor(Instant.ofEpochMilli(Long.parseLong(parts[1])), parts[2]);
            }
        } catch (NumberFormatException e) {
            // fall through to the refusal
        }
        throw new ConnectorException(Kind.CONFIGURATION, "not a Trello incremental page token: " + token.value());
    }

    @Override
    public Optional<RemoteIssue> fetch(IssueKey key, RemoteAccount account) {
        return fetchCard(key, account, "true").map(card -> TrelloCards.toIssue(card, Map.of()));
    }

    private Optional<JsonNode> fetchCard(IssueKey key, RemoteAccount account, String withList) {
        try {
            return Optional.of(rest.get("/cards/" + TrelloRest.enc(key.value()),
                    Map.of("fields", TrelloCards.FIELDS, "list", withList, "members", withList,
                            "member_fields", "id,fullName"), account));
        } catch (ConnectorException e) {
            if (e.kind() == Kind.NOT_FOUND || e.kind() == Kind.PERMISSION) {
                // A card on a board the member is not on does not exist for that member.
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Set<IssueKey> membership(ScopeQuery scope, Collection<IssueKey> keys, RemoteAccount account) {
        TrelloScope trello = TrelloScope.of(scope);
        Set<IssueKey> members = new LinkedHashSet<>();
        for (IssueKey key : new LinkedHashSet<>(keys)) {
            fetchCard(key, account, "false").filter(trello::contains).ifPresent(card -> members.add(key));
        }
        return members;
    }

    @Override
    public Map<IssueKey, Set<RemotePermission>> permissions(RemoteAccount account, Collection<IssueKey> keys) {
        Map<IssueKey, Set<RemotePermission>> result = new LinkedHashMap<>();
        Map<String, String> roleByBoard = new HashMap<>();
        for (IssueKey key : keys) {
            Optional<JsonNode> card = fetchCard(key, account, "false");
            if (card.isEmpty()) {
                result.put(key, Set.of());
                continue;
            }
            String boardId = card.get().path("idBoard").asText();
            String role = roleByBoard.computeIfAbsent(boardId, b -> roleOn(b, account));
            result.put(key, switch (role) {
                case "admin", "normal" -> Set.copyOf(EDITOR);
                case "observer" -> Set.copyOf(OBSERVER);
                default -> Set.of();
            });
        }
        return result;
    }

    private String roleOn(String boardId, RemoteAccount account) {
        for (JsonNode membership : rest.get("/boards/" + boardId + "/memberships", Map.of(), account)) {
            if (membership.path("idMember").asText().equals(account.accountId())
                    && !membership.path("deactivated").asBoolean(false)) {
                return membership.path("memberType").asText("");
            }
        }
        return "";
    }

    @Override
    public WriteResult apply(RemoteWrite write, RemoteAccount account) {
        String path = "/cards/" + TrelloRest.enc(write.key().value());
        if (write instanceof RemoteWrite.SetDates dates) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("start", TrelloDates.toTrello(dates.start()));
            body.put("due", TrelloDates.toTrello(dates.end()));
            rest.put(path, body, account);
        } else if (write instanceof RemoteWrite.MoveToIteration move) {
            if (move.target().kind() != IterationRef.Kind.LIST) {
                throw new ConnectorException(Kind.CONFIGURATION,
                        "Trello cadences are lists; cannot move a card to a " + move.target().kind());
            }
            JsonNode list = rest.get("/lists/" + TrelloRest.enc(move.target().id()), Map.of("fields", "idBoard"),
                    account);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("idList", move.target().id());
            body.put("idBoard", list.path("idBoard").asText());
            rest.put(path, body, account);
        } else if (write instanceof RemoteWrite.CreateLink || write instanceof RemoteWrite.DeleteLink) {
            throw new ConnectorException(Kind.CONFLICT, NO_LINKS);
        }
        RemoteIssue after = fetch(write.key(), account).orElseThrow(() -> new ConnectorException(Kind.NOT_FOUND,
                "Trello card " + write.key() + " is gone after the write"));
        return new WriteResult(write.writeId(), after, "");
    }

    @Override
    public WebhookDecoder webhooks() {
        return webhooks;
    }

    /**
     * Registers a Trello webhook as the technical user: Trello first sends {@code HEAD callbackUrl} and refuses
     * the webhook unless it answers 200.
     *
     * @param idModel     the board (or list, card) to watch
     * @param callbackUrl the public URL of Boxsync's Trello webhook endpoint; deliveries are signed over it
     * @return the webhook's id
     * @throws ConnectorException of kind {@link Kind#CONFIGURATION} when Trello refuses (e.g. HEAD not 200)
     */
    public String registerWebhook(String idModel, String callbackUrl, String description) {
        JsonNode hook = rest.post("/webhooks", Map.of("idModel", idModel, "callbackURL", callbackUrl,
                "description", description), settings.technicalUser());
        return hook.path("id").asText();
    }

    @Override
    public void close() {
        rest.close();
    }
}
