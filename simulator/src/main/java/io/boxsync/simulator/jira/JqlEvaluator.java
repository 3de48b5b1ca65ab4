package io.boxsync.simulator.jira;

import io.boxsync.simulator.jira.JiraSimulator.Permission;
import io.boxsync.simulator.jira.JqlAst.And;
import io.boxsync.simulator.jira.JqlAst.Clause;
import io.boxsync.simulator.jira.JqlAst.Empty;
import io.boxsync.simulator.jira.JqlAst.ListOperand;
import io.boxsync.simulator.jira.JqlAst.Node;
import io.boxsync.simulator.jira.JqlAst.Not;
import io.boxsync.simulator.jira.JqlAst.Operand;
import io.boxsync.simulator.jira.JqlAst.Or;
import io.boxsync.simulator.jira.JqlAst.Query;
import io.boxsync.simulator.jira.JqlAst.Sort;
import io.boxsync.simulator.jira.JqlAst.Value;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiles JQL into a filter and an order over the store's issues, as one account sees them. Values that do not exist
 * (or that the account cannot see) are errors, as in Jira; fields and functions outside the supported subset are
 * errors too, never silently ignored. Callers hold the store lock. Dates are read in UTC, the zone of every account.
 */
final class JqlEvaluator {
    /** The compiled query; {@code bounded} is false when it has no search restriction (only ORDER BY, or empty). */
    record Compiled(Predicate<SimIssue> filter, Comparator<SimIssue> order, boolean bounded, List<String> warnings) {
    }

    private static final Map<String, String> FIELD_ALIASES = Map.ofEntries(
            Map.entry("project", "project"), Map.entry("key", "key"), Map.entry("issuekey", "key"),
            Map.entry("id", "id"), Map.entry("issuetype", "issuetype"), Map.entry("type", "issuetype"),
            Map.entry("status", "status"), Map.entry("statuscategory", "statuscategory"),
            Map.entry("assignee", "assignee"), Map.entry("reporter", "reporter"),
            Map.entry("labels", "labels"), Map.entry("label", "labels"),
            Map.entry("component", "component"), Map.entry("components", "component"),
            Map.entry("fixversion", "fixversion"), Map.entry("fixversions", "fixversion"),
            Map.entry("sprint", "sprint"), Map.entry("cf[10020]", "sprint"),
            Map.entry("parent", "parent"), Map.entry("epic link", "epiclink"), Map.entry("cf[10014]", "epiclink"),
            Map.entry("created", "created"), Map.entry("createddate", "created"),
            Map.entry("updated", "updated"), Map.entry("updateddate", "updated"),
            Map.entry("duedate", "duedate"), Map.entry("due", "duedate"),
            Map.entry("start date", "startdate"), Map.entry("cf[10015]", "startdate"),
            Map.entry("rank", "rank"), Map.entry("cf[10019]", "rank"), Map.entry("summary", "summary"),
            Map.entry("filter", "filter"), Map.entry("savedfilter", "filter"), Map.entry("request", "filter"));
    private static final Set<String> OUTSIDE_SUBSET = Set.of("summary", "description", "text", "comment", "priority",
            "resolution", "resolved", "resolutiondate", "watcher", "watchers", "voter", "votes", "creator", "environment",
            "textfields", "level", "worklogdate", "timespent", "originalestimate", "remainingestimate",
            "attachments", "affectedversion", "lastviewed", "category", "issuelinktype", "issue.property", "cf[10016]",
            "story point estimate", "team", "subtasks", "rank");
    private static final Set<String> SET_OPERATORS = Set.of("=", "!=", "IN", "NOT IN", "IS", "IS NOT");
    private static final Set<String> ORDERED_OPERATORS = Set.of("=", "!=", "IN", "NOT IN", ">", ">=", "<", "<=");
    private static final Pattern KEY = Pattern.compile("([A-Za-z][A-Za-z0-9_]*)-(\\d+)");
    private static final Pattern RELATIVE = Pattern.compile("([-+]?)((?:\\d+[yMwdhm]\\s*)+)");
    private static final Pattern RELATIVE_PART = Pattern.compile("(\\d+)([yMwdhm])");
    private static final DateTimeFormatter DASH_MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter SLASH_MINUTES = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm");
    private static final DateTimeFormatter SLASH_DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd");

    private final JiraStore store;
    private final SimAccount viewer;
    private final Instant now;
    private final boolean lenient;
    private final List<String> warnings = new ArrayList<>();

    private JqlEvaluator(JiraStore store, SimAccount viewer, Instant now, boolean lenient) {
        this.store = store;
        this.viewer = viewer;
        this.now = now;
        this.lenient = lenient;
    }

    /** Parses and compiles; throws {@link JqlException} with Jira's wording for anything Jira would reject. */
    static Compiled compile(String jql, JiraStore store, SimAccount viewer, Instant now) {
        return compile(jql, store, viewer, now, false);
    }

    /**
     * {@code lenient} is Data Center's {@code validateQuery=warn}: values that do not exist become warnings and match
     * nothing, instead of failing the query. Syntax errors and unsupported fields still fail.
     */
    static Compiled compile(String jql, JiraStore store, SimAccount viewer, Instant now, boolean lenient) {
        Query query = JqlParser.parse(jql);
        JqlEvaluator evaluator = new JqlEvaluator(store, viewer, now, lenient);
        Predicate<SimIssue> filter = query.where() == null ? i -> true : evaluator.node(query.where());
        return new Compiled(filter, evaluator.order(query.orderBy()), query.where() != null, List.copyOf(evaluator.warnings));
    }

    /** A value that does not exist: an error, or with validateQuery=warn a warning and no match. */
    private Set<String> missing(JqlException error) {
        if (!lenient) {
            throw error;
        }
        warnings.add(error.getMessage());
        return Set.of();
    }

    private Predicate<SimIssue> node(Node node) {
        if (node instanceof And and) {
            List<Predicate<SimIssue>> parts = and.children().stream().map(this::node).toList();
            return i -> {
                for (Predicate<SimIssue> p : parts) {
                    if (!p.test(i)) {
                        return false;
                    }
                }
                return true;
            };
        }
        if (node instanceof Or or) {
            List<Predicate<SimIssue>> parts = or.children().stream().map(this::node).toList();
            return i -> {
                for (Predicate<SimIssue> p : parts) {
                    if (p.test(i)) {
                        return true;
                    }
                }
                return false;
            };
        }
        if (node instanceof Not not) {
            return node(not.child()).negate();
        }
        return clause((Clause) node);
    }

    private static String canonical(String field) {
        String lower = field.toLowerCase(Locale.ROOT).trim();
        if (OUTSIDE_SUBSET.contains(lower) && !"rank".equals(lower) && !"summary".equals(lower)) {
            throw outsideSubset(field);
        }
        String canonical = FIELD_ALIASES.get(lower);
        if (canonical == null) {
            if (lower.startsWith("cf[")) {
                throw outsideSubset(field);
            }
            throw new JqlException("Field '" + field + "' does not exist or you do not have permission to view it.");
        }
        return canonical;
    }

    private static JqlException outsideSubset(String field) {
        return new JqlException("The field '" + field + "' is outside the JQL subset that the Boxsync Jira simulator evaluates.");
    }

    private Predicate<SimIssue> clause(Clause c) {
        String field = canonical(c.field());
        return switch (field) {
            case "project" -> requiredField(c, setClause(c, i -> List.of(i.project.key), this::resolveProject, false));
            case "issuetype" -> requiredField(c, setClause(c, i -> List.of(i.issueType), v -> resolveNamed(c, v,
                    JiraCatalog.issueType(v).map(JiraCatalog.IssueType::name).orElse(null)), false));
            case "status" -> requiredField(c, setClause(c, i -> List.of(i.status), v -> resolveNamed(c, v,
                    JiraCatalog.status(v).map(JiraCatalog.Status::name).orElse(null)), false));
            case "statuscategory" -> requiredField(c, setClause(c, i -> List.of(JiraCatalog.statusOf(i).categoryKey()),
                    v -> resolveNamed(c, v, statusCategory(v)), false));
            case "assignee" -> setClause(c, i -> i.assignee == null ? List.of() : List.of(i.assignee), v -> resolveUser(c, v), false);
            case "reporter" -> setClause(c, i -> i.reporter == null ? List.of() : List.of(i.reporter), v -> resolveUser(c, v), false);
            case "labels" -> setClause(c, i -> i.labels, v -> Set.of(v), true);
            case "component" -> setClause(c, i -> i.components, v -> Set.of(v), true);
            case "fixversion" -> setClause(c, i -> ids(i.fixVersionIds), v -> resolveVersion(c, v), false);
            case "sprint" -> setClause(c, i -> ids(i.sprintIds), v -> resolveSprint(c, v), false);
            case "parent" -> setClause(c, i -> i.parentKey == null ? List.of() : List.of(i.parentKey),
                    v -> resolveIssueKey(c, v), false);
            case "epiclink" -> setClause(c, i -> i.epicLinkKey == null ? List.of() : List.of(i.epicLinkKey),
                    v -> resolveIssueKey(c, v), false);
            case "filter" -> filterClause(c);
            case "key" -> keyClause(c);
            case "id" -> orderedClause(c, i -> (Comparable) i.id, v -> parseId(c, v));
            case "created" -> dateClause(c, i -> i.created);
            case "updated" -> dateClause(c, i -> i.updated);
            case "duedate" -> dateClause(c, i -> i.dueDate == null ? null : i.dueDate.atStartOfDay().toInstant(ZoneOffset.UTC));
            case "startdate" -> dateClause(c, i -> i.startDate == null ? null : i.startDate.atStartOfDay().toInstant(ZoneOffset.UTC));
            default -> throw outsideSubset(c.field());
        };
    }

    /** Fields every issue has do not take EMPTY in Jira. */
    private static Predicate<SimIssue> requiredField(Clause c, Predicate<SimIssue> predicate) {
        boolean mentionsEmpty = c.operand() instanceof Empty
                || (c.operand() instanceof ListOperand list && list.values().stream().anyMatch(o -> o instanceof Empty));
        if (mentionsEmpty) {
            throw unsupportedOperator(new Clause(c.field(), c.operator().startsWith("IS") ? c.operator() : "is", c.operand(), c.position()));
        }
        return predicate;
    }

    // ---- set-valued fields (project, status, labels, sprint, ...) ----

    private Predicate<SimIssue> setClause(Clause c, Function<SimIssue, Collection<String>> valuesOf,
                                          Function<String, Set<String>> resolve, boolean caseInsensitive) {
        String op = c.operator();
        if (!SET_OPERATORS.contains(op)) {
            throw unsupportedOperator(c);
        }
        Function<SimIssue, Collection<String>> values = caseInsensitive
                ? i -> valuesOf.apply(i).stream().map(s -> s.toLowerCase(Locale.ROOT)).toList()
                : valuesOf;
        boolean includeEmpty = false;
        Set<String> wanted = new HashSet<>();
        List<Operand> operands = c.operand() instanceof ListOperand list ? list.values() : List.of(c.operand());
        for (Operand operand : operands) {
            if (operand instanceof Empty) {
                includeEmpty = true;
            } else {
                for (String v : resolveOperand(c, operand, resolve)) {
                    wanted.add(caseInsensitive ? v.toLowerCase(Locale.ROOT) : v);
                }
            }
        }
        boolean matchEmpty = includeEmpty;
        boolean positive = op.equals("=") || op.equals("IN") || op.equals("IS");
        if ((op.equals("IS") || op.equals("IS NOT")) && !wanted.isEmpty()) {
            throw unsupportedOperator(c);
        }
        Predicate<SimIssue> matches = i -> {
            Collection<String> have = values.apply(i);
            if (have.isEmpty()) {
                return matchEmpty;
            }
            for (String h : have) {
                if (wanted.contains(h)) {
                    return true;
                }
            }
            return false;
        };
        if (positive) {
            return matches;
        }
        // Jira's negative operators never match an empty field unless EMPTY itself is negated.
        return i -> {
            Collection<String> have = values.apply(i);
            if (have.isEmpty()) {
                return false;
            }
            for (String h : have) {
                if (wanted.contains(h)) {
                    return false;
                }
            }
            return true;
        };
    }

    private Collection<String> resolveOperand(Clause c, Operand operand, Function<String, Set<String>> resolve) {
        if (operand instanceof Value value) {
            return resolve.apply(value.text());
        }
        if (operand instanceof JqlAst.Function function) {
            return functionValues(c, function);
        }
        throw unsupportedOperator(c);
    }

    private Collection<String> functionValues(Clause c, JqlAst.Function function) {
        String name = function.name().toLowerCase(Locale.ROOT);
        String field = canonical(c.field());
        if (field.equals("sprint") && Set.of("opensprints", "closedsprints", "futuresprints").contains(name)) {
            requireListOperator(c, function);
            List<String> ids = new ArrayList<>();
            for (SimSprint sprint : store.sprints.values()) {
                boolean match = switch (name) {
                    case "opensprints" -> sprint.open();
                    case "closedsprints" -> !sprint.open();
                    default -> "future".equals(sprint.state);
                };
                if (match) {
                    ids.add(String.valueOf(sprint.id));
                }
            }
            return ids;
        }
        if ((field.equals("assignee") || field.equals("reporter")) && name.equals("currentuser")) {
            if (viewer == null) {
                throw new JqlException("Function 'currentUser' cannot be used by anonymous users.");
            }
            return List.of(viewer.accountId());
        }
        if (field.equals("fixversion") && (name.equals("releasedversions") || name.equals("unreleasedversions"))) {
            requireListOperator(c, function);
            List<String> ids = new ArrayList<>();
            for (SimVersion version : store.versions.values()) {
                boolean inProject = function.args().isEmpty() || function.args().stream().anyMatch(a -> a.equalsIgnoreCase(version.projectKey()));
                if (inProject && version.released() == name.equals("releasedversions")) {
                    ids.add(String.valueOf(version.id()));
                }
            }
            return ids;
        }
        if (field.equals("issuetype") && (name.equals("standardissuetypes") || name.equals("subtaskissuetypes"))) {
            requireListOperator(c, function);
            return JiraCatalog.ISSUE_TYPES.stream().filter(t -> t.subtask() == name.equals("subtaskissuetypes"))
                    .map(JiraCatalog.IssueType::name).toList();
        }
        throw unknownFunction(function);
    }

    private static void requireListOperator(Clause c, JqlAst.Function function) {
        if (!c.operator().equals("IN") && !c.operator().equals("NOT IN")) {
            throw new JqlException("Operator '" + c.operator().toLowerCase(Locale.ROOT) + "' does not support the list value '"
                    + function.name() + "()' for field '" + c.field() + "'.");
        }
    }

    private static JqlException unknownFunction(JqlAst.Function function) {
        return new JqlException("Unable to find JQL function '" + function.name() + "(" + String.join(", ", function.args()) + ")'.");
    }

    private static JqlException unsupportedOperator(Clause c) {
        return new JqlException("The operator '" + c.operator().toLowerCase(Locale.ROOT) + "' is not supported by the '"
                + c.field() + "' field.");
    }

    private static JqlException valueDoesNotExist(Clause c, String value) {
        return new JqlException("The value '" + value + "' does not exist for the field '" + c.field() + "'.");
    }

    private Set<String> resolveProject(String value) {
        SimProject project = store.projectByKeyOrId(value);
        if (project == null) {
            for (SimProject p : store.projects.values()) {
                if (p.name.equalsIgnoreCase(value)) {
                    project = p;
                }
            }
        }
        if (project == null || !store.can(viewer, project.key, Permission.BROWSE)) {
            return missing(new JqlException("The value '" + value + "' does not exist for the field 'project'."));
        }
        return Set.of(project.key);
    }

    private Set<String> resolveNamed(Clause c, String value, String resolved) {
        if (resolved == null) {
            return missing(valueDoesNotExist(c, value));
        }
        return Set.of(resolved);
    }

    private static String statusCategory(String value) {
        for (JiraCatalog.Status s : JiraCatalog.STATUSES) {
            if (s.categoryName().equalsIgnoreCase(value) || s.categoryKey().equalsIgnoreCase(value)
                    || String.valueOf(s.categoryId()).equals(value)) {
                return s.categoryKey();
            }
        }
        return null;
    }

    private Set<String> resolveUser(Clause c, String value) {
        SimAccount account = store.accounts.get(value);
        if (account == null) {
            for (SimAccount a : store.accounts.values()) {
                if (a.email().equalsIgnoreCase(value)) {
                    account = a;
                }
            }
        }
        if (account == null) {
            return missing(valueDoesNotExist(c, value));
        }
        return Set.of(account.accountId());
    }

    private Set<String> resolveVersion(Clause c, String value) {
        Set<String> ids = new HashSet<>();
        for (SimVersion version : store.versions.values()) {
            if ((version.name().equalsIgnoreCase(value) || String.valueOf(version.id()).equals(value))
                    && store.can(viewer, version.projectKey(), Permission.BROWSE)) {
                ids.add(String.valueOf(version.id()));
            }
        }
        if (ids.isEmpty()) {
            return missing(valueDoesNotExist(c, value));
        }
        return ids;
    }

    private Set<String> resolveSprint(Clause c, String value) {
        Set<String> ids = new HashSet<>();
        for (SimSprint sprint : store.sprints.values()) {
            if (sprint.name.equalsIgnoreCase(value) || String.valueOf(sprint.id).equals(value)) {
                ids.add(String.valueOf(sprint.id));
            }
        }
        if (ids.isEmpty()) {
            return missing(valueDoesNotExist(c, value));
        }
        return ids;
    }

    private Set<String> resolveIssueKey(Clause c, String value) {
        SimIssue issue = store.issueByKeyOrId(value);
        if (issue == null || !store.canBrowse(viewer, issue)) {
            return missing(issueDoesNotExist(c, value));
        }
        return Set.of(issue.key);
    }

    private JqlException issueDoesNotExist(Clause c, String value) {
        Matcher m = KEY.matcher(value);
        if (m.matches() && store.projectByKeyOrId(m.group(1)) == null) {
            return new JqlException("The issue key '" + value + "' for field '" + c.field() + "' is invalid.");
        }
        return new JqlException("An issue with key '" + value + "' does not exist for field '" + c.field() + "'.");
    }

    private static List<String> ids(List<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<String> result = new ArrayList<>(ids.size());
        for (Long id : ids) {
            result.add(String.valueOf(id));
        }
        return result;
    }

    // ---- saved filters (each board's filter: "project = KEY ORDER BY Rank ASC") ----

    private Predicate<SimIssue> filterClause(Clause c) {
        String op = c.operator();
        if (!Set.of("=", "!=", "IN", "NOT IN").contains(op)) {
            throw unsupportedOperator(c);
        }
        Set<String> projects = new HashSet<>();
        List<Operand> operands = c.operand() instanceof ListOperand list ? list.values() : List.of(c.operand());
        for (Operand operand : operands) {
            if (!(operand instanceof Value value)) {
                throw unsupportedOperator(c);
            }
            SimBoard board = boardOfFilter(value.text());
            if (board == null || !store.can(viewer, board.projectKey(), Permission.BROWSE)) {
                missing(new JqlException("A filter with name or id '" + value.text()
                        + "' does not exist or you do not have permission to view it."));
            } else {
                projects.add(board.projectKey());
            }
        }
        boolean positive = op.equals("=") || op.equals("IN");
        return i -> projects.contains(i.project.key) == positive;
    }

    /** The board whose saved filter has this id ({@link #filterId}) or name. */
    SimBoard boardOfFilter(String idOrName) {
        for (SimBoard board : store.boards.values()) {
            if (String.valueOf(filterId(board)).equals(idOrName) || filterName(board).equalsIgnoreCase(idOrName)) {
                return board;
            }
        }
        return null;
    }

    static long filterId(SimBoard board) {
        return 10000 + board.id();
    }

    static String filterName(SimBoard board) {
        return "Filter for " + board.name();
    }

    // ---- key and id ----

    private Predicate<SimIssue> keyClause(Clause c) {
        String op = c.operator();
        if (!ORDERED_OPERATORS.contains(op)) {
            throw unsupportedOperator(c);
        }
        if (op.startsWith(">") || op.startsWith("<")) {
            String value = singleValue(c);
            Matcher m = KEY.matcher(value);
            if (!m.matches()) {
                long id = parseId(c, value);
                return compare(op, i -> i.id, id);
            }
            SimProject project = store.projectByKeyOrId(m.group(1));
            if (project == null || !store.can(viewer, project.key, Permission.BROWSE)) {
                missing(new JqlException("The issue key '" + value + "' for field '" + c.field() + "' is invalid."));
                return i -> false;
            }
            int number = Integer.parseInt(m.group(2));
            Predicate<SimIssue> inProject = i -> i.project == project;
            return inProject.and(compare(op, i -> (long) i.number, number));
        }
        Set<String> keys = new HashSet<>();
        List<Operand> operands = c.operand() instanceof ListOperand list ? list.values() : List.of(c.operand());
        for (Operand operand : operands) {
            if (!(operand instanceof Value value)) {
                throw unsupportedOperator(c);
            }
            keys.addAll(resolveIssueKey(c, value.text()));
        }
        boolean positive = op.equals("=") || op.equals("IN");
        return positive ? i -> keys.contains(i.key) : i -> !keys.contains(i.key);
    }

    private static long parseId(Clause c, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new JqlException("The value '" + value + "' for field '" + c.field() + "' is invalid.");
        }
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private Predicate<SimIssue> orderedClause(Clause c, Function<SimIssue, Comparable> valueOf, Function<String, Comparable> parse) {
        String op = c.operator();
        if (!ORDERED_OPERATORS.contains(op)) {
            throw unsupportedOperator(c);
        }
        if (op.equals("IN") || op.equals("NOT IN") || op.equals("=") || op.equals("!=")) {
            Set<Comparable> wanted = new HashSet<>();
            List<Operand> operands = c.operand() instanceof ListOperand list ? list.values() : List.of(c.operand());
            for (Operand operand : operands) {
                if (!(operand instanceof Value value)) {
                    throw unsupportedOperator(c);
                }
                wanted.add(parse.apply(value.text()));
            }
            boolean positive = op.equals("=") || op.equals("IN");
            return i -> wanted.contains(valueOf.apply(i)) == positive;
        }
        Comparable bound = parse.apply(singleValue(c));
        return i -> {
            Comparable v = valueOf.apply(i);
            return v != null && test(op, v.compareTo(bound));
        };
    }

    private static Predicate<SimIssue> compare(String op, Function<SimIssue, Long> valueOf, long bound) {
        return i -> test(op, Long.compare(valueOf.apply(i), bound));
    }

    private static boolean test(String op, int comparison) {
        return switch (op) {
            case ">" -> comparison > 0;
            case ">=" -> comparison >= 0;
            case "<" -> comparison < 0;
            case "<=" -> comparison <= 0;
            case "=" -> comparison == 0;
            default -> comparison != 0;
        };
    }

    private static String singleValue(Clause c) {
        if (c.operand() instanceof Value value) {
            return value.text();
        }
        throw unsupportedOperator(c);
    }

    // ---- dates ----

    private Predicate<SimIssue> dateClause(Clause c, Function<SimIssue, Instant> valueOf) {
        String op = c.operator();
        if (op.equals("IS") || op.equals("IS NOT") || c.operand() instanceof Empty) {
            if (!(c.operand() instanceof Empty) || !(op.equals("IS") || op.equals("IS NOT") || op.equals("=") || op.equals("!="))) {
                throw unsupportedOperator(c);
            }
            boolean empty = op.equals("IS") || op.equals("=");
            return i -> (valueOf.apply(i) == null) == empty;
        }
        if (op.equals("~") || op.equals("!~")) {
            throw unsupportedOperator(c);
        }
        if (op.equals("IN") || op.equals("NOT IN")) {
            Set<Instant> wanted = new HashSet<>();
            for (Operand operand : ((ListOperand) c.operand()).values()) {
                wanted.add(dateValue(c, operand));
            }
            boolean positive = op.equals("IN");
            return i -> {
                Instant v = valueOf.apply(i);
                return v != null && wanted.contains(v) == positive;
            };
        }
        Instant bound = dateValue(c, c.operand());
        return i -> {
            Instant v = valueOf.apply(i);
            return v != null && test(op, v.compareTo(bound));
        };
    }

    private Instant dateValue(Clause c, Operand operand) {
        if (operand instanceof JqlAst.Function function) {
            String name = function.name().toLowerCase(Locale.ROOT);
            if (!function.args().isEmpty()) {
                throw unknownFunction(function);
            }
            return switch (name) {
                case "now" -> now;
                case "startofday" -> now.truncatedTo(ChronoUnit.DAYS);
                case "endofday" -> now.truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS).minusMillis(1);
                default -> throw unknownFunction(function);
            };
        }
        if (!(operand instanceof Value value)) {
            throw unsupportedOperator(c);
        }
        Instant parsed = parseDate(value.text(), now);
        if (parsed == null) {
            throw new JqlException("Date value '" + value.text() + "' for field '" + c.field() + "' is invalid. Valid formats include:"
                    + " 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.");
        }
        return parsed;
    }

    /** A JQL date literal as an instant (UTC), minute precise; null when it is not a JQL date. */
    static Instant parseDate(String text, Instant now) {
        String value = text.trim();
        try {
            if (value.length() == 16) {
                DateTimeFormatter f = value.charAt(4) == '/' ? SLASH_MINUTES : DASH_MINUTES;
                return LocalDateTime.parse(value, f).toInstant(ZoneOffset.UTC);
            }
            if (value.length() == 10) {
                return (value.charAt(4) == '/' ? LocalDate.parse(value, SLASH_DAY) : LocalDate.parse(value))
                        .atStartOfDay().toInstant(ZoneOffset.UTC);
            }
        } catch (DateTimeParseException e) {
            return null;
        }
        Matcher m = RELATIVE.matcher(value);
        if (!m.matches()) {
            return null;
        }
        boolean negative = "-".equals(m.group(1));
        ZonedDateTime result = now.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);
        Matcher part = RELATIVE_PART.matcher(m.group(2));
        while (part.find()) {
            long amount = Long.parseLong(part.group(1)) * (negative ? -1 : 1);
            ChronoUnit unit = switch (part.group(2)) {
                case "y" -> ChronoUnit.YEARS;
                case "M" -> ChronoUnit.MONTHS;
                case "w" -> ChronoUnit.WEEKS;
                case "d" -> ChronoUnit.DAYS;
                case "h" -> ChronoUnit.HOURS;
                default -> ChronoUnit.MINUTES;
            };
            result = result.plus(amount, unit);
        }
        return result.toInstant();
    }

    // ---- ORDER BY ----

    private Comparator<SimIssue> order(List<Sort> sorts) {
        Comparator<SimIssue> byId = Comparator.comparingLong(i -> i.id);
        if (sorts.isEmpty()) {
            return Comparator.<SimIssue, Instant>comparing(i -> i.created).reversed().thenComparing(byId.reversed());
        }
        Comparator<SimIssue> result = null;
        for (Sort sort : sorts) {
            Comparator<SimIssue> one = sortComparator(sort);
            if (!sort.ascending()) {
                one = one.reversed();
            }
            result = result == null ? one : result.thenComparing(one);
        }
        return result.thenComparing(byId);
    }

    private static Comparator<SimIssue> sortComparator(Sort sort) {
        String lower = sort.field().toLowerCase(Locale.ROOT).trim();
        String field = FIELD_ALIASES.get(lower);
        if (field == null) {
            throw new JqlException("Field '" + sort.field() + "' does not exist or you do not have permission to view it.");
        }
        return switch (field) {
            case "key" -> SimIssue::compareKeys;
            case "id" -> Comparator.comparingLong(i -> i.id);
            case "created" -> Comparator.comparing(i -> i.created);
            case "updated" -> Comparator.comparing(i -> i.updated);
            case "rank" -> Comparator.comparingLong(i -> i.rank);
            case "duedate" -> Comparator.comparing(i -> i.dueDate, Comparator.nullsLast(Comparator.naturalOrder()));
            case "startdate" -> Comparator.comparing(i -> i.startDate, Comparator.nullsLast(Comparator.naturalOrder()));
            case "summary" -> Comparator.comparing(i -> i.summary, String.CASE_INSENSITIVE_ORDER);
            case "project" -> Comparator.comparing(i -> i.project.key);
            case "status" -> Comparator.comparing(i -> i.status);
            case "issuetype" -> Comparator.comparing(i -> i.issueType);
            default -> throw new JqlException("Field '" + sort.field() + "' does not support sorting in the Boxsync Jira simulator.");
        };
    }
}
