package io.boxsync.simulator.jira;

import io.boxsync.simulator.jira.JiraSimulator.Permission;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The simulated site's data, in memory with indexes by key and id. Every method is synchronized on the store, so
 * callers that read several things (serialisers) synchronize on it too.
 */
final class JiraStore {
    /** Receives issue events while the store lock is held, so the issue is in the state the event describes. */
    interface EventSink {
        void issueEvent(String webhookEvent, String typeName, SimAccount user, SimIssue issue, SimHistory history);
    }

    static final String ADMIN_ID = "admin";
    private static final DateTimeFormatter START_DATE_DISPLAY = DateTimeFormatter.ofPattern("d/MMM/yy", Locale.ENGLISH);

    Clock clock = Clock.systemUTC();
    private EventSink sink = (e, t, u, i, h) -> { };

    final Map<String, SimAccount> accounts = new LinkedHashMap<>();
    private final Map<String, SimAccount> accountsByToken = new HashMap<>();
    private final Map<String, Map<String, EnumSet<Permission>>> grants = new HashMap<>();
    final Map<String, SimProject> projects = new LinkedHashMap<>();
    final Map<String, SimIssue> issues = new LinkedHashMap<>();
    private final Map<Long, SimIssue> issuesById = new HashMap<>();
    final Map<Long, SimBoard> boards = new LinkedHashMap<>();
    final Map<Long, SimSprint> sprints = new LinkedHashMap<>();
    final Map<Long, SimVersion> versions = new LinkedHashMap<>();
    final List<SimLinkType> linkTypes = List.of(
            new SimLinkType(10000, "Blocks", "is blocked by", "blocks"),
            new SimLinkType(10001, "Cloners", "is cloned by", "clones"),
            new SimLinkType(10002, "Duplicate", "is duplicated by", "duplicates"),
            new SimLinkType(10003, "Relates", "relates to", "relates to"));
    final Map<Long, SimLink> links = new LinkedHashMap<>();
    private final Map<String, List<SimLink>> linksByIssue = new HashMap<>();
    private final Map<String, List<String>> subtasksByParent = new HashMap<>();

    private long nextIssueId = 10000;
    private long nextProjectId = 10000;
    private long nextVersionId = 10000;
    private long nextSprintId = 1;
    private long nextBoardId = 1;
    private long nextLinkId = 10000;
    private long nextHistoryId = 10000;
    private long nextRank = 1000;
    private Instant lastUpdate = Instant.EPOCH;
    /** Bumped on every change; search results are cached per (viewer, query, modCount). */
    long modCount;

    JiraStore() {
        addAccount(ADMIN_ID, "Administrator", "admin@example.com", "admin-token", true);
    }

    synchronized void sink(EventSink sink) {
        this.sink = Objects.requireNonNull(sink);
    }

    // ---- accounts and permissions ----

    synchronized void addAccount(String accountId, String displayName, String email, String token, boolean admin) {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(token, "token");
        SimAccount previous = accounts.get(accountId);
        if (previous != null) {
            accountsByToken.remove(previous.token());
        }
        SimAccount account = new SimAccount(accountId, displayName == null ? accountId : displayName,
                email == null ? accountId + "@example.com" : email, token, admin);
        accounts.put(accountId, account);
        accountsByToken.put(token, account);
        modCount++;
    }

    synchronized SimAccount accountByToken(String token) {
        return accountsByToken.get(token);
    }

    synchronized SimAccount account(String accountId) {
        return accounts.get(accountId);
    }

    synchronized SimAccount requireAccount(String accountId) {
        if (accountId == null) {
            return null;
        }
        SimAccount account = accounts.get(accountId);
        if (account == null) {
            throw new IllegalArgumentException("No account " + accountId + "; add it with addAccount first");
        }
        return account;
    }

    synchronized void grant(String accountId, String projectKey, Permission... permissions) {
        requireAccount(accountId);
        grants.computeIfAbsent(accountId, a -> new HashMap<>())
                .computeIfAbsent(projectKey, p -> EnumSet.noneOf(Permission.class))
                .addAll(List.of(permissions));
        modCount++;
    }

    synchronized void revoke(String accountId, String projectKey, Permission... permissions) {
        EnumSet<Permission> granted = grants.getOrDefault(accountId, Map.of()).get(projectKey);
        if (granted != null) {
            List.of(permissions).forEach(granted::remove);
        }
        modCount++;
    }

    /** Whether the account (null = the system) holds the permission on the project. */
    synchronized boolean can(SimAccount account, String projectKey, Permission permission) {
        if (account == null || account.admin()) {
            return true;
        }
        EnumSet<Permission> granted = grants.getOrDefault(account.accountId(), Map.of()).get(projectKey);
        return granted != null && granted.contains(permission);
    }

    synchronized boolean canBrowse(SimAccount account, SimIssue issue) {
        return can(account, issue.project.key, Permission.BROWSE);
    }

    /** The issue by key or id as the account sees it: 404 if absent or not browsable. */
    synchronized SimIssue visibleIssue(SimAccount viewer, String keyOrId) {
        SimIssue issue = issueByKeyOrId(keyOrId);
        if (issue == null || !canBrowse(viewer, issue)) {
            throw JiraError.issueNotFound();
        }
        return issue;
    }

    synchronized SimIssue issueByKeyOrId(String keyOrId) {
        if (keyOrId == null) {
            return null;
        }
        SimIssue byKey = issues.get(keyOrId.toUpperCase(Locale.ROOT));
        if (byKey != null) {
            return byKey;
        }
        try {
            return issuesById.get(Long.parseLong(keyOrId));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    // ---- projects, boards, sprints, versions ----

    synchronized SimProject addProject(String key, String name) {
        if (key == null || !key.matches("[A-Z][A-Z0-9_]{1,9}")) {
            throw new IllegalArgumentException("A project key is 2-10 upper-case letters, digits or _ starting with a letter: " + key);
        }
        SimProject existing = projects.get(key);
        if (existing != null) {
            return existing;
        }
        SimProject project = new SimProject(nextProjectId++, key, name == null ? key : name);
        projects.put(key, project);
        long boardId = nextBoardId++;
        boards.put(boardId, new SimBoard(boardId, key + " board", key));
        modCount++;
        return project;
    }

    synchronized SimProject projectByKeyOrId(String keyOrId) {
        if (keyOrId == null) {
            return null;
        }
        SimProject byKey = projects.get(keyOrId.toUpperCase(Locale.ROOT));
        if (byKey != null) {
            return byKey;
        }
        return projects.values().stream().filter(p -> String.valueOf(p.id).equals(keyOrId)).findFirst().orElse(null);
    }

    synchronized long addSprint(long boardId, String name, String state, LocalDate start, LocalDate end) {
        if (!boards.containsKey(boardId)) {
            throw new IllegalArgumentException("No board " + boardId);
        }
        String normalisedState = state == null ? "future" : state.toLowerCase(Locale.ROOT);
        if (!List.of("future", "active", "closed").contains(normalisedState)) {
            throw new IllegalArgumentException("A sprint state is future, active or closed: " + state);
        }
        long id = nextSprintId++;
        sprints.put(id, new SimSprint(id, boardId, name, normalisedState, start, end));
        modCount++;
        return id;
    }

    synchronized long addVersion(String projectKey, String name, LocalDate releaseDate, boolean released) {
        if (!projects.containsKey(projectKey)) {
            throw new IllegalArgumentException("No project " + projectKey);
        }
        long id = nextVersionId++;
        versions.put(id, new SimVersion(id, projectKey, name, releaseDate, released));
        modCount++;
        return id;
    }

    synchronized SimVersion versionOf(String projectKey, Object idOrName) {
        String wanted = String.valueOf(idOrName);
        for (SimVersion v : versions.values()) {
            if (v.projectKey().equals(projectKey) && (String.valueOf(v.id()).equals(wanted) || v.name().equals(wanted))) {
                return v;
            }
        }
        return null;
    }

    // ---- issues ----

    synchronized SimIssue createIssue(SimAccount actor, String projectKey, String issueType, String summary,
                                      Map<String, Object> fields) {
        return createIssue(actor, projectKey, issueType, summary, fields, true);
    }

    /** {@code strict} = as the REST API validates; the control plane may also put issues into closed sprints. */
    synchronized SimIssue createIssue(SimAccount actor, String projectKey, String issueType, String summary,
                                      Map<String, Object> fields, boolean strict) {
        SimProject project = projectByKeyOrId(projectKey);
        if (project == null) {
            throw JiraError.fieldErrors(Map.of("project", "Specify a valid project ID or key"));
        }
        Map<String, String> errors = new LinkedHashMap<>();
        if (JiraCatalog.issueType(issueType).isEmpty()) {
            errors.put("issuetype", "Specify a valid issue type");
        }
        if (summary == null || summary.isBlank()) {
            errors.put("summary", "You must specify a summary of the issue.");
        }
        Map<String, Object> rest = new LinkedHashMap<>(fields == null ? Map.of() : fields);
        rest.remove("project");
        rest.remove("issuetype");
        rest.remove("summary");
        SimIssue issue = new SimIssue(nextIssueId, project, project.nextNumber,
                JiraCatalog.issueType(issueType).map(JiraCatalog.IssueType::name).orElse("Task"), summary);
        if (issue.isSubtask() && rest.get("parent") == null && errors.isEmpty()) {
            errors.put("parent", "Given parent issue does not belong to appropriate hierarchy.");
        }
        List<Runnable> setters = prepare(issue, rest, errors, strict);
        if (!errors.isEmpty()) {
            throw JiraError.fieldErrors(errors);
        }
        nextIssueId++;
        project.nextNumber++;
        Instant now = tick();
        issue.created = now;
        issue.updated = now;
        issue.reporter = actor == null ? ADMIN_ID : actor.accountId();
        issue.rank = nextRank++;
        setters.forEach(Runnable::run);
        index(issue);
        sink.issueEvent("jira:issue_created", "issue_created", actor, issue, null);
        return issue;
    }

    /** Bulk insert for seeding: no validation beyond the model, no events. */
    synchronized SimIssue insertSeeded(SimProject project, String issueType, String summary, Instant created, Instant updated,
                                       Consumer<SimIssue> init) {
        SimIssue issue = new SimIssue(nextIssueId++, project, project.nextNumber++, issueType, summary);
        issue.created = created;
        issue.updated = updated;
        issue.rank = nextRank++;
        init.accept(issue);
        index(issue);
        if (updated.isAfter(lastUpdate)) {
            lastUpdate = updated;
        }
        return issue;
    }

    private void index(SimIssue issue) {
        issues.put(issue.key, issue);
        issuesById.put(issue.id, issue);
        if (issue.parentKey != null) {
            subtasksByParent.computeIfAbsent(issue.parentKey, k -> new ArrayList<>()).add(issue.key);
        }
        modCount++;
    }

    /**
     * Changes fields; returns the history (null when nothing changed). {@code requiredEditPermission} is checked by
     * callers (HTTP); this method only validates values. Fires jira:issue_updated when something changed.
     */
    synchronized SimHistory updateIssue(SimAccount actor, SimIssue issue, Map<String, Object> fields,
                                        Map<String, Object> historyMetadata) {
        return updateIssue(actor, issue, fields, historyMetadata, true);
    }

    synchronized SimHistory updateIssue(SimAccount actor, SimIssue issue, Map<String, Object> fields,
                                        Map<String, Object> historyMetadata, boolean strict) {
        Map<String, String> errors = new LinkedHashMap<>();
        Map<String, Object> before = snapshot(issue);
        String parentBefore = issue.parentKey;
        List<Runnable> setters = prepare(issue, fields, errors, strict);
        if (!errors.isEmpty()) {
            throw JiraError.fieldErrors(errors);
        }
        setters.forEach(Runnable::run);
        List<ChangeItem> items = diff(before, issue);
        if (!Objects.equals(parentBefore, issue.parentKey)) {
            if (parentBefore != null) {
                subtasksByParent.getOrDefault(parentBefore, new ArrayList<>()).remove(issue.key);
            }
            if (issue.parentKey != null) {
                subtasksByParent.computeIfAbsent(issue.parentKey, k -> new ArrayList<>()).add(issue.key);
            }
        }
        return recordChange(actor, issue, items, historyMetadata);
    }

    private SimHistory recordChange(SimAccount actor, SimIssue issue, List<ChangeItem> items, Map<String, Object> historyMetadata) {
        if (items.isEmpty()) {
            return null;
        }
        Instant now = tick();
        issue.updated = now;
        SimHistory history = new SimHistory(nextHistoryId++, actor == null ? null : actor.accountId(), now,
                List.copyOf(items), historyMetadata == null ? null : Map.copyOf(historyMetadata));
        issue.histories.add(history);
        modCount++;
        sink.issueEvent("jira:issue_updated", "issue_updated", actor, issue, history);
        return history;
    }

    synchronized void deleteIssue(SimAccount actor, SimIssue issue, boolean deleteSubtasks) {
        List<String> children = new ArrayList<>();
        List<SimIssue> orphans = new ArrayList<>();
        for (String childKey : List.copyOf(subtasksByParent.getOrDefault(issue.key, List.of()))) {
            SimIssue child = issues.get(childKey);
            if (child != null && child.isSubtask()) {
                children.add(childKey);
            } else if (child != null) {
                orphans.add(child);
            }
        }
        if (!children.isEmpty() && !deleteSubtasks) {
            throw JiraError.badRequest("The issue has subtasks. Use the parameter deleteSubtasks=true to delete them as well.");
        }
        // Children of a deleted epic stay; they lose their parent and epic link, as in Jira.
        for (SimIssue orphan : orphans) {
            orphan.parentKey = null;
        }
        if ("Epic".equals(issue.issueType)) {
            for (SimIssue other : issues.values()) {
                if (issue.key.equals(other.epicLinkKey)) {
                    other.epicLinkKey = null;
                }
            }
        }
        for (String child : children) {
            SimIssue sub = issues.get(child);
            if (sub != null) {
                deleteIssue(actor, sub, true);
            }
        }
        for (SimLink link : List.copyOf(linksByIssue.getOrDefault(issue.key, List.of()))) {
            removeLink(link);
        }
        issues.remove(issue.key);
        issuesById.remove(issue.id);
        if (issue.parentKey != null) {
            subtasksByParent.getOrDefault(issue.parentKey, new ArrayList<>()).remove(issue.key);
        }
        subtasksByParent.remove(issue.key);
        modCount++;
        lastUpdate = clock.instant();
        sink.issueEvent("jira:issue_deleted", null, actor, issue, null);
    }

    synchronized List<SimIssue> subtasks(SimIssue parent) {
        List<SimIssue> result = new ArrayList<>();
        for (String key : subtasksByParent.getOrDefault(parent.key, List.of())) {
            SimIssue sub = issues.get(key);
            if (sub != null && sub.isSubtask()) {
                result.add(sub);
            }
        }
        return result;
    }

    synchronized List<SimLink> linksOf(SimIssue issue) {
        return linksByIssue.getOrDefault(issue.key, List.of());
    }

    synchronized SimLinkType linkType(String nameOrId) {
        for (SimLinkType type : linkTypes) {
            if (type.name().equalsIgnoreCase(nameOrId) || String.valueOf(type.id()).equals(nameOrId)) {
                return type;
            }
        }
        return null;
    }

    synchronized SimLink link(SimAccount actor, SimLinkType type, SimIssue from, SimIssue to, boolean fireEvents) {
        SimIssue outward = from;
        SimIssue inward = to;
        for (SimLink existing : linksOf(outward)) {
            if (existing.type().equals(type) && existing.fromKey().equals(outward.key) && existing.toKey().equals(inward.key)) {
                return existing;
            }
        }
        SimLink link = new SimLink(nextLinkId++, type, outward.key, inward.key);
        links.put(link.id(), link);
        linksByIssue.computeIfAbsent(outward.key, k -> new ArrayList<>()).add(link);
        linksByIssue.computeIfAbsent(inward.key, k -> new ArrayList<>()).add(link);
        modCount++;
        if (fireEvents) {
            recordChange(actor, outward, List.of(new ChangeItem("Link", "jira", null, null, null, inward.key,
                    "This issue " + type.outward() + " " + inward.key)), null);
            recordChange(actor, inward, List.of(new ChangeItem("Link", "jira", null, null, null, outward.key,
                    "This issue " + type.inward() + " " + outward.key)), null);
        }
        return link;
    }

    synchronized void unlink(SimAccount actor, SimLink link) {
        removeLink(link);
        SimIssue outward = issues.get(link.fromKey());
        SimIssue inward = issues.get(link.toKey());
        if (outward != null) {
            recordChange(actor, outward, List.of(new ChangeItem("Link", "jira", null, link.toKey(),
                    "This issue " + link.type().outward() + " " + link.toKey(), null, null)), null);
        }
        if (inward != null) {
            recordChange(actor, inward, List.of(new ChangeItem("Link", "jira", null, link.fromKey(),
                    "This issue " + link.type().inward() + " " + link.fromKey(), null, null)), null);
        }
    }

    private void removeLink(SimLink link) {
        links.remove(link.id());
        linksByIssue.getOrDefault(link.fromKey(), new ArrayList<>()).remove(link);
        linksByIssue.getOrDefault(link.toKey(), new ArrayList<>()).remove(link);
        modCount++;
    }

    synchronized Instant lastUpdate() {
        return lastUpdate;
    }

    /** A strictly increasing "now" so two changes never share an {@code updated} millisecond. */
    private Instant tick() {
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        if (!now.isAfter(lastUpdate)) {
            now = lastUpdate.plusMillis(1);
        }
        lastUpdate = now;
        return now;
    }

    // ---- field values: validation, application, changelog ----

    private List<Runnable> prepare(SimIssue issue, Map<String, Object> fields, Map<String, String> errors, boolean strict) {
        List<Runnable> setters = new ArrayList<>();
        for (Map.Entry<String, Object> entry : fields.entrySet()) {
            String field = entry.getKey();
            Object value = entry.getValue();
            try {
                setters.add(setter(issue, field, value, strict));
            } catch (IllegalArgumentException e) {
                errors.put(field, e.getMessage());
            }
        }
        return setters;
    }

    private Runnable setter(SimIssue issue, String field, Object value, boolean strict) {
        switch (field) {
            case "summary": {
                String summary = text(value);
                if (summary == null || summary.isBlank()) {
                    throw new IllegalArgumentException("You must specify a summary of the issue.");
                }
                if (summary.length() > 255) {
                    throw new IllegalArgumentException("Summary must be less than 255 characters.");
                }
                return () -> issue.summary = summary;
            }
            case "description": {
                String description = value instanceof Map ? Adf.plainText(value) : text(value);
                return () -> issue.description = description;
            }
            case "issuetype": {
                JiraCatalog.IssueType type = JiraCatalog.issueType(text(value))
                        .orElseThrow(() -> new IllegalArgumentException("Specify a valid issue type"));
                return () -> issue.issueType = type.name();
            }
            case "status": {
                JiraCatalog.Status status = JiraCatalog.status(text(value))
                        .orElseThrow(() -> new IllegalArgumentException("Status '" + text(value) + "' does not exist."));
                return () -> issue.status = status.name();
            }
            case "assignee":
            case "reporter": {
                String id = text(value);
                if (id != null && !accounts.containsKey(id)) {
                    throw new IllegalArgumentException("User '" + id + "' does not exist.");
                }
                return "assignee".equals(field) ? () -> issue.assignee = id : () -> issue.reporter = id == null ? issue.reporter : id;
            }
            case "labels": {
                List<String> labels = new ArrayList<>();
                for (Object label : list(value)) {
                    String text = text(label);
                    if (text == null || text.isBlank() || text.contains(" ")) {
                        throw new IllegalArgumentException("The label '" + text + "' contains spaces which is invalid.");
                    }
                    if (!labels.contains(text)) {
                        labels.add(text);
                    }
                }
                return () -> issue.labels = labels;
            }
            case "components": {
                List<String> names = new ArrayList<>();
                for (Object component : list(value)) {
                    String name = text(component);
                    if (name == null || name.isBlank()) {
                        throw new IllegalArgumentException("Component name is required.");
                    }
                    names.add(name);
                }
                return () -> issue.components = names;
            }
            case "fixVersions": {
                List<Long> ids = new ArrayList<>();
                for (Object version : list(value)) {
                    SimVersion resolved = versionOf(issue.project.key, text(version));
                    if (resolved == null) {
                        throw new IllegalArgumentException("Version '" + text(version) + "' is not valid");
                    }
                    ids.add(resolved.id());
                }
                return () -> issue.fixVersionIds = ids;
            }
            case "duedate": {
                LocalDate date = date(field, value);
                return () -> issue.dueDate = date;
            }
            case JiraCatalog.START_DATE: {
                LocalDate date = date(field, value);
                return () -> issue.startDate = date;
            }
            case JiraCatalog.STORY_POINTS: {
                Double points;
                if (value == null) {
                    points = null;
                } else if (value instanceof Number n) {
                    points = n.doubleValue();
                } else {
                    try {
                        points = Double.parseDouble(String.valueOf(value));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("Operation value must be a number");
                    }
                }
                return () -> issue.storyPoints = points;
            }
            case JiraCatalog.SPRINT: {
                List<Long> target = sprintTarget(issue, value, strict);
                return () -> issue.sprintIds = target;
            }
            case JiraCatalog.EPIC_LINK: {
                String epicKey = text(value);
                if (epicKey != null) {
                    SimIssue epic = issues.get(epicKey.toUpperCase(Locale.ROOT));
                    if (epic == null || !"Epic".equals(epic.issueType)) {
                        throw new IllegalArgumentException("Issue '" + epicKey + "' is not an Epic or does not exist.");
                    }
                }
                return () -> issue.epicLinkKey = epicKey == null ? null : epicKey.toUpperCase(Locale.ROOT);
            }
            case "parent": {
                String parentRef = text(value);
                SimIssue parent = parentRef == null ? null : issueByKeyOrId(parentRef);
                if (parentRef != null && (parent == null || parent == issue)) {
                    throw new IllegalArgumentException("Could not find issue by id or key.");
                }
                return () -> issue.parentKey = parent == null ? null : parent.key;
            }
            default:
                throw new IllegalArgumentException("Field '" + field + "' cannot be set. It is not on the appropriate screen, or unknown.");
        }
    }

    private List<Long> sprintTarget(SimIssue issue, Object value, boolean strict) {
        List<Long> kept = new ArrayList<>();
        for (Long id : issue.sprintIds) {
            SimSprint sprint = sprints.get(id);
            if (sprint != null && !sprint.open()) {
                kept.add(id);
            }
        }
        if (value == null) {
            return kept;
        }
        Object single = value instanceof List<?> l ? (l.isEmpty() ? null : l.get(l.size() - 1)) : value;
        if (single == null) {
            return kept;
        }
        String ref = text(single);
        SimSprint sprint;
        try {
            sprint = sprints.get(Long.parseLong(ref.replace(".0", "")));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Number value expected as the Sprint id.");
        }
        if (sprint == null) {
            throw new IllegalArgumentException("Sprint with id " + ref + " does not exist.");
        }
        if (strict && !sprint.open() && !issue.sprintIds.contains(sprint.id)) {
            throw new IllegalArgumentException("Issue can be assigned only active or future sprints.");
        }
        if (!kept.contains(sprint.id)) {
            kept.add(sprint.id);
        }
        return kept;
    }

    /** Moves issues into an open sprint, as the Agile API does. */
    synchronized void moveToSprint(SimAccount actor, SimSprint sprint, List<SimIssue> moved) {
        for (SimIssue issue : moved) {
            updateIssue(actor, issue, Map.of(JiraCatalog.SPRINT, sprint.id), null);
        }
    }

    synchronized void moveToBacklog(SimAccount actor, List<SimIssue> moved) {
        for (SimIssue issue : moved) {
            Map<String, Object> clear = new HashMap<>();
            clear.put(JiraCatalog.SPRINT, null);
            updateIssue(actor, issue, clear, null);
        }
    }

    private static LocalDate date(String field, Object value) {
        if (value == null || (value instanceof String s && s.isEmpty())) {
            return null;
        }
        if (value instanceof LocalDate d) {
            return d;
        }
        try {
            return LocalDate.parse(String.valueOf(value));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("Error parsing date string: " + value);
        }
    }

    /** A loose value as text: strings, numbers, or the id-ish entry of a Jira reference object. */
    @SuppressWarnings("unchecked")
    static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Map<?, ?> map) {
            for (String k : List.of("key", "accountId", "name", "id", "value")) {
                Object v = ((Map<String, Object>) map).get(k);
                if (v != null) {
                    return text(v);
                }
            }
            return null;
        }
        if (value instanceof Double d && d == Math.rint(d)) {
            return String.valueOf(d.longValue());
        }
        return String.valueOf(value);
    }

    private static List<?> list(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof Collection<?> c) {
            return List.copyOf(c);
        }
        if (value instanceof Object[] array) {
            return List.of(array);
        }
        return List.of(value);
    }

    private Map<String, Object> snapshot(SimIssue i) {
        Map<String, Object> s = new HashMap<>();
        s.put("summary", i.summary);
        s.put("description", i.description);
        s.put("issuetype", i.issueType);
        s.put("status", i.status);
        s.put("assignee", i.assignee);
        s.put("reporter", i.reporter);
        s.put("labels", List.copyOf(i.labels));
        s.put("components", List.copyOf(i.components));
        s.put("fixVersions", List.copyOf(i.fixVersionIds));
        s.put("duedate", i.dueDate);
        s.put(JiraCatalog.START_DATE, i.startDate);
        s.put(JiraCatalog.STORY_POINTS, i.storyPoints);
        s.put(JiraCatalog.SPRINT, List.copyOf(i.sprintIds));
        s.put(JiraCatalog.EPIC_LINK, i.epicLinkKey);
        s.put("parent", i.parentKey);
        return s;
    }

    @SuppressWarnings("unchecked")
    private List<ChangeItem> diff(Map<String, Object> before, SimIssue issue) {
        Map<String, Object> after = snapshot(issue);
        List<ChangeItem> items = new ArrayList<>();
        for (String field : List.of("summary", "description", "issuetype", "status", "assignee", "reporter", "labels",
                "components", "fixVersions", "duedate", JiraCatalog.START_DATE, JiraCatalog.STORY_POINTS,
                JiraCatalog.SPRINT, JiraCatalog.EPIC_LINK, "parent")) {
            Object from = before.get(field);
            Object to = after.get(field);
            if (Objects.equals(from, to)) {
                continue;
            }
            switch (field) {
                case "summary", "description" ->
                        items.add(new ChangeItem(field, "jira", field, null, (String) from, null, (String) to));
                case "issuetype" -> items.add(new ChangeItem(field, "jira", field,
                        JiraCatalog.issueType((String) from).map(JiraCatalog.IssueType::id).orElse(null), (String) from,
                        JiraCatalog.issueType((String) to).map(JiraCatalog.IssueType::id).orElse(null), (String) to));
                case "status" -> items.add(new ChangeItem(field, "jira", field,
                        JiraCatalog.status((String) from).map(JiraCatalog.Status::id).orElse(null), (String) from,
                        JiraCatalog.status((String) to).map(JiraCatalog.Status::id).orElse(null), (String) to));
                case "assignee", "reporter" -> items.add(new ChangeItem(field, "jira", field, (String) from,
                        displayName((String) from), (String) to, displayName((String) to)));
                case "labels" -> items.add(new ChangeItem("labels", "jira", "labels", null,
                        String.join(" ", (List<String>) from), null, String.join(" ", (List<String>) to)));
                case "components" -> multiValueItems(items, "Component", "components", (List<String>) from, (List<String>) to,
                        name -> name);
                case "fixVersions" -> multiValueItems(items, "Fix Version", "fixVersions", (List<Long>) from, (List<Long>) to,
                        id -> versions.containsKey(id) ? versions.get(id).name() : String.valueOf(id));
                case "duedate" -> items.add(new ChangeItem("duedate", "jira", "duedate", str(from),
                        from == null ? null : from + " 00:00:00.0", str(to), to == null ? null : to + " 00:00:00.0"));
                case JiraCatalog.START_DATE -> items.add(new ChangeItem("Start date", "custom", field, str(from),
                        from == null ? null : START_DATE_DISPLAY.format((LocalDate) from), str(to),
                        to == null ? null : START_DATE_DISPLAY.format((LocalDate) to)));
                case JiraCatalog.STORY_POINTS -> items.add(new ChangeItem("Story point estimate", "custom", field, null,
                        str(from), null, str(to)));
                case JiraCatalog.SPRINT -> items.add(new ChangeItem("Sprint", "custom", field,
                        emptyToNull(joinIds((List<Long>) from)), emptyToNull(sprintNames((List<Long>) from)),
                        emptyToNull(joinIds((List<Long>) to)), emptyToNull(sprintNames((List<Long>) to))));
                case JiraCatalog.EPIC_LINK -> items.add(new ChangeItem("Epic Link", "custom", field, issueId((String) from),
                        (String) from, issueId((String) to), (String) to));
                case "parent" -> items.add(new ChangeItem("IssueParentAssociation", "jira", "parent", issueId((String) from),
                        (String) from, issueId((String) to), (String) to));
                default -> { }
            }
        }
        return items;
    }

    private static <T> void multiValueItems(List<ChangeItem> items, String name, String fieldId, List<T> from, List<T> to,
                                            java.util.function.Function<T, String> display) {
        for (T removed : from) {
            if (!to.contains(removed)) {
                items.add(new ChangeItem(name, "jira", fieldId, String.valueOf(removed), display.apply(removed), null, null));
            }
        }
        for (T added : to) {
            if (!from.contains(added)) {
                items.add(new ChangeItem(name, "jira", fieldId, null, null, String.valueOf(added), display.apply(added)));
            }
        }
    }

    private String displayName(String accountId) {
        SimAccount account = accountId == null ? null : accounts.get(accountId);
        return account == null ? null : account.displayName();
    }

    private String issueId(String key) {
        SimIssue issue = key == null ? null : issues.get(key);
        return issue == null ? null : String.valueOf(issue.id);
    }

    private static String joinIds(List<Long> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    private String sprintNames(List<Long> ids) {
        return ids.stream().map(id -> sprints.containsKey(id) ? sprints.get(id).name : String.valueOf(id))
                .collect(Collectors.joining(", "));
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static String str(Object o) {
        if (o instanceof Double d && d == Math.rint(d)) {
            return String.valueOf(d.longValue());
        }
        return o == null ? null : String.valueOf(o);
    }

    /** The current values as raw Jira field ids, for assertions. */
    synchronized Map<String, Object> rawFields(SimIssue i) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("project", i.project.key);
        f.put("summary", i.summary);
        f.put("description", i.description);
        f.put("issuetype", i.issueType);
        f.put("status", i.status);
        f.put("assignee", i.assignee);
        f.put("reporter", i.reporter);
        f.put("labels", List.copyOf(i.labels));
        f.put("components", List.copyOf(i.components));
        f.put("fixVersions", i.fixVersionIds.stream().map(id -> versions.get(id).name()).toList());
        f.put("duedate", i.dueDate == null ? null : i.dueDate.toString());
        f.put(JiraCatalog.START_DATE, i.startDate == null ? null : i.startDate.toString());
        f.put(JiraCatalog.STORY_POINTS, i.storyPoints);
        f.put(JiraCatalog.SPRINT, currentSprint(i).map(s -> String.valueOf(s.id)).orElse(null));
        f.put(JiraCatalog.EPIC_LINK, i.epicLinkKey);
        f.put("parent", i.parentKey);
        f.put("created", i.created);
        f.put("updated", i.updated);
        List<String> linkTexts = new ArrayList<>();
        for (SimLink link : linksOf(i)) {
            linkTexts.add(link.fromKey().equals(i.key)
                    ? link.type().outward() + " " + link.toKey()
                    : link.type().inward() + " " + link.fromKey());
        }
        f.put("issuelinks", linkTexts);
        return f;
    }

    /** The issue's open sprint, else its last closed one. */
    synchronized Optional<SimSprint> currentSprint(SimIssue issue) {
        SimSprint last = null;
        for (Long id : issue.sprintIds) {
            SimSprint sprint = sprints.get(id);
            if (sprint != null && sprint.open()) {
                return Optional.of(sprint);
            }
            last = sprint == null ? last : sprint;
        }
        return Optional.ofNullable(last);
    }

    synchronized List<String> projectKeysBrowsableBy(SimAccount account) {
        List<String> keys = new ArrayList<>();
        for (String key : projects.keySet()) {
            if (can(account, key, Permission.BROWSE)) {
                keys.add(key);
            }
        }
        return keys;
    }
}
